#!/usr/bin/env node
// node scripts/codes/cxx-header.mjs <out.hpp>: writes the C++ header of
// web/src/codes.js (CMake runs it at build time: cmake/codes.cmake). The file
// is rewritten only when its text changes, so an edit elsewhere in codes.js
// that leaves the header alone rebuilds nothing.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { readCodeTables } from "./table.mjs";
import { renderCppHeader } from "./render.mjs";

const out = process.argv[2];
if (!out) {
  console.error("usage: node scripts/codes/cxx-header.mjs <out.hpp>");
  process.exit(2);
}
let text;
try {
  text = renderCppHeader(await readCodeTables());
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
let old = null;
try {
  old = readFileSync(out, "utf8");
} catch {
  // not made yet
}
if (old !== text) {
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, text);
}
