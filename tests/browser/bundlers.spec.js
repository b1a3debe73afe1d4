// The npm package in the sites that bundle it (tests/bundlers): Vite,
// webpack 5 and esbuild (with the one setting docs/integration.md gives for
// the .wasm) bundle the element, Vite the React and Vue wrappers, and Vite's
// dev server serves the element's site as `vite` would; each site, on a
// loopback origin of its own, logs in in chromium against the real server,
// the phone played over HTTP. Each worker packs the package and builds
// every site once (about 2 s), into folders of its own.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test as base, expect } from "./fixtures.js";
import { repoRoot } from "./server.js";
import { Phone, codeFromQr, waitForQr } from "./phone.js";
import { serveFolder } from "./static-site.js";
import { buildSites, sites as siteBuilds, startViteDev } from "../bundlers/build.mjs";

const test = base.extend({
  // The packed package, as its tarball unpacks: <folder>/package.
  packageDir: [
    async ({}, use) => {
      const dir = mkdtempSync(path.join(tmpdir(), "scan-login-bundlers-"));
      try {
        const output = execFileSync(path.join(repoRoot, "scripts/pack"), [`${dir}/pack/package`], {
          cwd: repoRoot,
          encoding: "utf8",
        });
        execFileSync("tar", ["xzf", output.trim().split("\n").pop(), "-C", dir]);
        await use(path.join(dir, "package"));
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: "worker" },
  ],
  // Every built site, served at <url>/<name>/.
  sites: [
    async ({ packageDir }, use) => {
      const outDir = mkdtempSync(path.join(tmpdir(), "scan-login-sites-"));
      try {
        await buildSites(Object.keys(siteBuilds), { packageDir, outDir });
        const site = await serveFolder(outDir);
        try {
          await use(site);
        } finally {
          await site.close();
        }
      } finally {
        rmSync(outDir, { recursive: true, force: true });
      }
    },
    { scope: "worker" },
  ],
  // The element's site under Vite's dev server.
  viteDev: [
    async ({ packageDir }, use) => {
      const dev = await startViteDev({ packageDir });
      try {
        await use(dev);
      } finally {
        await dev.close();
      }
    },
    { scope: "worker" },
  ],
  // The demo app, also allowing the sites' origins (CORS and the browser exchange).
  serverArgs: [
    async ({ sites, viteDev }, use) => {
      const config = JSON.parse(
        readFileSync(path.join(repoRoot, "mock-server/config/default.json")),
      );
      config.apps[0].allowedOrigins.push(sites.url, new URL(viteDev.url).origin);
      const dir = mkdtempSync(path.join(tmpdir(), "scan-login-bundlers-config-"));
      const file = path.join(dir, "config.json");
      writeFileSync(file, JSON.stringify(config));
      try {
        await use(["--config", file, "--gene-rate", "0"]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    { scope: "worker" },
  ],
});

/** Opens the site at `siteUrl` with the server as its host; records the .wasm and server requests. */
async function openSite(page, siteUrl, server) {
  const wasm = [];
  const toServer = [];
  page.on("response", (response) => {
    const url = new URL(response.url());
    if (url.pathname.endsWith(".wasm")) {
      wasm.push({
        url: url.href,
        status: response.status(),
        type: response.headers()["content-type"],
      });
    }
    if (url.origin === server.url) toServer.push(url.pathname);
  });
  await page.goto(`${siteUrl}?host=${encodeURIComponent(server.url)}`);
  return { wasm, toServer };
}

let logins = 0;

/** Scans the code the page shows and confirms it as `nickname`; returns the phone number used. */
async function scanAndConfirm(page, server, nickname, status) {
  const phoneNumber = `1380013${String(++logins).padStart(4, "0")}`;
  const phone = new Phone(server.url, { nickname });
  await phone.scan(codeFromQr(await waitForQr(page.locator("scan-login canvas"))));
  await expect(status).toHaveText(`Scanned by ${nickname}`);
  await phone.confirm({ phone: phoneNumber });
  return phoneNumber;
}

for (const name of ["vite", "webpack", "esbuild"]) {
  test(`a site bundled by ${name} logs in with the package's element`, async ({
    page,
    sites,
    server,
  }) => {
    const { wasm, toServer } = await openSite(page, `${sites.url}/${name}/`, server);
    const status = page.locator("#status");
    const number = await scanAndConfirm(page, server, `Ada ${name}`, status);
    await expect(status).toHaveText(`Welcome, Ada ${name} (${number})`);
    expect(await page.evaluate(() => window.events)).toEqual(["load", "scanned", "success"]);
    // The .wasm came from the site's own output (emitted or copied by the
    // build), once, as WebAssembly; only the API went to the server.
    expect(wasm).toEqual([
      {
        url: expect.stringMatching(new RegExp(`^${sites.url}/${name}/[^?]*\\.wasm$`)),
        status: 200,
        type: "application/wasm",
      },
    ]);
    expect(toServer.filter((p) => !p.startsWith("/api/"))).toEqual([]);
  });
}

test("a site under Vite's dev server logs in with the package's element", async ({
  page,
  viteDev,
  server,
}) => {
  const { wasm } = await openSite(page, viteDev.url, server);
  const status = page.locator("#status");
  const number = await scanAndConfirm(page, server, "Ada vite-dev", status);
  await expect(status).toHaveText(`Welcome, Ada vite-dev (${number})`);
  // Served from the package in node_modules (the optimizer keeps the URL right).
  expect(wasm).toEqual([
    {
      url: expect.stringMatching(/\/node_modules\/scan-login\/wasm\/scan-login-core\.wasm$/),
      status: 200,
      type: "application/wasm",
    },
  ]);
});

test("esbuild without the setting: error 1000 says to serve the .wasm and where the docs are", async ({
  page,
  sites,
  server,
}) => {
  const { wasm } = await openSite(page, `${sites.url}/esbuild-without-wasm/`, server);
  const status = page.locator("#status");
  await expect(status).toHaveText(/^Error 1000: /);
  const message = (await status.textContent()).slice("Error 1000: ".length);
  expect(message).toContain("scan-login-core.wasm");
  expect(message).toContain("with esbuild");
  expect(message).toContain('docs/integration.md, "Bundlers"');
  expect(message).toContain("the .wasm could not be fetched");
  // Emscripten's own advice (rebuild with assertions) is not the site's to follow.
  expect(message).not.toMatch(/ASSERTIONS|Aborted\(/);
  expect(wasm.map((w) => w.status)).toContain(404);
  expect(await page.evaluate(() => window.events)).toEqual(["error"]);
});

test("esbuild bundling a classic script: error 1000 says to bundle an ES module", async ({
  page,
  sites,
  server,
}) => {
  await openSite(page, `${sites.url}/esbuild-classic/`, server);
  const status = page.locator("#status");
  await expect(status).toHaveText(/^Error 1000: /);
  expect(await status.textContent()).toContain("no import.meta.url");
  expect(await status.textContent()).toContain('format "esm"');
});

for (const name of ["react", "vue"]) {
  test(`a ${name} site (bundled by Vite) logs in with scan-login/${name}`, async ({
    page,
    sites,
    server,
  }) => {
    await openSite(page, `${sites.url}/${name}/`, server);
    const login = page.locator("scan-login");
    // Props became the element's attributes; class passed through.
    await expect(login).toHaveAttribute("app-id", "demo");
    await expect(login).toHaveAttribute("host", server.url);
    await expect(login).toHaveAttribute("auto-exchange", "");
    await expect(login).toHaveAttribute("size", "260");
    await expect(login).toHaveAttribute("class", "login");
    await expect(login).not.toHaveAttribute("auto-refresh");
    await expect(login).toHaveAttribute("lang", "en-US");
    await waitForQr(login.locator("canvas"));
    // New props reach the element; an undefined one removes its attribute;
    // neither is a lifecycle attribute, so the code stays (one load).
    await page.click("#restyle");
    await expect(login).toHaveAttribute("size", "300");
    await expect(login).not.toHaveAttribute("lang");
    await expect(login).toHaveAttribute("app-id", "demo");
    const number = await scanAndConfirm(page, server, `Ada ${name}`, page.locator("#status"));
    // onSuccess / @success carried the exchanged user; the site then
    // unmounted the element.
    await expect(page.locator("#greeting")).toHaveText(`Welcome, Ada ${name} (${number})`);
    await expect(login).toHaveCount(0);
    expect(await page.evaluate(() => window.events)).toEqual(["load", "scanned", "success"]);
  });
}
