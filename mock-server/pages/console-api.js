// The admin API as the console calls it (docs/server.md, "Routes"). The
// token stays in this tab (sessionStorage), sent as a Bearer header.

import { SUCCESS_CODE } from "./codes.js";

const tokenKey = "scan-login-admin-token";

export const adminToken = () => sessionStorage.getItem(tokenKey) || "";
export const setAdminToken = (token) => sessionStorage.setItem(tokenKey, token);

/**
 * @typedef {object} Reply
 * @property {boolean} ok the envelope's code is 200
 * @property {number} code the envelope's code (e.g. 40001), or the HTTP
 *   status when the answer was not an envelope, or 0 when offline
 * @property {string} message the envelope's message (the server's words)
 * @property {any} data the envelope's data
 * @property {boolean} [offline] no answer at all (network, server down)
 */

/**
 * Calls `path` with the admin token. Never throws: failures are replies.
 * @param {"GET" | "POST" | "PUT" | "DELETE"} method
 * @param {object} [body] sent as JSON
 * @returns {Promise<Reply>}
 */
export async function api(method, path, body) {
  let response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        Authorization: "Bearer " + adminToken(),
        ...(body ? { "Content-Type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
  } catch {
    return { ok: false, code: 0, message: "", data: null, offline: true };
  }
  const envelope = await response.json().catch(() => null);
  if (!envelope || typeof envelope.code !== "number") {
    return { ok: false, code: response.status, message: `HTTP ${response.status}`, data: null };
  }
  return { ...envelope, ok: envelope.code === SUCCESS_CODE };
}

// The call each view is waiting for (see latestApi).
const latestCalls = new WeakMap();

/**
 * `api()` for a view that shows one answer at a time (a list of results):
 * answers null when a later call for the same `view` started before this
 * one's answer came. Answers can arrive out of order (the tab's first,
 * unfiltered list is slower than the search typed after it), and a stale
 * answer must never replace a newer one.
 * @param {object} view the element the answer is shown in
 * @returns {Promise<Reply | null>}
 */
export async function latestApi(view, method, path, body) {
  const call = Symbol(path);
  latestCalls.set(view, call);
  const reply = await api(method, path, body);
  return latestCalls.get(view) === call ? reply : null;
}

/** A query string of the non-empty values: {q: "138", pool: ""} -> "?q=138". */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== "" && value !== null && value !== undefined) search.set(key, String(value));
  }
  const text = search.toString();
  return text ? "?" + text : "";
}

/**
 * Downloads `path` (a non-envelope answer, e.g. a user's export) as a file
 * named by its Content-Disposition, else `fallbackName`.
 * @returns {Promise<Reply>} ok once the download was handed to the browser
 */
export async function download(path, fallbackName) {
  let response;
  try {
    response = await fetch(path, { headers: { Authorization: "Bearer " + adminToken() } });
  } catch {
    return { ok: false, code: 0, message: "", data: null, offline: true };
  }
  if (!response.ok) {
    const envelope = await response.json().catch(() => null);
    return {
      ok: false,
      code: envelope?.code ?? response.status,
      message: envelope?.message ?? `HTTP ${response.status}`,
      data: null,
    };
  }
  const disposition = response.headers.get("Content-Disposition") || "";
  const named = /filename="?([^";]+)"?/.exec(disposition);
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = named ? named[1] : fallbackName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return { ok: true, code: 200, message: "", data: null };
}
