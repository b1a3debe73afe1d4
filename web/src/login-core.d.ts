// Types for web/src/login-core.js: the JS host around the WASM login lifecycle.
import type { QrCore } from "./qr-core.js";

/** The session's configuration (see wasm/bindings/login_exports.cpp). */
export interface LoginConfig {
  /** The server's http(s) base URL; "" or absent: this page's origin. */
  host?: string;
  /** Required (checked at start: error 1001 when missing). */
  appId: string;
  userPoolId?: string;
  /** Sent as x-authing-lang. */
  lang?: string;
  /** Absolute http(s) URL among the app's callback URLs; navigated to after success. */
  redirectUri?: string;
  /** Returned to the callback untouched; default 32 random hex digits. */
  state?: string;
  /** Exchange the ticket in the browser (the app must allow browser exchange). */
  autoExchange?: boolean;
  /** Fetch a new code before the old one expires. */
  autoRefresh?: boolean;
  /** Plain-poll interval in ms, 100..60000; default 800. */
  interval?: number;
  /** Long-poll seconds, 0..30; default 25; 0 polls plainly. */
  wait?: number;
}

export type LoginPhase =
  | "idle"
  | "loading"
  | "showing-code"
  | "scanned"
  | "confirmed"
  | "expired"
  | "cancelled"
  | "reconnecting"
  | "error";

/** What the core asks the view to show. Names and photos are data: show as text / checked URL. */
export interface LoginUiState {
  state: LoginPhase;
  nickname: string;
  photo: string;
  code: number;
  message: string;
  retryInMs: number;
}

export interface LoginUserInfo {
  nickname?: string;
  photo?: string;
  [key: string]: unknown;
}

export type LoginEventDetail = {
  load: Record<string, never>;
  scanned: { userInfo: LoginUserInfo };
  /**
   * pollKey: the code's poll key (its `random`), which an app with
   * `browserExchange: proof` asks for beside the ticket when the page
   * exchanges it; the element keeps it for the SDK (./element/poll-keys.js)
   * and leaves it out of its own `success` event.
   */
  success: { ticket: string; userInfo: LoginUserInfo; pollKey?: string };
  cancel: Record<string, never>;
  expired: Record<string, never>;
  error: { code: number; message: string };
  statechange: { state: LoginPhase };
};

/** The four things the core does to the page; called synchronously from core calls. */
export interface LoginView {
  showQr(text: string, logoUrl: string): void;
  showState(state: LoginUiState): void;
  emit<K extends keyof LoginEventDetail>(type: K, detail: LoginEventDetail[K]): void;
  /** Default location.assign(url). Only a verified http(s) callback URL arrives here. */
  navigate?(url: string): void;
}

export interface LoginSessionOptions {
  /** Replaces globalThis.fetch (a test seam). */
  fetch?: (url: string, init: RequestInit) => Promise<Response>;
}

/** One WebAssembly instance per page; rejects with an Error saying what failed (not cached). */
export function loadLoginCore(): Promise<LoginCore>;

export class LoginCore {
  /** A QR renderer on the same module instance. */
  readonly qr: QrCore;
  /** Compiles the core's answer handler now (once per page; none after an answer). */
  compileAhead(): void;
  /** @throws TypeError when the config has a key of the wrong type. */
  createSession(config: LoginConfig, view: LoginView, options?: LoginSessionOptions): LoginSession;
}

export class LoginSession {
  /** Begins unless running. */
  start(): void;
  /** New code; restarts after stop, error, expiry, cancel. */
  refresh(): void;
  /** Cancels every request and timer; nothing reaches the view until start/refresh. */
  stop(): void;
  /** The state value the callback receives ("" once destroyed). */
  readonly state: string;
  readonly destroyed: boolean;
  /** Frees the session; no request, timer or view call afterwards. Idempotent. */
  destroy(): void;
}
