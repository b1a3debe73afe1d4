// Bundles the sites of tests/bundlers with each bundler's Node API, from the
// packed npm package (build/package, made by scripts/pack), as a site that
// installed it would: a project folder whose node_modules holds a copy of
// the package (and links to react, react-dom and vue), built into
// <out>/<name>/ with an index.html, ready to be served as a static folder at
// /<name>/.
//
//   import { buildSites } from "../bundlers/build.mjs";
//   const dirs = await buildSites(["vite", "webpack"], { packageDir, outDir });
//
//   node tests/bundlers/build.mjs <package dir> <out dir> [name…]   (all by default)
//
//   const dev = await startViteDev({ packageDir });   // `vite` (dev server) on the element site
//   dev.url; await dev.close();
//
// Each build is the setting a site would write, and nothing more: Vite and
// webpack 5 take the package as it is (they emit the .wasm that the glue
// finds through new URL("scan-login-core.wasm", import.meta.url)); esbuild
// keeps that expression and emits no file, so its site adds the one setting
// docs/integration.md gives (the .wasm copied next to the output).
// "esbuild-without-wasm" is the same site without it, and "esbuild-classic"
// bundles a classic script (no import.meta): the errors they show are tested
// too.
import { build as esbuild } from "esbuild";
import { build as vite, createServer as createViteServer } from "vite";
import webpack from "webpack";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, "../..");

/** The sites' sources (in this folder) and the body their index.html gives them. */
const apps = {
  element: { source: "element-app.js", body: '<p id="status"></p>' },
  react: { source: "react-app.js", body: '<div id="root"></div>' },
  vue: { source: "vue-app.js", body: '<div id="root"></div>' },
};

/** Each build: which site, and the bundler call that makes it. */
export const sites = {
  vite: { app: "element", build: viteBuild },
  webpack: { app: "element", build: webpackBuild },
  esbuild: { app: "element", build: (site) => esbuildBuild(site, { copyWasm: true }) },
  "esbuild-without-wasm": {
    app: "element",
    build: (site) => esbuildBuild(site, { copyWasm: false }),
  },
  "esbuild-classic": {
    app: "element",
    build: (site) => esbuildBuild(site, { copyWasm: true, format: "iife" }),
  },
  react: { app: "react", build: viteBuild },
  vue: { app: "vue", build: viteBuild },
};

const page = (body, script) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>scan-login site</title>
${script}</head><body>${body}</body></html>\n`;
const moduleScript = '<script type="module" src="./main.js"></script>';

/**
 * Builds `names` (keys of `sites`) one after the other (the machine's cores
 * are shared) into `outDir`/<name>/.
 * @param {string[]} names
 * @param {{packageDir: string, outDir: string}} options
 * @returns {Promise<Record<string, string>>} each name's output folder
 * @throws when a build reports an error (the bundler's own message)
 */
export async function buildSites(names, { packageDir, outDir }) {
  const unknown = names.filter((name) => !sites[name]);
  if (unknown.length) throw new Error(`no such site: ${unknown.join(", ")}`);
  const project = makeProject(packageDir);
  try {
    const dirs = {};
    for (const name of names) {
      const { app, build } = sites[name];
      const source = path.join(project, name);
      mkdirSync(source);
      cpSync(path.join(here, apps[app].source), path.join(source, "main.js"));
      const out = path.join(outDir, name);
      rmSync(out, { recursive: true, force: true });
      await build({ source, out, name, body: apps[app].body });
      dirs[name] = out;
    }
    return dirs;
  } finally {
    rmSync(project, { recursive: true, force: true });
  }
}

/**
 * The element's site under Vite's dev server (what `vite` serves while a
 * site is being written: the package goes through Vite's dependency
 * optimizer, which moves the glue into node_modules/.vite/deps).
 * @param {{packageDir: string}} options
 * @returns {Promise<{url: string, close: () => Promise<void>}>} url: the site, ending in "/"
 */
export async function startViteDev({ packageDir }) {
  const project = makeProject(packageDir);
  const source = path.join(project, "vite-dev");
  mkdirSync(source);
  cpSync(path.join(here, apps.element.source), path.join(source, "main.js"));
  writeFileSync(path.join(source, "index.html"), page(apps.element.body, moduleScript));
  const server = await createViteServer({
    root: source,
    configFile: false,
    logLevel: "warn",
    server: { host: "127.0.0.1", port: 0, strictPort: true },
  });
  try {
    await server.listen();
  } catch (e) {
    rmSync(project, { recursive: true, force: true });
    throw e;
  }
  return {
    url: `http://127.0.0.1:${server.httpServer.address().port}/`,
    async close() {
      await server.close();
      rmSync(project, { recursive: true, force: true });
    },
  };
}

