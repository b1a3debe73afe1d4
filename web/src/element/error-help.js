// What <scan-login> says about the errors an integrator meets first
// (docs/integration.md "Errors"): for each code, the key of the short
// end-user text the widget shows (web/src/i18n.js) and the setting to fix,
// which the `error` event's message ends with. Any other code shows the
// generic "failed" text; its message is the server's or the core's alone.

import { ErrorCode } from "../codes.js";

/** @type {Readonly<Record<number, {text: string, fix: string}>>} */
const HELP = Object.freeze({
  // The WebAssembly module did not load.
  [ErrorCode.loadFailed]: {
    text: "loadFailed",
    fix: "serve scan-login-core.wasm next to scan-login-core.js (a bundler must emit it as an asset: docs/integration.md)",
  },
  // The core refused the callback after success.
  [ErrorCode.redirectRefused]: {
    text: "redirectRefused",
    fix: "set the redirect-uri attribute to one of the app's callbackUrls, exactly",
  },
  // Server: x-authing-app-id missing.
  [ErrorCode.missingAppId]: { text: "appUnknown", fix: "set the app-id attribute" },
  // Server: redirectUri is not one of the app's callback URLs.
  [ErrorCode.redirectNotAllowed]: {
    text: "redirectRefused",
    fix: "set the redirect-uri attribute to one of the app's callbackUrls, exactly, or add it to them (server console)",
  },
  // Server: the app does not allow this page's origin (PROTOCOL.md "CORS").
  [ErrorCode.corsOriginRefused]: {
    text: "originRefused",
    fix: "add this page's origin to the app's allowedOrigins (server console), or set host to a server that has it",
  },
  // Server: no such app.
  [ErrorCode.unknownApp]: {
    text: "appUnknown",
    fix: "check the app-id attribute: it must name an app configured on the server at host",
  },
});

/**
 * The i18n key of the end-user text for `code` ("failed" when it has none).
 * @param {number | undefined} code
 */
export function errorTextKey(code) {
  return HELP[code]?.text ?? "failed";
}

/**
 * `message` with the setting to fix appended, for the codes above.
 * @param {number} code
 * @param {string} message
 */
export function withFix(code, message) {
  const help = HELP[code];
  if (!help) return message;
  return message ? `${message}; ${help.fix}` : help.fix;
}
