// Prints one line, "tests: N passed, N failed[, N skipped]", from ctest's JUnit
// file and Playwright's JSON report; exits 1 when anything failed, a report is
// missing, or no test ran at all.
import { readFileSync } from "node:fs";

const [ctestXml, playwrightJson] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;

try {
  const xml = readFileSync(ctestXml, "utf8");
  for (const m of xml.matchAll(/<testcase\b[^>]*\bstatus="(\w+)"/g)) {
    if (m[1] === "run") passed++;
    else if (m[1] === "notrun" || m[1] === "disabled") skipped++;
    else failed++;
  }
} catch (e) {
  console.error(`no ctest report (${ctestXml}): ${e.message}`);
  failed++;
}

try {
  const report = JSON.parse(readFileSync(playwrightJson, "utf8"));
  const s = report.stats;
  passed += s.expected + s.flaky;
  failed += s.unexpected;
  skipped += s.skipped;
  if (report.errors?.length) failed += report.errors.length;
} catch (e) {
  console.error(`no Playwright report (${playwrightJson}): ${e.message}`);
  failed++;
}

console.log(`tests: ${passed} passed, ${failed} failed` + (skipped ? `, ${skipped} skipped` : ""));
process.exit(failed > 0 || passed === 0 ? 1 : 0);
