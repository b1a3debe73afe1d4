// The thin JavaScript host around the login lifecycle that runs in
// WebAssembly (wasm/login, contract at the top of
// wasm/bindings/login_exports.cpp). The core decides everything: what to
// request and when, what to show, which events to emit, where to navigate.
// This file only carries those decisions out with fetch, setTimeout,
// document visibility and location, and hands drawing and events to a view
// (the <scan-login> element, or anything with the same four methods).
//
// One WebAssembly instance per page, shared by every session (element). Its
// glue (../wasm/scan-login-core.js) is imported by the first loadLoginCore
// call, not with this module: importing the element where it never runs
// (Node, server-side rendering) loads no WebAssembly, and a glue that cannot
// be fetched fails like a .wasm that cannot (error 1000), not the import.
import { QrCore } from "./qr-core.js";
import { wasmLoadFailure } from "./wasm-load-failure.js";

let corePromise = null;
const answered = new WeakSet(); // modules whose answer handler has run (so is compiled)
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder();

/**
 * Instantiates the component module (QR painter + login lifecycle) once per
 * page and shares it. A failed load is not cached, so a later call retries.
 * @returns {Promise<LoginCore>} rejects with an Error saying what failed.
 */
export function loadLoginCore() {
  corePromise ??= import("../wasm/scan-login-core.js")
    .then((glue) => glue.default())
    .then(
      (module) => new LoginCore(module),
      (reason) => {
        corePromise = null;
        throw new Error(wasmLoadFailure(reason));
      },
    );
  return corePromise;
}

/** The loaded module: a QR painter and a factory of login sessions. */
export class LoginCore {
  #module;

  /** Renders QR codes with the same instance (see qr-core.js). */
  qr;

  constructor(module) {
    this.#module = module;
    this.qr = new QrCore(module);
  }

