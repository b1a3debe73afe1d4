#!/usr/bin/env node
// node scripts/codes/cxx-header.mjs <out.hpp>: writes the C++ header of
// web/src/codes.js (CMake runs it at build time: cmake/generated_headers.cmake).
// The file is rewritten only when its text changes, so an edit of codes.js
// that leaves the header alone rebuilds nothing.
import { writeIfChanged } from "../lib/generated-files.mjs";
import { readCodeTables } from "./table.mjs";
import { renderCppHeader } from "./render.mjs";

const out = process.argv[2];
if (!out) {
  console.error("usage: node scripts/codes/cxx-header.mjs <out.hpp>");
  process.exit(2);
}
try {
  writeIfChanged(out, renderCppHeader(await readCodeTables()));
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
