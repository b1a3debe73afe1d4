// The npm package that scripts/pack makes: its exports resolve to files with
// declarations, its modules import only files it contains, and, served on
// its own, it loads in chromium and renders a code (the wasm found next to
// the module, nothing fetched from the repository's web/ or /wasm/).
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test, expect } from "./fixtures.js";
import { repoRoot } from "./server.js";
import { waitForQr } from "./phone.js";

// One pack per run: the tests share it (and must not pack twice at once).
test.describe.configure({ mode: "serial" });

let pkgDir = "";
let pkg = null;

test.beforeAll(() => {
  const output = execFileSync(path.join(repoRoot, "scripts/pack"), {
    cwd: repoRoot,
    encoding: "utf8",
  });
  const tarball = path.join(repoRoot, output.trim().split("\n").pop());
  const dir = mkdtempSync(path.join(tmpdir(), "scan-login-pkg-"));
  execFileSync("tar", ["xzf", tarball, "-C", dir]);
  pkgDir = path.join(dir, "package");
  pkg = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8"));
});

function filesUnder(dir) {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

test("package.json: version, ES module, every export has a file and its .d.ts", () => {
  const root = JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8"));
  expect(pkg).toMatchObject({ name: "scan-login", version: root.version, type: "module" });
  // The wrappers' frameworks are the site's, and only needed with a wrapper.
  expect(pkg.peerDependenciesMeta).toEqual({
    react: { optional: true },
    vue: { optional: true },
  });
  expect(Object.keys(pkg.peerDependencies).sort()).toEqual(["react", "vue"]);
  const keys = [".", "./sdk", "./element", "./qr", "./react", "./vue"];
  expect(Object.keys(pkg.exports)).toEqual(expect.arrayContaining(keys));
  for (const key of keys) {
    const { types, default: file } = pkg.exports[key];
    expect(existsSync(path.join(pkgDir, file)), `${key} -> ${file}`).toBe(true);
    expect(types, `${key} has types`).toMatch(/\.d\.ts$/);
    expect(existsSync(path.join(pkgDir, types)), `${key} -> ${types}`).toBe(true);
  }
  for (const file of [
    "wasm/scan-login-core.js",
    "wasm/scan-login-core.wasm",
    "README.md",
    "LICENSE.md",
  ]) {
    expect(existsSync(path.join(pkgDir, file)), file).toBe(true);
  }
});

test("every relative import in the package points at a file it contains", () => {
  const specifier = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)["'](\.{1,2}\/[^"']+)["']/g;
  const sources = filesUnder(path.join(pkgDir, "src")).filter(
    (f) => f.endsWith(".js") || f.endsWith(".d.ts"),
  );
  expect(sources.length).toBeGreaterThan(5);
  const missing = [];
  for (const file of sources) {
    // Code only: JSDoc type references (`* @param {import("./x")...}`) are not loaded.
    const code = readFileSync(file, "utf8")
      .split("\n")
      .filter((line) => !/^\s*(\*|\/\/|\/\*)/.test(line))
      .join("\n");
    for (const [, spec] of code.matchAll(specifier)) {
      const target = path.resolve(path.dirname(file), spec);
      // TypeScript resolves "./x" and "./x.js" in a declaration to ./x.d.ts.
      const candidates = file.endsWith(".d.ts")
        ? [target, `${target.replace(/\.js$/, "")}.d.ts`]
        : [target];
      if (!candidates.some((c) => existsSync(c)))
        missing.push(`${path.relative(pkgDir, file)} -> ${spec}`);
    }
  }
  expect(missing).toEqual([]);
});

test("the packed SDK and element load on their own and render a code", async ({ page, server }) => {
  const types = { ".js": "text/javascript", ".wasm": "application/wasm", ".html": "text/html" };
  await page.route(`${server.url}/pkg/**`, (route) => {
    const { pathname } = new URL(route.request().url());
    const file = path.join(pkgDir, pathname.slice("/pkg/".length));
    if (!file.startsWith(pkgDir) || !existsSync(file))
      return route.fulfill({ status: 404, body: "" });
    return route.fulfill({
      contentType: types[path.extname(file)] ?? "application/octet-stream",
      body: readFileSync(file),
    });
  });
  await page.route(`${server.url}/__test__/**`, (route) =>
    route.fulfill({
      contentType: "text/html; charset=utf-8",
      headers: {
        "content-security-policy": "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'",
      },
      body: '<!doctype html><meta charset="utf-8"><title>package</title><body><div id="qrcode"></div><div id="bare"></div></body>',
    }),
  );
  const outside = [];
  page.on("request", (r) => {
    const { pathname } = new URL(r.url());
    if (pathname.startsWith("/src/") || pathname.startsWith("/wasm/")) outside.push(pathname);
  });
  await page.goto(`${server.url}/__test__/package.html`);
  const sdkPath = `/pkg/${pkg.exports["."].default.slice(2)}`;
  const elementPath = `/pkg/${pkg.exports["./element"].default.slice(2)}`;
  await page.evaluate(
    async ({ host, sdkPath, elementPath }) => {
      const { ScanLoginClient } = await import(sdkPath);
      window.shown = new Promise((resolve) =>
        new ScanLoginClient({ appId: "demo", host }).startScanning("qrcode", {
          onCodeShow: resolve,
        }),
      );
      await import(elementPath);
      const bare = document.createElement("scan-login");
      bare.setAttribute("app-id", "demo");
      bare.setAttribute("host", host);
      window.bareLoaded = new Promise((resolve) => bare.addEventListener("load", resolve));
      document.getElementById("bare").append(bare);
    },
    { host: server.url, sdkPath, elementPath },
  );
  await page.evaluate(() => Promise.all([window.shown, window.bareLoaded]));
  expect(await waitForQr(page.locator("#qrcode scan-login canvas"))).toMatch(/\/m\//);
  expect(await waitForQr(page.locator("#bare scan-login canvas"))).toMatch(/\/m\//);
  expect(outside).toEqual([]);
});