  /**
   * Has the engine compile the core's answer handler now, unless an answer
   * was handled already: WebAssembly functions are compiled on their first
   * call, and this one is large. The call names no session, which the core
   * ignores.
   */
  compileAhead() {
    if (answered.has(this.#module)) return;
    answered.add(this.#module);
    this.#module._sl_login_http_response(0, 0, 0, 0, 0);
  }

  /**
   * Creates a session; it does nothing until start().
   * @param {import("./login-core").LoginConfig} config sent to the core as
   *   JSON; keys with the wrong type throw, bad values (a missing appId, a
   *   non-http redirectUri) surface later as the "error" state and event.
   * @param {import("./login-core").LoginView} view receives what to show.
   * @param {import("./login-core").LoginSessionOptions} [options]
   * @returns {LoginSession}
   * @throws {TypeError} with the core's message when the config is rejected.
   */
  createSession(config, view, options = {}) {
    const m = this.#module;
    const bytes = utf8Encoder.encode(JSON.stringify(config));
    const ptr = m._malloc(bytes.length);
    let id = 0;
    try {
      m.HEAPU8.set(bytes, ptr);
      id = m._sl_login_create(ptr, bytes.length);
    } finally {
      m._free(ptr);
    }
    if (!id) throw new TypeError(`scan-login: ${readCString(m, m._sl_login_last_error())}`);
    return new LoginSession(m, id, view, options);
  }
}

/**
 * One login lifecycle bound to a view. Owns its requests, timers and the
 * visibility listener; after destroy() none of them can reach the core or
 * the view again.
 */
export class LoginSession {
  #module;
  #id;
  #view;
  #fetch;
  #requests = new Map(); // request id -> AbortController
  #timers = new Map(); // timer id -> setTimeout handle
  #destroyed = false;
  #onVisibility = () => this.#setVisible();

  constructor(module, id, view, { fetch = (input, init) => globalThis.fetch(input, init) } = {}) {
    this.#module = module;
    this.#id = id;
    this.#view = view;
    this.#fetch = fetch;
    module.scanLoginHosts[id] = {
      sendHttp: (...args) => this.#sendHttp(...args),
      cancelHttp: (requestId) => this.#cancelHttp(requestId),
      startTimer: (timerId, delayMs) => this.#startTimer(timerId, delayMs),
      cancelTimer: (timerId) => this.#cancelTimer(timerId),
      showQr: (text, logoUrl) => view.showQr(text, logoUrl),
      showState: (state) => view.showState(state),
      emit: (type, detail) => view.emit(type, detail),
      navigate: (url) => (view.navigate ? view.navigate(url) : location.assign(url)),
    };
    document.addEventListener("visibilitychange", this.#onVisibility);
    this.#setVisible();
  }

  /** Begins (gene, draw, poll) unless already running. */
  start() {
    this.#call("_sl_login_start");
  }

  /** Drops the current code and asks for a new one; restarts after stop or error. */
  refresh() {
    this.#call("_sl_login_refresh");
  }

  /** Cancels every request and timer; the session stays usable (refresh/start). */
  stop() {
    this.#call("_sl_login_stop");
  }

  /** The `state` value the callback receives (the page's, or a random one). */
  get state() {
    if (this.#destroyed) return "";
    return readCString(this.#module, this.#module._sl_login_state(this.#id));
  }

  get destroyed() {
    return this.#destroyed;
  }

  /** Stops for good and frees the session. Safe to call twice or from a view callback. */
  destroy() {
    if (this.#destroyed) return;
    this.#destroyed = true;
    document.removeEventListener("visibilitychange", this.#onVisibility);
    for (const controller of this.#requests.values()) controller.abort();
    for (const handle of this.#timers.values()) clearTimeout(handle);
    this.#requests.clear();
    this.#timers.clear();
    this.#module._sl_login_destroy(this.#id);
    delete this.#module.scanLoginHosts[this.#id];
  }

  #call(name, ...args) {
    if (!this.#destroyed) this.#module[name](this.#id, ...args);
  }

  #setVisible() {
    this.#call("_sl_login_set_visible", document.visibilityState === "hidden" ? 0 : 1);
  }

  #sendHttp(requestId, method, url, headers, body) {
    const controller = new AbortController();
    this.#requests.set(requestId, controller);
    const target = new URL(url, location.href);
    const init = {
      method,
      headers,
      body: body ?? undefined,
      signal: controller.signal,
      // The default cache mode: the server's answers carry Cache-Control:
      // no-store (a test holds it), and any other mode costs Chromium about
      // 1 ms a request (bench/component, docs/benchmarks.md).
      // No cookies cross-origin: the flow uses none (PROTOCOL.md allows
      // credentials only because GenAuth's SDK sends them), and a credentialed
      // request cannot share the connection the anonymous component fetch
      // opened, which cost a cold page about 8 ms (bench/component).
      credentials: "same-origin",
    };
    // The core requires the answer to come later, never from inside sendHttp:
    // a promise callback always runs after this returns.
    // A session destroyed (or a request cancelled) before then sends nothing.
    Promise.resolve()
      .then(() => {
        if (controller.signal.aborted) throw controller.signal.reason;
        return this.#fetch(target.href, init);
      })
      .then(
        (response) => response.text().then((text) => [response.status, text]),
        () => [0, ""],
      )
      .then(
        ([status, text]) => this.#answer(requestId, controller, status, text),
        () => this.#answer(requestId, controller, 0, ""),
      );
  }

  #answer(requestId, controller, status, text) {
    if (this.#destroyed || this.#requests.get(requestId) !== controller) return;
    this.#requests.delete(requestId);
    if (controller.signal.aborted) return;
    const m = this.#module;
    answered.add(m);
    const bytes = utf8Encoder.encode(text);
    const ptr = m._malloc(Math.max(bytes.length, 1));
    try {
      m.HEAPU8.set(bytes, ptr);
      m._sl_login_http_response(this.#id, requestId, status, ptr, bytes.length);
    } finally {
      m._free(ptr);
    }
  }

  #cancelHttp(requestId) {
    this.#requests.get(requestId)?.abort();
    this.#requests.delete(requestId);
  }

  #startTimer(timerId, delayMs) {
    const handle = setTimeout(() => {
      if (this.#timers.get(timerId) !== handle) return;
      this.#timers.delete(timerId);
      this.#call("_sl_login_timer", timerId);
    }, delayMs);
    this.#timers.set(timerId, handle);
  }

  #cancelTimer(timerId) {
    clearTimeout(this.#timers.get(timerId));
    this.#timers.delete(timerId);
  }
}

function readCString(module, ptr) {
  const heap = module.HEAPU8;
  let end = ptr;
  while (heap[end] !== 0) end++;
  return utf8Decoder.decode(heap.subarray(ptr, end));
}
