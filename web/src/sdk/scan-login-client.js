// ScanLoginClient: the JS SDK, shaped like GenAuth's (authing-js-sdk v4)
// QrCodeAuthenticationClient so that code written for `wxqrcode` moves over by
// changing one import. The HTTP methods speak PROTOCOL.md directly;
// startScanning puts a <scan-login> element into the page and maps its events
// onto GenAuth's callbacks; loginWithPopup opens the hosted login page.
import { SDK_VERSION, ScanLoginError, requestJson } from "./http.js";
import { startScanning } from "./start-scanning.js";
import { loginWithPopup } from "./popup.js";
import { ATTRIBUTES } from "../element/attributes.js";
import { pollKeyOf } from "../element/poll-keys.js";

export { SDK_VERSION, ScanLoginError };

/** Longest long poll the server allows (PROTOCOL.md: `wait` at most 30 s), as the element's `wait`. */
const MAX_WAIT_SECONDS = ATTRIBUTES.wait.max;

export class ScanLoginClient {
  #appId;
  #host;
  #userPoolId;
  #lang;
  #fetch;
  // ticket -> the poll key of the code checkStatus saw confirmed with it
  // (few: one per login of this page).
  #pollKeyOfTicket = new Map();

  /**
   * @param {object} options
   * @param {string} options.appId the app's id on the server (required)
   * @param {string} [options.host] base URL of the server, e.g.
   *   "https://login.example.com"; default: this page's origin
   * @param {string} [options.userPoolId] sent as `x-authing-userpool-id`
   * @param {"zh-CN"|"en-US"} [options.lang] texts and `x-authing-lang`;
   *   default: the element's choice (the browser's language)
   * @param {typeof fetch} [options.fetch] test seam; default globalThis.fetch
   * @throws {TypeError} when appId is missing or host is not an http(s) URL
   */
  constructor({ appId, host, userPoolId, lang, fetch: fetchImpl } = {}) {
    if (typeof appId !== "string" || appId === "") {
      throw new TypeError("ScanLoginClient: appId is required (the app's id in the console)");
    }
    const base = host ?? globalThis.location?.origin;
    let url;
    try {
      url = new URL(base);
    } catch {
      throw new TypeError(`ScanLoginClient: host must be an absolute http(s) URL, got ${base}`);
    }
    if (url.protocol !== "http:" && url.protocol !== "https:") {
      throw new TypeError(`ScanLoginClient: host must be an http(s) URL, got ${base}`);
    }
    this.#appId = appId;
    this.#host = url.origin + url.pathname.replace(/\/+$/, "");
    this.#userPoolId = userPoolId ?? "";
    this.#lang = lang ?? "";
    this.#fetch = fetchImpl ?? ((...args) => globalThis.fetch(...args));
  }

  /** The app id given to the constructor. */
  get appId() {
    return this.#appId;
  }
  /** The server's base URL, without a trailing slash. */
  get host() {
    return this.#host;
  }
  /** The language given to the constructor, or "". */
  get lang() {
    return this.#lang;
  }

  /** Headers GenAuth's SDK sends with every request; empty ones are left out. */
  #headers() {
    const headers = {
      "x-authing-app-id": this.#appId,
      "x-authing-request-from": "scan-login-sdk",
      "x-authing-sdk-version": `js:scan-login@${SDK_VERSION}`,
    };
    if (this.#userPoolId) headers["x-authing-userpool-id"] = this.#userPoolId;
    if (this.#lang) headers["x-authing-lang"] = this.#lang;
    return headers;
  }

  #request(path, init = {}) {
    return requestJson(this.#fetch, `${this.#host}${path}`, {
      ...init,
      headers: { ...this.#headers(), ...init.headers },
    });
  }

