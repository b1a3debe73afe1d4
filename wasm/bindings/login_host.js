// The login lifecycle's host imports (link with --js-library). Each import
// forwards to the host object that the page registered for the session:
// Module.scanLoginHosts[sessionId] (see login_exports.cpp for its methods).
// Strings arrive as UTF-8 C strings and are decoded here; headers, UI states
// and event details arrive as JSON and are parsed with JSON.parse (no eval).
// A host method that throws is reported (reportError/console.error) and does
// not unwind through the WebAssembly core.
mergeInto(LibraryManager.library, {
  $scanLoginHostCall: function (session, method, args) {
    var hosts = Module["scanLoginHosts"];
    var host = hosts && hosts[session];
    if (!host || typeof host[method] !== "function") return undefined;
    try {
      return host[method].apply(host, args);
    } catch (e) {
      if (typeof reportError === "function") reportError(e);
      else console.error(e);
      return undefined;
    }
  },
  $scanLoginHostCall__postset: 'Module["scanLoginHosts"] = Module["scanLoginHosts"] || {};',

  sl_login_host_send_http__deps: ["$scanLoginHostCall"],
  sl_login_host_send_http: function (session, requestId, method, url, headersJson, body) {
    scanLoginHostCall(session, "sendHttp", [
      requestId,
      UTF8ToString(method),
      UTF8ToString(url),
      JSON.parse(UTF8ToString(headersJson)),
      body ? UTF8ToString(body) : null,
    ]);
  },

  sl_login_host_cancel_http__deps: ["$scanLoginHostCall"],
  sl_login_host_cancel_http: function (session, requestId) {
    scanLoginHostCall(session, "cancelHttp", [requestId]);
  },

  sl_login_host_start_timer__deps: ["$scanLoginHostCall"],
  sl_login_host_start_timer: function (session, timerId, delayMs) {
    scanLoginHostCall(session, "startTimer", [timerId, delayMs]);
  },

  sl_login_host_cancel_timer__deps: ["$scanLoginHostCall"],
  sl_login_host_cancel_timer: function (session, timerId) {
    scanLoginHostCall(session, "cancelTimer", [timerId]);
  },

  sl_login_host_now_ms: function () {
    return Date.now();
  },

  sl_login_host_fill_random: function (ptr, size) {
    crypto.getRandomValues(HEAPU8.subarray(ptr, ptr + size));
  },

  sl_login_host_show_qr__deps: ["$scanLoginHostCall"],
  sl_login_host_show_qr: function (session, text, logoUrl) {
    scanLoginHostCall(session, "showQr", [UTF8ToString(text), UTF8ToString(logoUrl)]);
  },

  sl_login_host_show_state__deps: ["$scanLoginHostCall"],
  sl_login_host_show_state: function (session, stateJson) {
    scanLoginHostCall(session, "showState", [JSON.parse(UTF8ToString(stateJson))]);
  },

  sl_login_host_emit__deps: ["$scanLoginHostCall"],
  sl_login_host_emit: function (session, type, detailJson) {
    scanLoginHostCall(session, "emit", [UTF8ToString(type), JSON.parse(UTF8ToString(detailJson))]);
  },

  sl_login_host_navigate__deps: ["$scanLoginHostCall"],
  sl_login_host_navigate: function (session, url) {
    scanLoginHostCall(session, "navigate", [UTF8ToString(url)]);
  },
});
