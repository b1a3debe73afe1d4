#!/usr/bin/env node
// Builds the served component: the files the server hands to every origin at
// /component/<version>/ (docs/integration.md "Load it from the server").
//
//   node scripts/bundle-component.mjs <wasm dist folder> <output folder>
//
// writes <output folder>/<version>/ with
//   scan-login.js          defines <scan-login> (web/src/element/define.js)
//   sdk.js                 the SDK (web/src/sdk/index.js): ScanLoginClient, …
//   <name>-<hash>.js       chunks the two share or load on demand (the glue)
//   *.wasm                 the WebAssembly modules, beside the glue that
//                          finds them through import.meta.url
// and beside each file its brotli (.br) and gzip (.gz) form, which the
// server picks by Accept-Encoding. Every file is minified ES2022 from
// esbuild; nothing in them is evaluated from strings. The folder is replaced
// whole, so a file that a release no longer has is never served under its
// version. The version is package.json's.
import { build, transform } from "esbuild";
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const [wasmDist, outRoot] = process.argv.slice(2).map((path) => resolve(path));
if (!wasmDist || !outRoot) {
  console.error("usage: bundle-component.mjs <wasm dist folder> <output folder>");
  process.exit(2);
}
const { version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const out = join(outRoot, version);
const wasmFiles = ["scan-login-core.wasm", "scan-login-qr.wasm"];

// web/src imports its glue as "../wasm/<name>.js", the layout of the npm
// package; here the glue comes from the wasm build's dist folder.
const glueFromDist = {
  name: "glue-from-dist",
  setup(build) {
    build.onResolve({ filter: /^\.\.\/wasm\/[\w-]+\.js$/ }, (args) => ({
      path: join(wasmDist, args.path.slice("../wasm/".length)),
    }));
  },
};

// The element's shadow CSS (web/src/element/styles.js: one template literal,
// `const css = \`…\``, without substitutions) minified as CSS: esbuild leaves
// the text of strings alone, comments and indentation included.
const minifiedShadowCss = {
  name: "minified-shadow-css",
  setup(build) {
    build.onLoad({ filter: /[\\/]web[\\/]src[\\/]element[\\/]styles\.js$/ }, async (args) => {
      const source = readFileSync(args.path, "utf8");
      const literal = /const css = `([^`$]*)`;/.exec(source);
      if (!literal) throw new Error(`${args.path}: no \`const css = \`…\`\` to minify`);
      const { code } = await transform(literal[1], { loader: "css", minify: true });
      const contents = source.replace(literal[0], `const css = ${JSON.stringify(code.trim())};`);
      return { contents, loader: "js" };
    });
  },
};

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
await build({
  entryPoints: {
    "scan-login": join(root, "web/src/element/served.js"),
    sdk: join(root, "web/src/sdk/index.js"),
  },
  outdir: out,
  bundle: true,
  format: "esm",
  target: "es2022",
  minify: true,
  legalComments: "none",
  // V8's explicit compile hint: compile every function with the file (in the
  // background while it streams in) rather than each on its first call, one
  // at a time on the main thread on the way to the first code. Everything in
  // these files runs on load anyway.
  banner: { js: "//# allFunctionsCalledOnLoad" },
  plugins: [glueFromDist, minifiedShadowCss],
  logLevel: "warning",
});
for (const file of wasmFiles) copyFileSync(join(wasmDist, file), join(out, file));

for (const file of readdirSync(out)) {
  const content = readFileSync(join(out, file));
  writeFileSync(
    join(out, `${file}.br`),
    brotliCompressSync(content, {
      params: {
        [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
        [zlib.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }),
  );
  writeFileSync(join(out, `${file}.gz`), gzipSync(content, { level: 9 }));
}
console.log(`bundle-component: ${out}`);
