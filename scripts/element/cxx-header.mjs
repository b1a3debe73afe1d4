#!/usr/bin/env node
// node scripts/element/cxx-header.mjs <out.hpp>: writes the C++ header of the
// number attributes' defaults and ranges from web/src/element/attributes.js
// (CMake runs it at build time: cmake/generated_headers.cmake), only when its
// text changes.
import { writeIfChanged } from "../lib/generated-files.mjs";
import { renderAttributeHeader } from "./render.mjs";

const out = process.argv[2];
if (!out) {
  console.error("usage: node scripts/element/cxx-header.mjs <out.hpp>");
  process.exit(2);
}
try {
  writeIfChanged(out, await renderAttributeHeader());
} catch (e) {
  console.error(e.message);
  process.exit(1);
}
