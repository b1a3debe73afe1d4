// <scan-login>: a QR code to scan with the phone to log in on this page.
//
// The login lifecycle (asking for a code, long polling, expiry, back-off,
// the callback redirect) runs in WebAssembly (wasm/login); this element is
// its view and host: it turns attributes into the core's config, draws what
// the core says to show, and re-dispatches the core's events on itself.
//
//   <scan-login app-id="demo" redirect-uri="https://site.example/callback"></scan-login>
//
// Attributes (each reflected by a camelCase property):
//   app-id        the app's id (x-authing-app-id); required
//   host          the server's base URL; default: this page's origin
//   user-pool-id  sent as x-authing-userpool-id when set
//   redirect-uri  after success, go to <redirect-uri>?ticket=…&state=… (must be
//                 one of the app's configured callback URLs)
//   state         returned untouched to the callback; default: 32 random hex digits
//   auto-exchange boolean: exchange the ticket in the browser (the app must allow it);
//                 success's userInfo is then the full user
//   auto-refresh  boolean: fetch a new code before the old one expires
//   interval      ms between plain polls when the server does not long-poll (100..60000, 800)
//   wait          long-poll seconds (0..30, default 25; 0 polls plainly)
//   size          side of the code in CSS pixels (64..1024, default 240)
//   lang          "zh-CN" or "en-US" (other tags fall back by prefix); default navigator.language
//   tips          JSON object overriding texts by key (see web/src/i18n.js)
// Changing a lifecycle attribute (all but size, lang, tips) restarts with a new code.
//
// Events (CustomEvent on the element, not bubbling, like native load/error):
//   load {qrcodeContent}  a new code is on the canvas
//   scanned {userInfo}    {nickname, photo}
//   success {ticket, userInfo}  cancelable: preventDefault() keeps the page here
//                         instead of going to redirect-uri
//   cancel, expired
//   error {code, message} server refusals keep the server's code; 1000 the
//                         WebAssembly could not load; 1001..1006 see docs/lifecycle.md
//   statechange {state}   idle | loading | showing-code | scanned | confirmed |
//                         expired | cancelled | reconnecting | error
// Methods: refresh() new code (also after stop, expiry, cancel, error); stop().
// CSS: see ./styles.js for ::part names and custom properties; the phase is
// also a custom state, e.g. scan-login:state(scanned).
import { loadLoginCore } from "../login-core.js";
import { textsFor } from "../i18n.js";
import { elementStyles } from "./styles.js";
import { clearQr, paintLogo, paintQr, prepareQr } from "./qr-paint.js";
import { buildParts, renderView } from "./view.js";

const LIFECYCLE_ATTRIBUTES = [
  "app-id",
  "host",
  "user-pool-id",
  "redirect-uri",
  "state",
  "auto-exchange",
  "auto-refresh",
  "interval",
  "wait",
];
const DEFAULT_SIZE = 240;
const MIN_SIZE = 64;
const MAX_SIZE = 1024;
/** Error code for a component that could not load its WebAssembly module. */
export const LOAD_FAILED = 1000;

// Where there is no DOM (Node, server-side rendering) the class still exists,
// over an empty base, so that importing this module does not throw; such a
// class is never constructed there (define.js registers it only in a browser).
const ElementBase = globalThis.HTMLElement ?? class {};

export class ScanLoginElement extends ElementBase {
  /**
   * The server used when the `host` attribute is empty ("" = this page's
   * origin). The served bundle sets it to the server it came from
   * (served-host.js).
   */
  static defaultHost = "";

  static observedAttributes = [...LIFECYCLE_ATTRIBUTES, "size", "lang", "tips"];

  #session = null;
  #generation = 0; // bumped by every (re)start and teardown; stale loads check it
  #restartQueued = false;
  #core = null;
  #phase = "idle";
  #announced = "idle"; // the state of the last statechange dispatched
  #view = { state: "idle" }; // the last UI state shown (from the core, or local)
  #qr = null; // {text, logoUrl} of the code on the canvas, or null
  #qrToken = 0;
  #redirectPrevented = false;
  #internals = null;
  #ratioQuery = null;
  #parts;

  constructor() {
    super();
    const root = this.attachShadow({ mode: "open" });
    root.adoptedStyleSheets = [elementStyles()];
    this.#parts = buildParts(root);
    this.#parts.button.addEventListener("click", () => this.refresh());
    try {
      this.#internals = this.attachInternals();
    } catch {
      this.#internals = null; // no custom states in this browser
    }
    this.#layout();
  }

  connectedCallback() {
    this.#watchPixelRatio();
    this.#queueRestart();
  }

  disconnectedCallback() {
    this.#watchPixelRatio();
    this.#teardown();
  }

