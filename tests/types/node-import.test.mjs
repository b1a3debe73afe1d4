// Server-side rendering: a site's server code imports the package's entry
// points in plain Node (no DOM). Each import must succeed, export what its
// declarations say, and touch no global: the element registers itself only
// where customElements exists. Each entry point is imported in a fresh Node
// process, so one cannot hide another's failure; the names go through the
// package's exports map (Node's self-reference, as `npm run types:check`
// resolves them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

const entryPoints = {
  "scan-login": [
    "ErrorCode",
    "POPUP_MESSAGE_TYPE",
    "QrStatus",
    "SDK_VERSION",
    "ScanLoginClient",
    "ScanLoginError",
    "SdkErrorCode",
  ],
  "scan-login/sdk": [
    "ErrorCode",
    "POPUP_MESSAGE_TYPE",
    "QrStatus",
    "SDK_VERSION",
    "ScanLoginClient",
    "ScanLoginError",
    "SdkErrorCode",
  ],
  "scan-login/codes": ["ErrorCode", "QrStatus", "SUCCESS_CODE", "SdkErrorCode"],
  "scan-login/element": ["ScanLoginElement", "TAG_NAME"],
  "scan-login/qr": ["drawQr"],
  "scan-login/react": ["ScanLogin"],
  "scan-login/vue": ["ScanLogin"],
  // Not exported by the package, but what define.js is built from.
  "./web/src/element/index.js": [
    "LANGUAGES",
    "LOAD_FAILED",
    "ScanLoginElement",
    "TAG_NAME",
    "loadLoginCore",
    "resolveLanguage",
    "textsFor",
  ],
};

// The wrappers' frameworks (devDependencies here): imported before the globals
// are counted, as Vue adds its own (__VUE_HMR_RUNTIME__, …) on import.
const frameworks = { "scan-login/react": "react", "scan-login/vue": "vue" };

/** Imports `specifier` in a new Node process; its exports' names and types, and new globals. */
function importInNode(specifier) {
  const framework = frameworks[specifier];
  const script = `
    ${framework ? `await import(${JSON.stringify(framework)});` : ""}
    const before = new Set(Object.getOwnPropertyNames(globalThis));
    const module = await import(${JSON.stringify(specifier)});
    const exports = Object.fromEntries(Object.entries(module).map(([k, v]) => [k, typeof v]));
    const added = Object.getOwnPropertyNames(globalThis).filter((name) => !before.has(name));
    console.log(JSON.stringify({ exports, added }));
  `;
  const output = execFileSync(process.execPath, ["--input-type=module", "--eval", script], {
    cwd: repoRoot,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
  });
  return JSON.parse(output.trim().split("\n").pop());
}

for (const [specifier, names] of Object.entries(entryPoints)) {
  test(`import "${specifier}" in Node: no throw, its exports, no new globals`, () => {
    let result;
    try {
      result = importInNode(specifier);
    } catch (e) {
      assert.fail(`import "${specifier}" threw in Node:\n${e.stderr || e.message}`);
    }
    assert.deepEqual(Object.keys(result.exports).sort(), [...names].sort());
    assert.deepEqual(result.added, []);
  });
}

test("in Node the element class exists and the tag is its name", async () => {
  assert.equal(globalThis.HTMLElement, undefined, "this test needs a Node without a DOM");
  const { ScanLoginElement, TAG_NAME } = await import("scan-login/element");
  assert.equal(TAG_NAME, "scan-login");
  assert.equal(typeof ScanLoginElement, "function");
  assert.deepEqual(ScanLoginElement.observedAttributes.slice(0, 2), ["app-id", "host"]);
  assert.equal(globalThis.customElements, undefined);
});
