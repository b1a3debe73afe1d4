// <scan-login>: a QR code to scan with the phone to log in on this page.
//
// The login lifecycle (asking for a code, long polling, expiry, back-off,
// the callback redirect) runs in WebAssembly (wasm/login); this element is
// its view and host: it turns attributes into the core's config, draws what
// the core says to show, and re-dispatches the core's events on itself.
//
//   <scan-login app-id="demo" redirect-uri="https://site.example/callback"></scan-login>
//
// Attributes (app-id, host, user-pool-id, redirect-uri, state, auto-exchange,
// auto-refresh, interval, wait, size, lang, tips): declared once, with their
// types, defaults, reflecting properties and what a change does (a restart
// with a new code, a new layout, or new texts), in ./attributes.js.
//
// Events (CustomEvent on the element, not bubbling, like native load/error):
//   load {qrcodeContent}  a new code is on the canvas
//   scanned {userInfo}    {nickname, photo}
//   success {ticket, userInfo}  cancelable: preventDefault() keeps the page here
//                         instead of going to redirect-uri
//   cancel, expired
//   error {code, message} server refusals keep the server's code; the
//                         component's own are ErrorCode 1000..1999 (../codes.js);
//                         the message names the setting to fix (./error-help.js),
//                         the widget shows a short translated text, never the message
//   statechange {state}   idle | loading | showing-code | scanned | confirmed |
//                         expired | cancelled | reconnecting | error
// Methods: refresh() new code (also after stop, expiry, cancel, error); stop().
// CSS: see ./styles.js for ::part names and custom properties (the code's own
// colours: ./qr-colors.js); the phase is
// also a custom state, e.g. scan-login:state(scanned).
import { loadLoginCore } from "../login-core.js";
import { ErrorCode } from "../codes.js";
import { textsFor } from "../i18n.js";
import { elementStyles } from "./styles.js";
import { clearQr, paintLogo, paintQr, prepareQr } from "./qr-paint.js";
import { buildParts, renderView } from "./view.js";
import { withFix } from "./error-help.js";
import { qrColors } from "./qr-colors.js";
import { ATTRIBUTES, OBSERVED_ATTRIBUTES, defineAttributeProperties } from "./attributes.js";
import { rememberPollKey } from "./poll-keys.js";

// Compiling ahead what the first code's answer needs (the throwaway code of
// prepareQr, the core's answer handler) pays only while the answer is still
// on its way, and delays it when the answer is already waiting. An answer
// that comes sooner than this (loopback, a LAN) is painted at once, and the
// paint compiles as it goes; a slower one finds it compiled. On loopback a
// warm-up in the next task delayed a cold page's first code by about 2 ms
// (bench/component, docs/benchmarks.md).
const COMPILE_AHEAD_AFTER_MS = 20;

/** Error code for a component that could not load its WebAssembly module (ErrorCode.loadFailed). */
export const LOAD_FAILED = ErrorCode.loadFailed;

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

  static observedAttributes = [...OBSERVED_ATTRIBUTES];

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
  #colorWarning = ""; // the last refused colour pair's warning, said once
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
    const effect = ATTRIBUTES[name]?.onChange;
    if (effect === "layout") {
      this.#layout();
    } else if (effect === "render") {
      this.#render();
    } else if (effect === "restart" && this.isConnected) {
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

  // appId, host, userPoolId, redirectUri, autoExchange, autoRefresh,
  // interval, wait, size and tips reflect their attributes as ./attributes.js
  // declares (defineAttributeProperties, below the class).

  /** The attribute, else the random value the running session made (sent to the callback). */
  get state() {
    return this.getAttribute("state") ?? this.#session?.state ?? "";
  }
  set state(value) {
    this.setAttribute("state", value);
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
          this.#fail(ErrorCode.invalidConfig, e.message);
          return;
        }
        this.#session.start();
        setTimeout(() => {
          prepareQr(core.qr);
          core.compileAhead();
        }, COMPILE_AHEAD_AFTER_MS);
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
    else if (type === "error")
      detail = { code: detail.code, message: withFix(detail.code, detail.message) };
    else if (type === "cancel" || type === "expired") detail = null;
    else if (type === "success") detail = keepPollKey(detail);
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
    const { dark, light } = this.#qrColors();
    const layout = paintQr(canvas, this.#core.qr, text, {
      size,
      ratio,
      logo: Boolean(logoUrl),
      dark,
      light,
    });
    if (!layout.ok) {
      clearQr(canvas, size, ratio);
      this.#emit("error", {
        code: ErrorCode.drawFailed,
        message: `could not draw the QR code: ${layout.error}`,
      });
      return;
    }
    if (logoUrl && layout.logoRect) {
      paintLogo(canvas, logoUrl, layout.logoRect, () => token === this.#qrToken);
    }
  }

  // The code's colours from --scan-login-qr-dark/-light, read at each paint
  // (a new code, a resize, a new pixel ratio); a refused pair is warned
  // about once, not at every repaint.
  #qrColors() {
    const colors = qrColors(this);
    if (colors.problem && colors.problem !== this.#colorWarning) console.warn(colors.problem);
    this.#colorWarning = colors.problem;
    return colors;
  }

  #render() {
    if (!this.#qr) this.#paint();
    setCustomState(this.#internals, this.#view.state);
    renderView(this.#parts, this.#view, textsFor(this.#language(), this.tips));
  }
}

defineAttributeProperties(ScanLoginElement.prototype);

/** success's detail without the core's pollKey, which ./poll-keys.js keeps for the SDK. */
function keepPollKey({ pollKey, ...detail }) {
  rememberPollKey(detail.ticket, pollKey);
  return detail;
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
