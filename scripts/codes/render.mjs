// What scripts/codes/generate.mjs writes from web/src/codes.js (see
// ./table.mjs): pure functions from the tables to file text.
import { jsdoc } from "../lib/doc-comments.mjs";
import { httpStatusOf, snakeCase } from "./table.mjs";

const SOURCE = "web/src/codes.js";
const NOTICE = `Generated from ${SOURCE} (scripts/codes/): do not edit.`;

/**
 * The C++ header (<scan_login/codes.hpp> in the build tree): qr_status, and
 * every error code as `inline constexpr int` in codes::client (1000..1999)
 * and codes::server (the envelope codes, with `ok`: the server says
 * errors::<name>, an alias of codes::server).
 */
export function renderCppHeader(tables) {
  const comment = (doc, indent = "") =>
    doc
      .split("\n")
      .flatMap((part) => wrap(part, 78 - indent.length - 3))
      .map((line) => `${indent}// ${line}`);
  const constants = (entries) =>
    entries.flatMap(({ name, value, doc }) => [
      ...comment(doc),
      `inline constexpr int ${snakeCase(name)} = ${value};`,
    ]);
  const client = tables.errors.filter((e) => httpStatusOf(e.value) === 0);
  const server = tables.errors.filter((e) => httpStatusOf(e.value) !== 0);
  return [
    "#pragma once",
    `// ${NOTICE}`,
    "",
    "namespace scan_login::codes {",
    "",
    ...comment(tables.docs.QrStatus),
    "enum class qr_status : int {",
    ...tables.qrStatus.flatMap(({ name, value, doc }) => [
      ...comment(doc, "  "),
      `  ${snakeCase(name)} = ${value},`,
    ]),
    "};",
    "",
    ...comment(tables.docs.SUCCESS_CODE),
    `inline constexpr int success = ${tables.successCode};`,
    "",
    "// Failures the component finds itself (never sent by a server).",
    "namespace client {",
    ...constants(client),
    "}  // namespace client",
    "",
    "// The server's envelope codes; the first three digits are the HTTP status.",
    "namespace server {",
    "// the envelope code of a success",
    "inline constexpr int ok = success;",
    ...constants(server),
    "}  // namespace server",
    "",
    "}  // namespace scan_login::codes",
    "",
  ].join("\n");
}

/** web/src/codes.d.ts: each table with literal types and its comments. */
export function renderTypings(tables) {
  const object = (name, entries) => [
    ...jsdoc(tables.docs[name]),
    `export declare const ${name}: Readonly<{`,
    ...entries.flatMap(({ name: key, value, doc }) => [
      `  /** ${doc} */`,
      `  ${key}: ${JSON.stringify(value)};`,
    ]),
    "}>;",
    `/** One of the values of ${name}. */`,
    `export type ${name}Value = (typeof ${name})[keyof typeof ${name}];`,
    "",
  ];
  return [
    `// ${NOTICE}`,
    "",
    ...object("QrStatus", tables.qrStatus),
    ...jsdoc(tables.docs.SUCCESS_CODE),
    `export declare const SUCCESS_CODE: ${tables.successCode};`,
    "",
    ...object("ErrorCode", tables.errors),
    ...object("SdkErrorCode", tables.sdkErrors),
  ].join("\n");
}

/**
 * miniprogram/utils/codes.js: the same numbers for the mini program, which
 * WeChat loads from its own folder only (CommonJS, no import of web/).
 */
export function renderMiniprogramModule(tables) {
  const object = (name, entries) => [
    ...jsdoc(tables.docs[name]),
    `const ${name} = Object.freeze({`,
    ...entries.flatMap(({ name: key, value, doc }) => [
      `  /** ${doc} */`,
      `  ${key}: ${JSON.stringify(value)},`,
    ]),
    "});",
    "",
  ];
  return [
    `// ${NOTICE}`,
    "",
    ...object("QrStatus", tables.qrStatus),
    `const SUCCESS_CODE = ${tables.successCode};`,
    "",
    ...object("ErrorCode", tables.errors),
    "module.exports = { QrStatus, SUCCESS_CODE, ErrorCode };",
    "",
  ].join("\n");
}

/**
 * mock-server/pages/codes.js: the same numbers for the server's own pages
 * (phone, console), which are served from --pages-root alone (ES module).
 */
export function renderPagesModule(tables) {
  const object = (name, entries) => [
    ...jsdoc(tables.docs[name]),
    `export const ${name} = Object.freeze({`,
    ...entries.map(({ name: key, value }) => `  ${key}: ${JSON.stringify(value)},`),
    "});",
    "",
  ];
  return [
    `// ${NOTICE} (Meanings: there.)`,
    "",
    ...object("QrStatus", tables.qrStatus),
    `export const SUCCESS_CODE = ${tables.successCode};`,
    "",
    ...object("ErrorCode", tables.errors),
  ].join("\n");
}

/** docs/server.md's table of the server's codes (HTTP, code, meaning). */
export function renderServerCodesTable(tables) {
  return markdownTable(
    ["HTTP", "code", "meaning"],
    tables.errors
      .filter((e) => httpStatusOf(e.value) !== 0)
      .map((e) => [String(httpStatusOf(e.value)), String(e.value), e.doc]),
  );
}

/** docs/lifecycle.md's table of the component's own codes. */
export function renderClientCodesTable(tables) {
  return markdownTable(
    ["code", "name", "meaning"],
    tables.errors
      .filter((e) => httpStatusOf(e.value) === 0)
      .map((e) => [String(e.value), `\`ErrorCode.${e.name}\``, e.doc]),
  );
}

/** docs/lifecycle.md's table of the QR statuses. */
export function renderQrStatusTable(tables) {
  return markdownTable(
    ["status", "name", "meaning"],
    tables.qrStatus.map((e) => [String(e.value), `\`QrStatus.${e.name}\``, e.doc]),
  );
}

/** A Markdown table with its columns padded, as prettier lays one out. */
export function markdownTable(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

function wrap(text, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}
