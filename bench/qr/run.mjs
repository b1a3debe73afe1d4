// `npm run bench:qr`: our WASM QR core against the npm packages `qrcode` and
// `qrcode-generator`, all encoding and drawing the same texts at level H in
// one chromium page served by the real server; then the shipped size of our
// glue + wasm. Prints a table and ratios; writes bench/results/qr.json.
//
// Usage: node bench/qr/run.mjs [--rounds N] [--min-ms MS]   (after scripts/build)
import { chromium } from "@playwright/test";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { gzipSync, brotliCompressSync, constants as zlib } from "node:zlib";
import path from "node:path";
import { fileURLToPath } from "node:url";
import config from "../../playwright.config.js";
import { startServer, repoRoot } from "../../tests/browser/server.js";
import { bundleCommonJs } from "./cjs-bundle.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const rounds = arg("--rounds", 5);
const minMs = arg("--min-ms", 200);

const longUrl = (() => {
  let url = "https://login.example.com/m/AbCdEf0123456789-_xyz?app_id=5f0c7a1e9d2b&redirect_uri=";
  url += encodeURIComponent("https://www.example.org/callback?next=/dashboard&lang=zh-CN");
  for (let i = 0; url.length < 300; i++) url += `&k${i}=Value${i}`;
  return url.slice(0, 300);
})();
const texts = {
  "login URL (66 B)": "https://login.example.com/m/Xk3vQ9pLm2Rt7wZa1bYc?app_id=5f0c7a1e9d2b",
  "short (13 B)": "Hello, world!",
  "URL (300 B)": longUrl,
  "Chinese (27 chars)": "扫码登录：请在手机上确认本次登录。中文测试，二维码。",
};

const pageHtml = `<!doctype html><meta charset="utf-8"><title>QR bench</title>
<script type="module" src="/__bench__/page.js"></script><body></body>`;
const assets = {
  "/__bench__/qr.html": ["text/html; charset=utf-8", () => pageHtml],
  "/__bench__/page.js": ["text/javascript", () => readFileSync(path.join(here, "page.js"))],
  "/__bench__/qrcode.mjs": [
    "text/javascript",
    () => bundleCommonJs(path.join(repoRoot, "node_modules/qrcode/lib/browser.js")),
  ],
  "/__bench__/qrcode-generator.mjs": [
    "text/javascript",
    () => readFileSync(path.join(repoRoot, "node_modules/qrcode-generator/dist/qrcode.mjs")),
  ],
};

function sizes() {
  const dist = path.join(repoRoot, "build/wasm/dist");
  const files = ["scan-login-qr.js", "scan-login-qr.wasm"].map((name) => {
    const bytes = readFileSync(path.join(dist, name));
    return {
      name,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
  const total = { name: "total", raw: 0, gzip: 0, brotli: 0 };
  for (const f of files) for (const k of ["raw", "gzip", "brotli"]) total[k] += f[k];
  return [...files, total];
}

const server = await startServer();
const browser = await chromium.launch(config.use.launchOptions);
let results;
try {
  const page = await browser.newPage({ deviceScaleFactor: 1 });
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  await page.route(`${server.url}/__bench__/**`, (route) => {
    const asset = assets[new URL(route.request().url()).pathname];
    if (!asset) return route.fulfill({ status: 404, body: "not a bench file" });
    return route.fulfill({ contentType: asset[0], body: asset[1]() });
  });
  await page.goto(`${server.url}/__bench__/qr.html`);
  await page.waitForFunction(() => window.benchReady === true);
  const times = await page.evaluate((c) => window.runBench(c), {
    texts,
    rounds,
    minMs,
    minIterations: 20,
  });
  const chromiumVersion = browser.version();
  results = { date: new Date().toISOString(), chromium: chromiumVersion, rounds, minMs, times };
} finally {
  await browser.close();
  await server.stop();
}

const fmt = (ms) => (ms >= 1 ? ms.toFixed(2) : ms.toFixed(3)) + " ms";
const labels = Object.keys(texts);
const rows = [["", ...labels]];
for (const [name, byText] of Object.entries(results.times)) {
  rows.push([name, ...labels.map((l) => fmt(byText[l]))]);
}
for (const peer of ["qrcode", "qrcode-generator"]) {
  rows.push([
    `wasm is faster than ${peer} by`,
    ...labels.map((l) => `${(results.times[peer][l] / results.times.wasm[l]).toFixed(1)}x`),
  ]);
}
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
console.log(
  `\nQR encode + draw, level H, 256 CSS px canvas at ratio 1, chromium ${results.chromium}`,
);
console.log(`(median of ${rounds} rounds, each >= ${minMs} ms; time per code)\n`);
for (const r of rows) console.log(r.map((cell, c) => cell.padEnd(widths[c])).join("  "));

const geo = (peer) => {
  const logs = labels.map((l) => Math.log(results.times[peer][l] / results.times.wasm[l]));
  return Math.exp(logs.reduce((a, b) => a + b, 0) / logs.length);
};
results.ratios = { qrcode: geo("qrcode"), "qrcode-generator": geo("qrcode-generator") };
console.log(
  `\ngeometric mean: ${results.ratios.qrcode.toFixed(1)}x faster than qrcode (goal >= 5x), ` +
    `${results.ratios["qrcode-generator"].toFixed(1)}x faster than qrcode-generator`,
);

results.sizes = sizes();
console.log("\nshipped size (build/wasm/dist)");
for (const s of results.sizes) {
  console.log(
    `  ${s.name.padEnd(20)} raw ${String(s.raw).padStart(6)} B  gzip ${String(s.gzip).padStart(6)} B  brotli ${String(s.brotli).padStart(6)} B`,
  );
}
const total = results.sizes.at(-1);
console.log(
  `  wasm + glue gzip: ${(total.gzip / 1024).toFixed(1)} KiB (goal <= 20 KB: ${total.gzip <= 20_000 ? "met" : "NOT met"})`,
);

mkdirSync(path.join(repoRoot, "bench/results"), { recursive: true });
writeFileSync(
  path.join(repoRoot, "bench/results/qr.json"),
  JSON.stringify(results, null, 2) + "\n",
);
console.log("\nwrote bench/results/qr.json");
