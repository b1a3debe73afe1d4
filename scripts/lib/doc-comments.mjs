// Reads the documentation of a data-only table in a JS module: in
//
//   export const Name = /* @__PURE__ */ Object.freeze({
//
// (the annotation optional: it lets a bundler drop a table nobody imports)
//     /** what the entry means */
//     key: value,
//     ...
//   });
//
// every key's /** */ comment. The values come from importing the module;
// only the comments need the text. Used by the generators of scripts/codes/
// and scripts/element/ (the comments become C++ comments, typings, docs).
import { readFileSync } from "node:fs";

/**
 * @param {string} file path of the module
 * @param {string} tableName the exported const's name
 * @returns {Map<string, string>} key -> its comment, on one line
 * @throws {Error} naming the file when the table is not found, or a key is
 *   given twice
 */
export function docCommentsOf(file, tableName) {
  const text = readFileSync(file, "utf8");
  const declaration = new RegExp(
    `export const ${tableName} = (?:/\\* @__PURE__ \\*/ )?Object\\.freeze\\(`,
  ).exec(text);
  if (!declaration) {
    throw new Error(`${file}: no "export const ${tableName} = Object.freeze(" found`);
  }
  const start = declaration.index;
  const end = text.indexOf("\n});", start);
  if (end < 0) throw new Error(`${file}: ${tableName} does not end with a line "});"`);
  const body = text.slice(start, end);
  const docs = new Map();
  // A /** */ comment directly before `key:` or `"key":` (nested objects'
  // keys have no comment of their own and are not matched).
  const entry = /\/\*\*((?:[^*]|\*(?!\/))*)\*\/\s*(?:"([^"]+)"|([A-Za-z_$][\w$]*))\s*:/g;
  for (const match of body.matchAll(entry)) {
    const key = match[2] ?? match[3];
    if (docs.has(key)) throw new Error(`${file}: ${tableName}.${key} is given twice`);
    docs.set(key, oneLine(match[1]));
  }
  return docs;
}

/**
 * The /** *\/ comment right before `export const <tableName>` in `file`, its
 * lines kept (a list stays a list), or "" when there is none.
 */
export function tableDocOf(file, tableName) {
  const text = readFileSync(file, "utf8");
  const at = text.indexOf(`export const ${tableName} =`);
  const close = text.lastIndexOf("*/", at);
  if (at < 0 || close < 0 || text.slice(close + 2, at).trim() !== "") return "";
  return commentLines(text.slice(text.lastIndexOf("/**", close) + 3, close)).join("\n");
}

/** `text` (lines joined by "\n") as a JSDoc comment, indented by `indent`. */
export function jsdoc(text, indent = "") {
  const lines = text.split("\n");
  if (lines.length === 1) return [`${indent}/** ${text} */`];
  return [`${indent}/**`, ...lines.map((line) => `${indent} * ${line}`), `${indent} */`];
}

function commentLines(comment) {
  return comment
    .split("\n")
    .map((line) => line.replace(/^\s*\*?\s?/, "").trimEnd())
    .filter((line) => line.trim() !== "");
}

function oneLine(comment) {
  return commentLines(comment)
    .map((line) => line.trim())
    .join(" ");
}
