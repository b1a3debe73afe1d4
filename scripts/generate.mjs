#!/usr/bin/env node
// Writes the committed files that follow from one source each:
//   web/src/codes.js            -> web/src/codes.d.ts, miniprogram/utils/codes.js,
//                                  mock-server/pages/codes.js,
//                                  the code tables of docs/server.md and docs/lifecycle.md
//   web/src/element/attributes.js -> web/src/element/attributes.d.ts, the
//                                  attribute table of docs/integration.md
//   package.json "version"      -> web/src/version.js
// (The C++ header of the codes is made in the build tree by CMake:
// scripts/codes/cxx-header.mjs.)
//
//   node scripts/generate.mjs           rewrite the files that changed (npm run generate)
//   node scripts/generate.mjs --check   change nothing; exit 1 naming each stale file
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { readCodeTables, repoRoot } from "./codes/table.mjs";
import {
  renderClientCodesTable,
  renderMiniprogramModule,
  renderPagesModule,
  renderQrStatusTable,
  renderServerCodesTable,
  renderTypings,
} from "./codes/render.mjs";
import { renderAttributeTable, renderAttributeTypings } from "./element/render.mjs";
import { renderVersionModule } from "./version/render.mjs";
import { formatLike, spliceGenerated } from "./lib/generated-files.mjs";

const at = (file) => path.join(repoRoot, file);

/** Every generated file: its path and a function giving its text. */
async function outputs() {
  const codes = await readCodeTables();
  const formatted = (file, text) => formatLike(at(file), text);
  return [
    ["web/src/codes.d.ts", () => formatted("web/src/codes.d.ts", renderTypings(codes))],
    [
      "miniprogram/utils/codes.js",
      () => formatted("miniprogram/utils/codes.js", renderMiniprogramModule(codes)),
    ],
    [
      "mock-server/pages/codes.js",
      () => formatted("mock-server/pages/codes.js", renderPagesModule(codes)),
    ],
    [
      "docs/server.md",
      () =>
        spliceGenerated(at("docs/server.md"), "server-error-codes", renderServerCodesTable(codes)),
    ],
    [
      "docs/lifecycle.md",
      () => {
        const withStatus = spliceGenerated(
          at("docs/lifecycle.md"),
          "qr-status",
          renderQrStatusTable(codes),
        );
        return spliceGenerated(
          at("docs/lifecycle.md"),
          "client-error-codes",
          renderClientCodesTable(codes),
          withStatus,
        );
      },
    ],
    [
      "docs/integration.md",
      async () =>
        spliceGenerated(
          at("docs/integration.md"),
          "element-attributes",
          await renderAttributeTable(),
        ),
    ],
    [
      "web/src/element/attributes.d.ts",
      async () => formatted("web/src/element/attributes.d.ts", await renderAttributeTypings()),
    ],
    [
      "web/src/version.js",
      () => formatted("web/src/version.js", renderVersionModule(readPackageVersion())),
    ],
  ];
}

function readPackageVersion() {
  return JSON.parse(readFileSync(at("package.json"), "utf8")).version;
}

const check = process.argv.includes("--check");
const stale = [];
let files;
try {
  // Renders everything before writing anything: a broken table changes no file.
  files = [];
  for (const [file, render] of await outputs()) files.push([file, await render()]);
} catch (e) {
  console.error(`generate: ${e.message}`);
  process.exit(1);
}
for (const [file, want] of files) {
  let have = null;
  try {
    have = readFileSync(at(file), "utf8");
  } catch {
    // missing: stale
  }
  if (have === want) continue;
  stale.push(file);
  if (!check) writeFileSync(at(file), want);
}
if (check && stale.length) {
  console.error(
    `stale generated files (run node scripts/generate.mjs and commit them):\n  ${stale.join("\n  ")}`,
  );
  process.exit(1);
}
if (!check && stale.length) console.log(`generate: wrote ${stale.join(", ")}`);
