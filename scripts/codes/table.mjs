// web/src/codes.js as the generators see it: each table's entries in order
// with their numbers and meanings, checked for what the file promises (every
// entry documented, no number or name twice, client codes 1000..1999, server
// codes named by their HTTP status).
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { docCommentsOf, tableDocOf } from "../lib/doc-comments.mjs";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const codesFile = path.join(repoRoot, "web/src/codes.js");

/** HTTP statuses the server's codes may start with (PROTOCOL.md). */
const HTTP_STATUSES = new Set([
  400, 401, 403, 404, 405, 409, 410, 413, 415, 429, 431, 500, 502, 503,
]);

/**
 * @typedef {{name: string, value: number|string, doc: string}} CodeEntry
 * @typedef {{qrStatus: CodeEntry[], errors: CodeEntry[], sdkErrors: CodeEntry[],
 *   successCode: number, docs: Record<string, string>}} CodeTables
 * @param {string} [file] the module (a test passes a broken copy)
 * @returns {Promise<CodeTables>}
 * @throws {Error} listing every problem found
 */
export async function readCodeTables(file = codesFile) {
  const module = await import(`${pathToFileURL(file).href}?t=${Date.now()}`);
  const problems = [];
  const table = (name, kind) => entriesOf(file, module, name, kind, problems);
  const tables = {
    qrStatus: table("QrStatus", "number"),
    errors: table("ErrorCode", "number"),
    sdkErrors: table("SdkErrorCode", "string"),
    successCode: module.SUCCESS_CODE,
    docs: Object.fromEntries(
      ["QrStatus", "SUCCESS_CODE", "ErrorCode", "SdkErrorCode"].map((name) => [
        name,
        tableDocOf(file, name),
      ]),
    ),
  };
  for (const { name, value } of tables.errors) {
    const client = value >= 1000 && value <= 1999;
    const server = value >= 10000 && value <= 99999 && HTTP_STATUSES.has(Math.floor(value / 100));
    if (!client && !server) {
      problems.push(
        `ErrorCode.${name} = ${value}: a client code is 1000..1999, a server code is the ` +
          `HTTP status (${[...HTTP_STATUSES].join(", ")}) followed by two digits`,
      );
    }
  }
  if (tables.successCode !== 200) problems.push("SUCCESS_CODE must be 200 (PROTOCOL.md)");
  if (problems.length) throw new Error(`${file}:\n  ${problems.join("\n  ")}`);
  return tables;
}

/** The HTTP status a server error code starts with; 0 for a client code. */
export function httpStatusOf(code) {
  return code >= 10000 ? Math.floor(code / 100) : 0;
}

/** camelCase -> snake_case, the C++ spelling of a name. */
export function snakeCase(name) {
  return name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

function entriesOf(file, module, tableName, kind, problems) {
  const object = module[tableName];
  if (!object || typeof object !== "object" || !Object.isFrozen(object)) {
    problems.push(`${tableName}: must be exported as Object.freeze({...})`);
    return [];
  }
  const docs = docCommentsOf(file, tableName);
  const byValue = new Map();
  const entries = [];
  for (const [name, value] of Object.entries(object)) {
    if (!/^[a-z][A-Za-z0-9]*$/.test(name))
      problems.push(`${tableName}.${name}: names are camelCase`);
    if (kind === "number" ? !Number.isInteger(value) : typeof value !== "string" || !value) {
      problems.push(
        `${tableName}.${name}: the value must be ${kind === "number" ? "an integer" : "a non-empty string"}`,
      );
    }
    const doc = docs.get(name);
    if (!doc)
      problems.push(`${tableName}.${name}: needs a /** meaning */ comment on the line before`);
    if (byValue.has(value)) {
      problems.push(
        `${tableName}.${name} = ${JSON.stringify(value)}: already the number of ${tableName}.${byValue.get(value)}`,
      );
    }
    byValue.set(value, name);
    entries.push({ name, value, doc: doc ?? "" });
  }
  for (const name of docs.keys()) {
    if (!Object.hasOwn(object, name))
      problems.push(`${tableName}: a comment names ${name}, which is no entry`);
  }
  return entries;
}
