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
// Usage: node bench/component/run.mjs [--logins N] [--warm N] [--cold N]   (after scripts/build)
// The page is on a site of its own (a node:http server on another loopback
// port), so every component and API request is cross-origin and none is
// intercepted; hosts beyond this machine go to a proxy that refuses them.
import { chromium } from "@playwright/test";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { gzipSync } from "node:zlib";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import config from "../../playwright.config.js";
import { startServer, repoRoot } from "../../tests/browser/server.js";
import { adminCall } from "../../tests/browser/console-helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const logins = arg("--logins", 50);
const warmRounds = arg("--warm", 20);
const coldRounds = arg("--cold", 9);
const deadlineMs = 10 * 60_000;

const genAuthDir = path.dirname(require.resolve("authing-js-sdk/package.json"));
const genAuthVersion = JSON.parse(readFileSync(path.join(genAuthDir, "package.json"))).version;
const genAuthScript = "/__bench__/authing.min.js";
const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
const component = `/component/${version}`;
const benchAppId = "bench";
const pageHtml = `<!doctype html><meta charset="utf-8"><title>component bench</title>
<script src="/__bench__/jsQR.js"></script><body></body>`;
const assets = {
  "/__bench__/component.html": ["text/html; charset=utf-8", () => pageHtml],
  "/__bench__/page.js": ["text/javascript", () => readFileSync(path.join(here, "page.js"))],
  "/__bench__/jsQR.js": [
    "text/javascript",
    () => readFileSync(require.resolve("jsqr/dist/jsQR.js")),
  ],
  [genAuthScript]: [
    "text/javascript",
    () => readFileSync(path.join(genAuthDir, "build/browser/index.min.js")),
  ],
};

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const percentile = (xs, p) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const ms = (x) => `${x.toFixed(1)} ms`;

/**
 * The embedding site: a node:http server on its own loopback port serving
 * the bench files (the page, jsQR, GenAuth's browser build), so the page
 * talks to the scan-login server cross-origin, as a real site does, and no
 * request is intercepted (Playwright's routing costs about 5 ms a request,
 * more than the server's whole answer).
 */
async function startSite() {
  const site = createServer((req, res) => {
    const asset = assets[new URL(req.url, "http://site").pathname];
    if (!asset) return res.writeHead(404).end("not a bench file");
    res.writeHead(200, { "content-type": asset[0], "cache-control": "no-store" });
    res.end(asset[1]());
  });
  await new Promise((resolve) => site.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${site.address().port}`,
    close: () => new Promise((resolve) => site.close(resolve)),
  };
}

/**
 * Chromium's proxy for every host but loopback (which Chromium never
 * proxies): a listener that closes each connection, so anything the SDKs
 * might reach beyond this machine fails at once and is counted.
 */
async function startBlackhole() {
  let refused = 0;
  const hole = createNetServer((socket) => {
    refused++;
    socket.destroy();
  });
  await new Promise((resolve) => hole.listen(0, "127.0.0.1", resolve));
  return {
    proxy: `http://127.0.0.1:${hole.address().port}`,
    refused: () => refused,
    close: () => new Promise((resolve) => hole.close(resolve)),
  };
}

/** The bench's app on the server: demo mode, the site's origin allowed. */
async function createBenchApp(server, siteUrl) {
  const made = await adminCall(server, "POST", "/api/v2/admin/applications", {
    appId: benchAppId,
    mode: "demo",
    allowedOrigins: [siteUrl],
    callbackUrls: [`${siteUrl}/callback`],
  });
  if (made.httpStatus !== 200) throw new Error(`could not create the bench app: ${made.message}`);
}

/** A fresh context (no cache) with the bench page of the site open. */
async function newBenchPage(browser, site) {
  const context = await browser.newContext({ deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${site.url}/__bench__/component.html`);
  await page.waitForFunction(() => typeof window.jsQR === "function");
  return { context, page };
}

/** Runs `fn` (a page.js export) in the page with `options`. */
const call = (page, fn, options) =>
  page.evaluate(async ({ fn, options }) => (await import("/__bench__/page.js"))[fn](options), {
    fn,
    options,
  });

/** (a) plus a cold (b) for ours: every response the page gets for the component. */
async function coldOurs(browser, site, target, record) {
  const { context, page } = await newBenchPage(browser, site);
  const files = new Map();
  page.on("response", async (response) => {
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
  });
  const result = await call(page, "oursToPixels", {
    ...target,
    coldImport: target.host + component,
  });
  await page.waitForTimeout(200);
  await context.close();
  if (record)
    return { result, files: [...files.values()].sort((a, b) => a.file.localeCompare(b.file)) };
  return { result };
}

async function coldGenAuth(browser, site, target) {
  const { context, page } = await newBenchPage(browser, site);
  const bytes = { script: 0, scriptGzip: 0, image: 0 };
  page.on("response", async (response) => {
    const { pathname } = new URL(response.url());
    if (pathname === genAuthScript || pathname.startsWith("/api/v2/qrcode/image/")) {
      const body = await response.body().catch(() => Buffer.alloc(0));
      if (pathname === genAuthScript) {
        bytes.script = body.length;
        bytes.scriptGzip = gzipSync(body, { level: 9 }).length;
      } else bytes.image = body.length;
    }
  });
  const result = await call(page, "genAuthToPixels", {
    ...target,
    coldScript: genAuthScript,
  });
  await context.close();
  return { result, bytes };
}

const server = await startServer(["--gene-rate", "0", "--qr-expires-in", "600"]);
const site = await startSite();
const blackhole = await startBlackhole();
await createBenchApp(server, site.url);
const target = { host: server.url, appId: benchAppId };
const launchOptions = config.use.launchOptions;
const browser = await chromium.launch({
  ...launchOptions,
  args: [...(launchOptions.args ?? []), `--proxy-server=${blackhole.proxy}`],
});
const watchdog = setTimeout(() => {
  console.error(`bench:component: still running after ${deadlineMs / 60000} min; giving up`);
  process.exit(2);
}, deadlineMs);
let results;
try {
  // (a) and cold (b)
  const coldOursMs = [];
  const coldGenAuthMs = [];
  const coldSteps = [];
  let files = [];
  let genAuthBytes = null;
  for (let i = 0; i < coldRounds; i++) {
    const ours = await coldOurs(browser, site, target, i === 0);
    if (!ours.result.ok)
      throw new Error("our element showed a code that does not decode to its content");
    if (i === 0) files = ours.files;
    coldOursMs.push(ours.result.ms);
    coldSteps.push(ours.result.steps);
    const theirs = await coldGenAuth(browser, site, target);
    if (!theirs.result.ok) throw new Error("GenAuth's SDK showed no readable code");
    genAuthBytes = theirs.bytes;
    coldGenAuthMs.push(theirs.result.ms);
  }
  process.stdout.write(`cold rounds: ${coldRounds}\n`);

  // warm (b): both loaded in one page, rounds interleaved
  const { context, page } = await newBenchPage(browser, site);
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
    refusedBeyondLoopback: blackhole.refused(),
  };
} finally {
  clearTimeout(watchdog);
  await browser.close();
  await server.stop();
  await site.close();
  await blackhole.close();
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
console.log("\n(b) element connected -> QR pixels (median)");
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
