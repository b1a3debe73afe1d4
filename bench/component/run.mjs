// `npm run bench:component`: the <scan-login> component against the real
// server in one chromium run:
//   (a) bytes a page downloads for the component as the server serves it
//       (/component/<version>/: the bundled element with the WASM glue, and
//       the WASM module), raw, gzip -9 and as sent (brotli), per file;
//   (b) time from connecting the element to QR pixels, ours beside GenAuth's
//       own SDK (authing-js-sdk v4, wxqrcode.startScanning) pointed at the
//       same server: cold (fresh browser context, scripts not loaded yet) and
//       warm (scripts loaded, median of repeated codes);
//   (c) time from the phone's confirm to the success event over N logins:
//       our long poll beside plain polling every 800 ms (our element with
//       wait=0, the way GenAuth's SDK polls).
// Prints a table with ratios and writes bench/results/component.json.
// Only loopback is contacted (anything else is refused); every wait is bounded.
//
// Usage: node bench/component/run.mjs [--logins N] [--warm N] [--cold N] [--latency MS]
//        (after scripts/build; --latency: Chromium's network emulation holds
//        every response of the timed pages MS ms, as a real network's round
//        trip; the default 0 is loopback as it is)
// The page is on a site of its own (a node:http server on another loopback
// port), so every component and API request is cross-origin and none is
// intercepted; hosts beyond this machine go to a proxy that refuses them.
import { mkdirSync, writeFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import path from "node:path";
import { repoRoot } from "../../tests/browser/server.js";
import {
  arg,
  call,
  component,
  genAuthScript,
  genAuthVersion,
  median,
  newBenchPage,
  startBench,
} from "./harness.js";

const logins = arg("--logins", 50);
const warmRounds = arg("--warm", 20);
const coldRounds = arg("--cold", 9);
const latencyMs = arg("--latency", 0);
const deadlineMs = 10 * 60_000;

const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const percentile = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (x) => `${x.toFixed(1)} ms`;

/**
 * A cold (b) for ours; with `record`, (a) too: every response the page gets
 * for the component, read back over the DevTools protocol. Reading bodies
 * while the page works slows it, so a recording round is not timed.
 */
async function coldOurs(browser, site, target, { record = false } = {}) {
  const { context, page } = await newBenchPage(browser, site, {
    latencyMs: record ? 0 : latencyMs,
  });
  const files = new Map();
  const recordFile = async (response) => {
    const { pathname } = new URL(response.url());
    if (!pathname.startsWith(`${component}/`)) return;
    const body = await response.body().catch(() => Buffer.alloc(0));
    const sizes = await response
      .request()
      .sizes()
      .catch(() => ({ responseBodySize: body.length }));
    files.set(pathname, {
      file: pathname,
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      sent: sizes.responseBodySize,
      encoding: response.headers()["content-encoding"] ?? "identity",
    });
  };
  if (record) page.on("response", recordFile);
  const result = await call(page, "oursToPixels", {
    ...target,
    coldImport: target.host + component,
  });
  if (record) await page.waitForTimeout(200);
  await context.close();
  return { result, files: [...files.values()].sort((a, b) => a.file.localeCompare(b.file)) };
}

/** A cold (b) for GenAuth's SDK; with `record`, the bytes of its script and image (as coldOurs). */
async function coldGenAuth(browser, site, target, { record = false } = {}) {
  const { context, page } = await newBenchPage(browser, site, {
    latencyMs: record ? 0 : latencyMs,
  });
  const bytes = { script: 0, scriptGzip: 0, image: 0 };
  const recordBytes = async (response) => {
    const { pathname } = new URL(response.url());
    if (pathname === genAuthScript || pathname.startsWith("/api/v2/qrcode/image/")) {
      const body = await response.body().catch(() => Buffer.alloc(0));
      if (pathname === genAuthScript) {
        bytes.script = body.length;
        bytes.scriptGzip = gzipSync(body, { level: 9 }).length;
      } else bytes.image = body.length;
    }
  };
  if (record) page.on("response", recordBytes);
  const result = await call(page, "genAuthToPixels", {
    ...target,
    coldScript: genAuthScript,
  });
  await context.close();
  return { result, bytes };
}

const bench = await startBench();
const { browser, site, target } = bench;
const watchdog = setTimeout(() => {
  console.error(`bench:component: still running after ${deadlineMs / 60000} min; giving up`);
  process.exit(2);
}, deadlineMs);
let results;
try {
  // (a): a round of each, recorded, not timed
  const recorded = await coldOurs(browser, site, target, { record: true });
  if (!recorded.result.ok)
    throw new Error("our element showed a code that does not decode to its content");
  const files = recorded.files;
  const recordedGenAuth = await coldGenAuth(browser, site, target, { record: true });
  if (!recordedGenAuth.result.ok) throw new Error("GenAuth's SDK showed no readable code");
  const genAuthBytes = recordedGenAuth.bytes;

  // cold (b), interleaved
  const coldOursMs = [];
  const coldGenAuthMs = [];
  const coldSteps = [];
  for (let i = 0; i < coldRounds; i++) {
    const ours = await coldOurs(browser, site, target);
    if (!ours.result.ok)
      throw new Error("our element showed a code that does not decode to its content");
    coldOursMs.push(ours.result.ms);
    coldSteps.push(ours.result.steps);
    const theirs = await coldGenAuth(browser, site, target);
    if (!theirs.result.ok) throw new Error("GenAuth's SDK showed no readable code");
    coldGenAuthMs.push(theirs.result.ms);
  }
  process.stdout.write(`cold rounds: ${coldRounds}\n`);

  // warm (b): both loaded in one page, rounds interleaved
  const { context, page } = await newBenchPage(browser, site, { latencyMs });
  await call(page, "oursToPixels", { ...target, coldImport: target.host + component });
  await call(page, "genAuthToPixels", { ...target, coldScript: genAuthScript });
  const warmOursMs = [];
  const warmGenAuthMs = [];
  const warmServer = { ours: [], genAuth: [] };
  const warmSteps = [];
  for (let i = 0; i < warmRounds; i++) {
    const ours = await call(page, "oursToPixels", target);
    const theirs = await call(page, "genAuthToPixels", target);
    if (!ours.ok || !theirs.ok) throw new Error(`round ${i}: a code did not decode`);
    warmOursMs.push(ours.ms);
    warmGenAuthMs.push(theirs.ms);
    warmServer.ours.push(ours.serverMs);
    warmSteps.push(ours.steps);
    warmServer.genAuth.push(theirs.serverMs);
  }
  process.stdout.write(`warm rounds: ${warmRounds}\n`);

  // (c) logins, interleaved
  const longPollMs = [];
  const pollingMs = [];
  for (let i = 0; i < logins; i++) {
    longPollMs.push(await call(page, "confirmToSuccess", { ...target, wait: null }));
    pollingMs.push(await call(page, "confirmToSuccess", { ...target, wait: 0, interval: 800 }));
    if ((i + 1) % 10 === 0) process.stdout.write(`logins: ${i + 1}/${logins}\n`);
  }
  await context.close();
  results = {
    date: new Date().toISOString(),
    chromium: browser.version(),
    genAuth: `authing-js-sdk ${genAuthVersion}`,
    files,
    genAuthBytes,
    toPixels: {
      cold: { ours: coldOursMs, genAuth: coldGenAuthMs },
      warm: { ours: warmOursMs, genAuth: warmGenAuthMs },
      warmRequests: warmServer,
      warmSteps,
      coldSteps,
    },
    confirmToSuccess: { longPoll: longPollMs, polling800: pollingMs },
    refusedBeyondLoopback: bench.refusedBeyondLoopback(),
    latencyMs,
  };
} finally {
  clearTimeout(watchdog);
  await bench.stop();
}

mkdirSync(path.join(repoRoot, "bench/results"), { recursive: true });
writeFileSync(
  path.join(repoRoot, "bench/results/component.json"),
  JSON.stringify(results, null, 2),
);

const total = results.files.reduce(
  (t, f) => ({ raw: t.raw + f.raw, gzip: t.gzip + f.gzip, sent: t.sent + f.sent }),
  { raw: 0, gzip: 0, sent: 0 },
);
console.log("\n(a) bytes the page downloads for the component (gzip -9 computed here)");
console.log("| file | raw | gzip | as sent |\n| --- | ---: | ---: | ---: |");
for (const f of results.files) {
  console.log(`| ${f.file} | ${f.raw} B | ${f.gzip} B | ${f.sent} B (${f.encoding}) |`);
}
console.log(`| **total** | ${kb(total.raw)} | **${kb(total.gzip)}** | ${kb(total.sent)} |`);
console.log(`goal <= 40 KB gzip: ${total.gzip <= 40 * 1024 ? "met" : "NOT met"}`);
const served = new Set(results.files.map((f) => f.encoding));
console.log(`served with content-encoding: ${[...served].join(", ")}`);
const g = results.genAuthBytes;
console.log(
  `GenAuth: authing-js-sdk browser build ${kb(g.script)} raw, ${kb(g.scriptGzip)} gzip; plus the SVG image ${g.image} B per code`,
);

console.log(`connections to hosts beyond this machine, refused: ${results.refusedBeyondLoopback}`);

const { cold, warm } = results.toPixels;
console.log(
  `\n(b) element connected -> QR pixels (median)${latencyMs ? `, every response held ${latencyMs} ms (emulated)` : ""}`,
);
console.log("| case | ours | GenAuth SDK | ratio |\n| --- | ---: | ---: | ---: |");
const row = (label, o, t) =>
  console.log(
    `| ${label} | ${ms(median(o))} | ${ms(median(t))} | **${(median(t) / median(o)).toFixed(1)}x** |`,
  );
row(`cold (fresh context, script load included, ${coldRounds} runs)`, cold.ours, cold.genAuth);
row(`warm (scripts loaded, ${warmRounds} codes)`, warm.ours, warm.genAuth);
const requests = results.toPixels.warmRequests;
console.log(
  `warm: of which HTTP (resource timing, median): ours gene ${ms(median(requests.ours))}, ` +
    `GenAuth gene + SVG image ${ms(median(requests.genAuth))}; ` +
    `the rest is client work: ours ${ms(median(warm.ours) - median(requests.ours))}, ` +
    `GenAuth ${ms(median(warm.genAuth) - median(requests.genAuth))}`,
);

const step = (steps, name) => ms(median(steps.map((s) => s[name])));
const { warmSteps, coldSteps } = results.toPixels;
console.log(
  `cold, ours step by step (median, from the script's import): script arrived ${step(coldSteps, "scriptEnd")}, ` +
    `wasm arrived ${step(coldSteps, "wasmEnd")}, script run ${step(coldSteps, "importedAt")}, code request sent ${step(coldSteps, "geneStart")}, ` +
    `answered ${step(coldSteps, "geneEnd")}, load event ${step(coldSteps, "loadAt")}, pixels checked ${ms(median(cold.ours))}`,
);
console.log(
  `warm, ours step by step (median, from connecting): code request sent ${step(warmSteps, "geneStart")}, ` +
    `answered ${step(warmSteps, "geneEnd")}, load event ${step(warmSteps, "loadAt")}, pixels checked ${ms(median(warm.ours))}`,
);

const { longPoll, polling800 } = results.confirmToSuccess;
console.log(`\n(c) phone confirm -> success event, ${logins} logins each`);
console.log("| client | mean | median | p90 | max |\n| --- | ---: | ---: | ---: | ---: |");
for (const [label, xs] of [
  ["ours, long poll", longPoll],
  ["polling every 800 ms (wait=0)", polling800],
]) {
  console.log(
    `| ${label} | ${ms(mean(xs))} | ${ms(median(xs))} | ${ms(percentile(xs, 0.9))} | ${ms(Math.max(...xs))} |`,
  );
}
console.log(
  `ratio: **${(mean(polling800) / mean(longPoll)).toFixed(1)}x** (means), ` +
    `${(median(polling800) / median(longPoll)).toFixed(1)}x (medians) faster with the long poll; goal >= 10x`,
);