// A site's project: package.json, node_modules/scan-login (a copy of the
// package, as npm installs it), and the frameworks linked from this
// repository's node_modules (their own dependencies resolve from there).
function makeProject(packageDir) {
  const project = mkdtempSync(path.join(tmpdir(), "scan-login-site-"));
  writeFileSync(
    path.join(project, "package.json"),
    JSON.stringify({ name: "scan-login-site", private: true, type: "module" }),
  );
  cpSync(packageDir, path.join(project, "node_modules/scan-login"), { recursive: true });
  for (const name of ["react", "react-dom", "vue"]) {
    symlinkSync(
      path.join(repoRoot, "node_modules", name),
      path.join(project, "node_modules", name),
    );
  }
  return project;
}

// Vite, as `vite build` with an index.html at the root; served at /<name>/.
async function viteBuild({ source, out, name, body }) {
  writeFileSync(path.join(source, "index.html"), page(body, moduleScript));
  await vite({
    root: source,
    base: `/${name}/`,
    configFile: false,
    logLevel: "warn",
    build: { outDir: out, emptyOutDir: true },
  });
}

// webpack 5 in production mode, no loaders or plugins; the page loads the
// bundle as a classic deferred script, as html-webpack-plugin writes it.
async function webpackBuild({ source, out, body }) {
  const stats = await new Promise((resolve, reject) =>
    webpack(
      {
        mode: "production",
        context: source,
        entry: "./main.js",
        output: { path: out, filename: "main.js", clean: true },
        performance: { hints: false },
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    ),
  );
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  writeFileSync(
    path.join(out, "index.html"),
    page(body, '<script defer src="./main.js"></script>'),
  );
}

// esbuild, bundling an ES module (format "esm"). The documented setting: the
// .wasm as one more entry point, copied next to the output under its own name.
async function esbuildBuild({ source, out, body }, { copyWasm, format = "esm" }) {
  rmSync(out, { recursive: true, force: true });
  const project = path.dirname(source);
  await esbuild({
    absWorkingDir: project,
    entryPoints: [
      { in: path.join(source, "main.js"), out: "main" },
      ...(copyWasm
        ? [{ in: "node_modules/scan-login/wasm/scan-login-core.wasm", out: "scan-login-core" }]
        : []),
    ],
    loader: { ".wasm": "copy" },
    bundle: true,
    format,
    minify: true,
    outdir: out,
    // An iife has no import.meta; esbuild says so, the test shows the result.
    logLevel: format === "esm" ? "warning" : "error",
  });
  const script = format === "esm" ? moduleScript : '<script defer src="./main.js"></script>';
  writeFileSync(path.join(out, "index.html"), page(body, script));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [packageDir, outDir, ...names] = process.argv.slice(2);
  if (!packageDir || !outDir) {
    console.error("usage: node tests/bundlers/build.mjs <package dir> <out dir> [name…]");
    process.exit(2);
  }
  const started = Date.now();
  const dirs = await buildSites(names.length ? names : Object.keys(sites), {
    packageDir: path.resolve(packageDir),
    outDir: path.resolve(outDir),
  });
  for (const [name, dir] of Object.entries(dirs)) console.log(`${name}: ${dir}`);
  console.log(`built in ${Date.now() - started} ms`);
}
