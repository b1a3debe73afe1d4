// What <scan-login> says about the errors an integrator meets first
// (docs/integration.md "Errors"): for each code, the key of the short
// end-user text the widget shows (web/src/i18n.js) and the setting to fix,
// which the `error` event's message ends with. Any other code shows the
// generic "failed" text; its message is the server's or the core's alone.

/** @type {Readonly<Record<number, {text: string, fix: string}>>} */
const HELP = Object.freeze({
  // The WebAssembly module did not load (LOAD_FAILED, scan-login-element.js).
  1000: {
    text: "loadFailed",
    fix: "serve scan-login-core.wasm next to scan-login-core.js (a bundler must emit it as an asset: docs/integration.md)",
  },
  // The core refused the callback after success (login_error::redirect_refused).
  1005: {
    text: "redirectRefused",
    fix: "set the redirect-uri attribute to one of the app's callbackUrls, exactly",
  },
  // Server: x-authing-app-id missing.
  40002: { text: "appUnknown", fix: "set the app-id attribute" },
  // Server: redirectUri is not one of the app's callback URLs.
  40003: {
    text: "redirectRefused",
    fix: "set the redirect-uri attribute to one of the app's callbackUrls, exactly, or add it to them (server console)",
  },
  // Server: the app does not allow this page's origin (PROTOCOL.md "CORS").
  40303: {
    text: "originRefused",
    fix: "add this page's origin to the app's allowedOrigins (server console), or set host to a server that has it",
  },
  // Server: no such app.
  40401: {
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
