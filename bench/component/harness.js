// What the component benches share (bench/component/run.mjs, profile.mjs):
// the real server, the embedding "site" on another loopback port, the proxy
// that refuses every host beyond this machine, the bench app, one Chromium,
// and the bench page's functions (page.js) called through page.evaluate.
// Nothing here measures; every wait is bounded by the caller's watchdog.
import { chromium } from "@playwright/test";
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import config from "../../playwright.config.js";
import { startServer, repoRoot } from "../../tests/browser/server.js";
import { adminCall } from "../../tests/browser/console-helpers.js";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);

const genAuthDir = path.dirname(require.resolve("authing-js-sdk/package.json"));
export const genAuthVersion = JSON.parse(
  readFileSync(path.join(genAuthDir, "package.json")),
).version;
export const genAuthScript = "/__bench__/authing.min.js";
const { version } = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
/** Where the server serves this release's component. */
export const component = `/component/${version}`;
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

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A numeric command-line option: `--name N`, else `fallback`. */
export const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};

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

/**
 * Starts the server (`--gene-rate 0`, so 100+ codes are not rate-limited),
 * the site, the refusing proxy and Chromium, and makes the bench app.
 * @returns {Promise<{server, site, browser, target: {host: string, appId: string},
 *   refusedBeyondLoopback: () => number, stop: () => Promise<void>}>}
 */
export async function startBench() {
  const server = await startServer(["--gene-rate", "0", "--qr-expires-in", "600"]);
  const site = await startSite();
  const blackhole = await startBlackhole();
  await createBenchApp(server, site.url);
  const { launchOptions } = config.use;
  const browser = await chromium.launch({
    ...launchOptions,
    args: [...(launchOptions.args ?? []), `--proxy-server=${blackhole.proxy}`],
  });
  return {
    server,
    site,
    browser,
    target: { host: server.url, appId: benchAppId },
    refusedBeyondLoopback: () => blackhole.refused(),
    async stop() {
      await browser.close();
      await server.stop();
      await site.close();
      await blackhole.close();
    },
  };
}

/**
 * A fresh context (no cache) with the bench page of the site open. With
 * `latencyMs`, Chromium's network emulation then holds every response of
 * the page that long before its headers arrive (a round trip of a real
 * network; loopback has none).
 */
export async function newBenchPage(browser, site, { latencyMs = 0 } = {}) {
  const context = await browser.newContext({ deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
  await page.goto(`${site.url}/__bench__/component.html`);
  await page.waitForFunction(() => typeof window.jsQR === "function");
  if (latencyMs > 0) {
    const cdp = await context.newCDPSession(page);
    await cdp.send("Network.enable");
    await cdp.send("Network.emulateNetworkConditions", {
      offline: false,
      latency: latencyMs,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
  }
  return { context, page };
}

/** Runs `fn` (a page.js export) in the page with `options`. */
export const call = (page, fn, options) =>
  page.evaluate(async ({ fn, options }) => (await import("/__bench__/page.js"))[fn](options), {
    fn,
    options,
  });