  attributeChangedCallback(name, oldValue, newValue) {
    if (oldValue === newValue) return;
    if (name === "size") {
      this.#layout();
    } else if (name === "lang" || name === "tips") {
      this.#render();
    } else if (this.isConnected) {
      this.#queueRestart();
    }
  }

  /** Drops the current code and shows a new one; restarts after stop(), expiry, cancel or error. */
  refresh() {
    if (this.#session && !this.#session.destroyed && !this.#restartQueued) {
      this.#session.refresh();
    } else if (this.isConnected) {
      this.#queueRestart();
    }
  }

  /** Stops polling and every timer; the overlay offers a refresh. */
  stop() {
    this.#restartQueued = false;
    this.#generation++;
    if (this.#session && !this.#session.destroyed) this.#session.stop();
    this.#showLocal({ state: "idle", stopped: true });
  }

  /**
   * The fetch the component uses (the test seam of GitHub's elements):
   * override on an instance or a subclass to route or observe requests.
   * @param {string} url
   * @param {RequestInit} init
   * @returns {Promise<Response>}
   */
  fetch(url, init) {
    return globalThis.fetch(url, init);
  }

  /** The UI phase now: the value of the last statechange. */
  get phase() {
    return this.#phase;
  }

  get appId() {
    return this.getAttribute("app-id") ?? "";
  }
  set appId(value) {
    this.setAttribute("app-id", value);
  }

  get host() {
    return this.getAttribute("host") ?? "";
  }
  set host(value) {
    this.setAttribute("host", value);
  }

  get userPoolId() {
    return this.getAttribute("user-pool-id") ?? "";
  }
  set userPoolId(value) {
    this.setAttribute("user-pool-id", value);
  }

  get redirectUri() {
    return this.getAttribute("redirect-uri") ?? "";
  }
  set redirectUri(value) {
    this.setAttribute("redirect-uri", value);
  }

  /** The attribute, else the random value the running session made (sent to the callback). */
  get state() {
    return this.getAttribute("state") ?? this.#session?.state ?? "";
  }
  set state(value) {
    this.setAttribute("state", value);
  }

  get autoExchange() {
    return this.hasAttribute("auto-exchange");
  }
  set autoExchange(value) {
    this.toggleAttribute("auto-exchange", Boolean(value));
  }

  get autoRefresh() {
    return this.hasAttribute("auto-refresh");
  }
  set autoRefresh(value) {
    this.toggleAttribute("auto-refresh", Boolean(value));
  }

  /** Plain-poll interval in ms; NaN-free: 800 when unset or not a number. */
  get interval() {
    return numberAttribute(this, "interval", 800);
  }
  set interval(value) {
    this.setAttribute("interval", String(value));
  }

  /** Long-poll seconds; 25 when unset or not a number. */
  get wait() {
    return numberAttribute(this, "wait", 25);
  }
  set wait(value) {
    this.setAttribute("wait", String(value));
  }

  /** Side of the code in CSS pixels, clamped to 64..1024; 240 by default. */
  get size() {
    const size = numberAttribute(this, "size", DEFAULT_SIZE);
    return Math.min(MAX_SIZE, Math.max(MIN_SIZE, Math.round(size)));
  }
  set size(value) {
    this.setAttribute("size", String(value));
  }

  /** Text overrides: an object (reflected as JSON in the `tips` attribute). */
  get tips() {
    const text = this.getAttribute("tips");
    if (!text) return {};
    try {
      const value = JSON.parse(text);
      return value && typeof value === "object" && !Array.isArray(value) ? value : {};
    } catch {
      return {};
    }
  }
  set tips(value) {
    if (value == null) this.removeAttribute("tips");
    else this.setAttribute("tips", typeof value === "string" ? value : JSON.stringify(value));
  }

  #config() {
    const config = {
      host: this.host || ScanLoginElement.defaultHost,
      appId: this.appId,
      lang: this.#language(),
      autoExchange: this.autoExchange,
      autoRefresh: this.autoRefresh,
    };
    if (this.userPoolId) config.userPoolId = this.userPoolId;
    if (this.redirectUri) config.redirectUri = this.redirectUri;
    if (this.hasAttribute("state")) config.state = this.getAttribute("state");
    if (this.hasAttribute("interval")) config.interval = this.interval;
    if (this.hasAttribute("wait")) config.wait = this.wait;
    return config;
  }

