// The HTTP side of the SDK: one request helper that speaks PROTOCOL.md's
// envelope ({code, message, data}, code 200 = success) and turns every other
// outcome into a ScanLoginError carrying {code, message, status}.
import { SUCCESS_CODE, SdkErrorCode } from "../codes.js";
import { VERSION } from "../version.js";

/** Version sent in `x-authing-sdk-version` (as `js:scan-login@<version>`): package.json's. */
export const SDK_VERSION = VERSION;

/**
 * The one error type the SDK rejects with.
 * - `code`: the server's numeric code (e.g. 40402 unknown random), the
 *   component's own (1000..1999), or one of the SDK's string codes
 *   (SdkErrorCode of ../codes.js: "network" no answer, "bad_response" not
 *   the protocol's JSON, "popup_blocked", "popup_closed", "popup_timeout", ...).
 * - `status`: the HTTP status, 0 when there was no HTTP answer.
 * - `data`: the envelope's data, when the server sent one.
 */
export class ScanLoginError extends Error {
  constructor(message, { code, status = 0, data = null, cause } = {}) {
    super(message, cause ? { cause } : undefined);
    this.name = "ScanLoginError";
    this.code = code;
    this.status = status;
    this.data = data;
  }
}

/**
 * Sends one request to `url` and resolves with the envelope's `data`.
 * @param {typeof fetch} fetchImpl
 * @param {string} url absolute URL
 * @param {{method?: string, headers?: Record<string,string>, body?: unknown, signal?: AbortSignal}} init
 *   `body`, when given, is sent as JSON.
 * @returns {Promise<any>} rejects with ScanLoginError, never with a bare TypeError.
 */
export async function requestJson(
  fetchImpl,
  url,
  { method = "GET", headers = {}, body, signal } = {},
) {
  const init = { method, headers: { ...headers }, signal };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetchImpl(url, init);
  } catch (e) {
    if (e?.name === "AbortError") throw e;
    throw new ScanLoginError(
      `could not reach ${new URL(url).origin} (${e?.message ?? e}); check the host and that it allows this origin (CORS)`,
      { code: SdkErrorCode.network, cause: e },
    );
  }
  let envelope;
  try {
    envelope = await response.json();
  } catch (e) {
    throw new ScanLoginError(
      `${method} ${new URL(url).pathname} answered HTTP ${response.status} without the protocol's JSON envelope`,
      { code: SdkErrorCode.badResponse, status: response.status, cause: e },
    );
  }
  if (!envelope || typeof envelope !== "object" || typeof envelope.code !== "number") {
    throw new ScanLoginError(
      `${method} ${new URL(url).pathname}: not a {code, message, data} envelope`,
      {
        code: SdkErrorCode.badResponse,
        status: response.status,
      },
    );
  }
  if (!response.ok || envelope.code !== SUCCESS_CODE) {
    throw new ScanLoginError(String(envelope.message || `HTTP ${response.status}`), {
      code: envelope.code,
      status: response.status,
      data: envelope.data ?? null,
    });
  }
  return envelope.data;
}
