// One source for each shared fact: the status and error codes
// (web/src/codes.js), the element's attributes (web/src/element/attributes.js)
// and the version (package.json). Everything made from them must be current,
// and a table that breaks its rules (a number with two meanings, an entry
// without its meaning) must be refused, naming the entry.
//
//   SCAN_LOGIN_BUILD_DIR=build/native node --test tests/codes/one-source.test.mjs
// The C++ headers CMake made in that build folder (ctest passes its own;
// default build/native) are checked too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { codesFile, readCodeTables, repoRoot } from "../../scripts/codes/table.mjs";
import { renderCppHeader } from "../../scripts/codes/render.mjs";
import {
  attributesFile,
  renderAttributeHeader,
  renderAttributeTypings,
} from "../../scripts/element/render.mjs";

const buildDir = path.resolve(repoRoot, process.env.SCAN_LOGIN_BUILD_DIR || "build/native");
const packageVersion = JSON.parse(readFileSync(path.join(repoRoot, "package.json"))).version;

/** Runs `fn(file)` on a copy of `source` (in its own folder) edited by `edit`. */
async function withEditedCopy(source, edit, fn) {
  const dir = mkdtempSync(path.join(tmpdir(), "scan-login-one-source-"));
  try {
    const file = path.join(dir, path.basename(source));
    const text = readFileSync(source, "utf8");
    const edited = edit(text);
    assert.notEqual(edited, text, "the edit must change the copy");
    writeFileSync(file, edited);
    // The attribute table's copy imports nothing; the codes' neither.
    return await fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test("the committed generated files are current (node scripts/generate.mjs --check)", () => {
  try {
    execFileSync(process.execPath, ["scripts/generate.mjs", "--check"], {
      cwd: repoRoot,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
  } catch (e) {
    assert.fail(e.stderr || e.message);
  }
});

test("the codes: each number one meaning, each entry documented", async () => {
  const tables = await readCodeTables();
  for (const entries of [tables.qrStatus, tables.errors, tables.sdkErrors]) {
    const values = entries.map((e) => e.value);
    assert.equal(new Set(values).size, values.length);
    for (const entry of entries) assert.notEqual(entry.doc, "", entry.name);
  }
  // What the protocol fixes (PROTOCOL.md): GenAuth's statuses.
  assert.deepEqual(Object.fromEntries(tables.qrStatus.map((e) => [e.name, e.value])), {
    expired: -1,
    waiting: 0,
    scanned: 1,
    confirmed: 2,
    cancelled: 3,
  });
});

test("a number given to two codes is refused, naming both", async () => {
  await withEditedCopy(
    codesFile,
    (text) => text.replace("codesLost: 1006,", "codesLost: 1005,"),
    (file) =>
      assert.rejects(
        readCodeTables(file),
        /ErrorCode\.codesLost = 1005: already the number of ErrorCode\.redirectRefused/,
      ),
  );
});

test("a name given twice, an undocumented code and a code outside its ranges are refused", async () => {
  await withEditedCopy(
    codesFile,
    (text) =>
      text.replace(
        "  drawFailed: 1007,",
        "  drawFailed: 1007,\n  /** again */\n  drawFailed: 1008,",
      ),
    (file) => assert.rejects(readCodeTables(file), /ErrorCode\.drawFailed is given twice/),
  );
  await withEditedCopy(
    codesFile,
    (text) => text.replace("  drawFailed: 1007,", "  drawFailed: 1007,\n  newOne: 1008,"),
    (file) =>
      assert.rejects(
        readCodeTables(file),
        /ErrorCode\.newOne: needs a \/\*\* meaning \*\/ comment/,
      ),
  );
  await withEditedCopy(
    codesFile,
    (text) =>
      text.replace(
        "  drawFailed: 1007,",
        "  drawFailed: 1007,\n  /** no such HTTP status */\n  oddOne: 44401,",
      ),
    (file) =>
      assert.rejects(
        readCodeTables(file),
        /ErrorCode\.oddOne = 44401: a client code is 1000\.\.1999/,
      ),
  );
});

test("the C++ headers in the build tree are the ones web/src/codes.js and attributes.js give", async () => {
  const header = path.join(buildDir, "generated/scan_login/codes.hpp");
  const want = renderCppHeader(await readCodeTables());
  assert.equal(readFileSync(header, "utf8"), want, `${header} is stale: rebuild (cmake --build)`);
  const limits = path.join(buildDir, "generated/scan_login/element_attributes.hpp");
  assert.equal(
    readFileSync(limits, "utf8"),
    await renderAttributeHeader(),
    `${limits} is stale: rebuild (cmake --build)`,
  );
});

test("the version is package.json's everywhere", async () => {
  const { VERSION } = await import("../../web/src/version.js");
  const { SDK_VERSION } = await import("../../web/src/sdk/index.js");
  assert.equal(VERSION, packageVersion);
  assert.equal(SDK_VERSION, packageVersion);
  const header = readFileSync(path.join(buildDir, "generated/scan_login/version.hpp"), "utf8");
  assert.ok(header.includes(`package_version = "${packageVersion}";`), header);
});

test("the element observes and reflects exactly the table's attributes", async () => {
  const { ATTRIBUTES } = await import("../../web/src/element/attributes.js");
  const { ScanLoginElement } = await import("../../web/src/element/scan-login-element.js");
  assert.deepEqual(ScanLoginElement.observedAttributes, Object.keys(ATTRIBUTES));
  for (const [name, { property }] of Object.entries(ATTRIBUTES)) {
    if (property === null) continue;
    const accessor = Object.getOwnPropertyDescriptor(ScanLoginElement.prototype, property);
    assert.ok(accessor?.get && accessor?.set, `${name}: no ${property} get/set on the element`);
  }
});

test("an attribute table that breaks its rules is refused, naming the entry", async () => {
  await withEditedCopy(
    attributesFile,
    (text) => text.replace('"app-id": { property: "appId"', '"app-id": { property: "host"'),
    (file) =>
      assert.rejects(
        renderAttributeTypings(file),
        /ATTRIBUTES\["host"\]\.property host is another attribute's/,
      ),
  );
  await withEditedCopy(
    attributesFile,
    (text) => text.replace('onChange: "layout"', 'onChange: "resize"'),
    (file) =>
      assert.rejects(
        renderAttributeTypings(file),
        /ATTRIBUTES\["size"\]\.onChange: one of restart, layout, render/,
      ),
  );
});