  /**
   * Asks the server for a new code (POST /api/v2/qrcode/gene, scene WXAPP_AUTH).
   * @param {object} [options]
   * @param {object} [options.customData] carried to the ticket exchange (`params`)
   * @param {object} [options.context] likewise (`context`)
   * @param {string} [options.redirectUri] must equal one of the app's callback
   *   URLs exactly (the server answers 400 otherwise)
   * @returns {Promise<{random: string, qrcodeContent: string, url: string,
   *   customLogo: string|null, expiresIn: number, expireAt: number}>}
   *   rejects with ScanLoginError (e.g. 404 unknown app, 429 too many codes).
   */
  geneCode({ customData, context, redirectUri } = {}) {
    const body = { scene: "WXAPP_AUTH", autoMergeQrCode: false };
    if (customData !== undefined) body.params = customData;
    if (context !== undefined) body.context = context;
    if (redirectUri !== undefined) body.redirectUri = redirectUri;
    return this.#request("/api/v2/qrcode/gene", { method: "POST", body });
  }

  /**
   * The code's status (GET /api/v2/qrcode/check): 0 waiting, 1 scanned,
   * 2 confirmed (with `ticket`), 3 cancelled, -1 expired.
   * @param {string} random the poll key from geneCode
   * @param {object} [options]
   * @param {number} [options.wait] long poll: seconds (0..30) the server may
   *   hold the request until the status differs from `since`
   * @param {number} [options.since] the status last seen (with `wait`)
   * @param {AbortSignal} [options.signal]
   * @returns {Promise<{random: string, status: number, expiresIn: number,
   *   ticket?: string, userInfo?: object}>} rejects with ScanLoginError; an
   *   unknown random is status 404 with code 40402 (generate a new code).
   */
  checkStatus(random, { wait, since, signal } = {}) {
    let query = `random=${encodeURIComponent(random)}`;
    if (wait !== undefined) {
      const seconds = Math.max(0, Math.min(MAX_WAIT_SECONDS, Math.floor(wait)));
      query += `&wait=${seconds}`;
      if (since !== undefined) query += `&since=${encodeURIComponent(since)}`;
    }
    return this.#request(`/api/v2/qrcode/check?${query}`, { signal }).then((data) => {
      if (data && typeof data.ticket === "string") this.#pollKeyOfTicket.set(data.ticket, random);
      return data;
    });
  }

  /**
   * Exchanges a ticket for the full user from the browser
   * (POST /api/v2/qrcode/userinfo without a secret). Works only when the app
   * allows browser exchange and this page's origin is allowed; otherwise send
   * the ticket to your backend and exchange it there with the app secret.
   * A ticket is exchanged once: a second try is refused (409).
   * @param {string} ticket
   * @returns {Promise<object>} the user: id, phone, name, nickname, photo,
   *   token (JWT), tokenExpiredAt, ...; rejects with ScanLoginError.
   */
  exchangeUserInfo(ticket) {
    // The poll key of the code this client (checkStatus) or an element of
    // this page (startScanning) saw confirmed with `ticket` is the proof an
    // app with browserExchange "proof" asks for; it never leaves this page
    // otherwise.
    const random = this.#pollKeyOfTicket.get(ticket) || pollKeyOf(ticket);
    return this.#request("/api/v2/qrcode/userinfo", {
      method: "POST",
      body: random ? { ticket, random } : { ticket },
    });
  }

  /**
   * GenAuth's `wxqrcode.startScanning`: shows a login QR code in the element
   * with id `domIdOrElement` (or that element) and calls the callbacks as the
   * login proceeds. See ./start-scanning.js for the options.
   * @returns {import("./index").ScanningHandle} stop() / refresh()
   */
  startScanning(domIdOrElement, options = {}) {
    return startScanning(this, domIdOrElement, options);
  }

  /**
   * Opens the hosted login page in a 585x649 popup and resolves with its
   * result. Call it from a click handler (popup blockers).
   * @param {{redirectUri?: string, state?: string, lang?: string, timeout?: number}} [options]
   * @returns {Promise<{ticket: string, userInfo: object, state: string}>}
   *   rejects with ScanLoginError: popup_blocked, popup_closed, popup_timeout,
   *   origin_not_allowed.
   */
  loginWithPopup(options = {}) {
    return loginWithPopup(this, options);
  }
}