  #language() {
    return this.getAttribute("lang") || globalThis.navigator?.language || "en-US";
  }

  // Several attribute changes in one task (or connect, then set attributes)
  // restart once, after the last of them.
  #queueRestart() {
    if (this.#restartQueued) return;
    this.#restartQueued = true;
    queueMicrotask(() => {
      if (!this.#restartQueued) return;
      this.#restartQueued = false;
      this.#teardown();
      if (this.isConnected) this.#start();
    });
  }

  #start() {
    const generation = ++this.#generation;
    this.#redirectPrevented = false;
    this.#showLocal({ state: "loading" });
    loadLoginCore().then(
      (core) => {
        if (generation !== this.#generation || !this.isConnected) return;
        this.#core = core;
        try {
          this.#session = core.createSession(this.#config(), this.#hostView(), {
            fetch: (url, init) => this.fetch(url, init),
          });
        } catch (e) {
          this.#fail(1001, e.message);
          return;
        }
        this.#session.start();
        // A task, so that the request the core just made goes out first.
        setTimeout(() => prepareQr(core.qr));
      },
      (e) => {
        if (generation === this.#generation && this.isConnected) this.#fail(LOAD_FAILED, e.message);
      },
    );
  }

  #teardown() {
    this.#generation++;
    const session = this.#session;
    this.#session = null;
    session?.destroy();
  }

  // What the core calls. Every call comes from the session this element
  // holds now: a destroyed session reaches nobody.
  #hostView() {
    return {
      showQr: (text, logoUrl) => this.#showQr(text, logoUrl),
      showState: (state) => this.#showState(state),
      emit: (type, detail) => this.#emit(type, detail),
      navigate: (url) => {
        if (!this.#redirectPrevented) location.assign(url);
      },
    };
  }

  #showQr(text, logoUrl) {
    this.#qr = { text, logoUrl };
    this.#paint();
  }

  #showState(state) {
    this.#view = state;
    this.#phase = state.state;
    if (!["showing-code", "scanned", "confirmed", "reconnecting"].includes(state.state)) {
      this.#qr = null;
    }
    this.#render();
  }

  #emit(type, detail) {
    if (type === "statechange") {
      // The element shows "loading" before the core runs; the core's own
      // first "loading" is then no change.
      if (detail.state === this.#announced) return;
      this.#announced = detail.state;
    }
    if (type === "load") detail = { qrcodeContent: this.#qr?.text ?? "" };
    else if (type === "cancel" || type === "expired") detail = null;
    const event = new CustomEvent(type, { detail, cancelable: type === "success" });
    const dispatched = this.dispatchEvent(event);
    if (type === "success") this.#redirectPrevented = !dispatched;
  }

  // A state the element shows on its own (before the core runs, after stop,
  // or when the core could not be created).
  #showLocal(state) {
    this.#showState(state);
    this.#emit("statechange", { state: state.state });
  }

  #fail(code, message) {
    this.#showLocal({ state: "error", code, message });
    this.#emit("error", { code, message });
  }

  #layout() {
    const size = this.size;
    const { box, frame } = this.#parts;
    box.style.width = `${size}px`;
    frame.style.width = `${size}px`;
    frame.style.height = `${size}px`;
    this.#paint();
  }

  // Repaints at the new device pixel ratio when the window moves to another
  // screen or the page is zoomed, so the code stays crisp.
  #watchPixelRatio() {
    this.#ratioQuery?.removeEventListener("change", this.#onPixelRatio);
    this.#ratioQuery = null;
    if (!this.isConnected || typeof globalThis.matchMedia !== "function") return;
    this.#ratioQuery = matchMedia(`(resolution: ${globalThis.devicePixelRatio || 1}dppx)`);
    this.#ratioQuery.addEventListener("change", this.#onPixelRatio);
  }

  #onPixelRatio = () => {
    this.#paint();
    this.#watchPixelRatio();
  };

  #paint() {
    const { canvas } = this.#parts;
    const size = this.size;
    const ratio = Math.min(8, Math.max(1, globalThis.devicePixelRatio || 1));
    const token = ++this.#qrToken;
    if (!this.#qr || !this.#core) {
      clearQr(canvas, size, ratio);
      return;
    }
    const { text, logoUrl } = this.#qr;
    const layout = paintQr(canvas, this.#core.qr, text, { size, ratio, logo: Boolean(logoUrl) });
    if (!layout.ok) {
      clearQr(canvas, size, ratio);
      this.#emit("error", { code: 1007, message: `could not draw the QR code: ${layout.error}` });
      return;
    }
    if (logoUrl && layout.logoRect) {
      paintLogo(canvas, logoUrl, layout.logoRect, () => token === this.#qrToken);
    }
  }

  #render() {
    if (!this.#qr) this.#paint();
    setCustomState(this.#internals, this.#view.state);
    renderView(this.#parts, this.#view, textsFor(this.#language(), this.tips));
  }
}

function numberAttribute(element, name, fallback) {
  const text = element.getAttribute(name);
  const value = text === null || text.trim() === "" ? NaN : Number(text);
  return Number.isFinite(value) ? value : fallback;
}

function setCustomState(internals, phase) {
  const states = internals?.states;
  if (!states) return;
  try {
    states.clear();
    states.add(phase);
  } catch {
    // Older engines accept only dashed names; the phase is on data-phase too.
  }
}
