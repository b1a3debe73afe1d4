// Turns a CommonJS package entry (and everything it requires) into one ES
// module, so the bench page can load npm's `qrcode`, which ships no browser
// build, straight from node_modules. Good enough for plain CommonJS: static
// require("...") calls, relative paths and packages, the package.json
// "browser" map; Node built-ins become empty objects.
import { readFileSync, existsSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";

const requireCall = /\brequire\(\s*(['"])([^'"]+)\1\s*\)/g;

/** @returns {string} ES module source whose default export is the entry's module.exports */
export function bundleCommonJs(entryFile) {
  const ids = new Map(); // absolute file -> numeric id
  const parts = [];
  const add = (file) => {
    if (ids.has(file)) return ids.get(file);
    const id = ids.size;
    ids.set(file, id);
    const source = readFileSync(file, "utf8");
    const deps = {};
    for (const [, , spec] of source.matchAll(requireCall)) {
      const target = resolve(spec, path.dirname(file));
      deps[spec] = target === null ? -1 : add(target);
    }
    parts[id] =
      `${id}: [function (module, exports, require) {\n${source}\n}, ${JSON.stringify(deps)}]`;
    return id;
  };
  const entry = add(path.resolve(entryFile));
  return `const defs = {\n${parts.join(",\n")}\n};
const cache = {};
function load(id) {
  if (id < 0) return {};
  if (cache[id]) return cache[id].exports;
  const module = (cache[id] = { exports: {} });
  const [fn, deps] = defs[id];
  fn.call(module.exports, module, module.exports, (spec) => load(deps[spec]));
  return module.exports;
}
export default load(${entry});
`;
}

function resolve(spec, fromDir) {
  if (builtinModules.includes(spec.replace(/^node:/, ""))) return null;
  if (spec.startsWith(".")) return resolveFile(path.resolve(fromDir, spec));
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const pkgDir = path.join(dir, "node_modules", spec);
    if (existsSync(path.join(pkgDir, "package.json"))) {
      const pkg = JSON.parse(readFileSync(path.join(pkgDir, "package.json"), "utf8"));
      const main = typeof pkg.browser === "string" ? pkg.browser : pkg.main || "index.js";
      return resolveFile(path.join(pkgDir, main));
    }
    if (dir === path.dirname(dir)) throw new Error(`cannot resolve ${spec} from ${fromDir}`);
  }
}

function resolveFile(base) {
  for (const candidate of [base, `${base}.js`, path.join(base, "index.js")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  throw new Error(`cannot resolve ${base}`);
}
