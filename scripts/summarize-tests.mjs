// Prints one line, "tests: N passed, N failed[, N skipped] (part N, ...)", from
// ctest's JUnit files (one per preset: native.xml, sanitize.xml),
// Playwright's JSON report and jest's (`--json`, a file named *.jest.json);
// exits 1 when anything failed, a report is missing, or no test ran at all.
// Each failure is named on a line of its own ("failed: <part>: <test>")
// before that last line, so the end of a CI log says what to look at.
// Usage: node scripts/summarize-tests.mjs <ctest.xml>... <playwright.json> <x.jest.json>
import { readFileSync } from "node:fs";
import { basename } from "node:path";

let passed = 0;
let failed = 0;
let skipped = 0;
const parts = [];
const failures = [];

function readCtest(file) {
  let ran = 0;
  try {
    const xml = readFileSync(file, "utf8");
    for (const m of xml.matchAll(/<testcase\b[^>]*>/g)) {
      const status = /\bstatus="(\w+)"/.exec(m[0])?.[1];
      if (!status) continue;
      if (status === "run") (passed++, ran++);
      else if (status === "notrun" || status === "disabled") skipped++;
      else {
        failed++;
        ran++;
        failures.push(`ctest ${basename(file, ".xml")}: ${/\bname="([^"]*)"/.exec(m[0])?.[1]}`);
      }
    }
  } catch (e) {
    console.error(`no ctest report (${file}): ${e.message}`);
    failed++;
  }
  parts.push(`ctest ${basename(file, ".xml")} ${ran}`);
}

function readPlaywright(file) {
  try {
    const report = JSON.parse(readFileSync(file, "utf8"));
    const s = report.stats;
    passed += s.expected + s.flaky;
    failed += s.unexpected;
    skipped += s.skipped;
    if (report.errors?.length) failed += report.errors.length;
    for (const error of report.errors ?? []) {
      failures.push(`playwright: ${String(error.message ?? error).split("\n")[0]}`);
    }
    const walk = (suite) => {
      for (const spec of suite.specs ?? []) {
        for (const test of spec.tests ?? []) {
          if (test.status === "unexpected")
            failures.push(`playwright: ${spec.file} › ${spec.title}`);
        }
      }
      for (const child of suite.suites ?? []) walk(child);
    };
    for (const suite of report.suites ?? []) walk(suite);
    parts.push(`playwright ${s.expected + s.flaky + s.unexpected}`);
  } catch (e) {
    console.error(`no Playwright report (${file}): ${e.message}`);
    failed++;
  }
}

function readJest(file) {
  try {
    const report = JSON.parse(readFileSync(file, "utf8"));
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    // A test file that could not run (a syntax error, a failing beforeAll
    // outside any test) counts as one failure.
    failed += report.numRuntimeErrorTestSuites;
    for (const suite of report.testResults ?? []) {
      if (suite.status === "failed" && !suite.assertionResults?.length) {
        failures.push(`jest: ${suite.name}: ${String(suite.message).split("\n")[0]}`);
      }
      for (const assertion of suite.assertionResults ?? []) {
        if (assertion.status === "failed") failures.push(`jest: ${assertion.fullName}`);
      }
    }
    parts.push(`jest ${report.numPassedTests + report.numFailedTests}`);
  } catch (e) {
    console.error(`no jest report (${file}): ${e.message}`);
    failed++;
  }
}

for (const file of process.argv.slice(2)) {
  if (file.endsWith(".jest.json")) readJest(file);
  else if (file.endsWith(".json")) readPlaywright(file);
  else readCtest(file);
}

for (const failure of failures) console.log(`failed: ${failure}`);
console.log(
  `tests: ${passed} passed, ${failed} failed` +
    (skipped ? `, ${skipped} skipped` : "") +
    ` (${parts.join(", ")})`,
);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
