// Types for <scan-login> (web/src/element/scan-login-element.js).
import type { LoginPhase, LoginUserInfo } from "../login-core";

export const LOAD_FAILED: 1000;

export interface ScanLoginEventMap extends HTMLElementEventMap {
  /** A new code is on the canvas. */
  load: CustomEvent<{ qrcodeContent: string }>;
  scanned: CustomEvent<{ userInfo: LoginUserInfo }>;
  /** Cancelable: preventDefault() keeps the page from going to redirect-uri. */
  success: CustomEvent<{ ticket: string; userInfo: LoginUserInfo }>;
  cancel: CustomEvent<null>;
  expired: CustomEvent<null>;
  error: CustomEvent<{ code: number; message: string }>;
  statechange: CustomEvent<{ state: LoginPhase }>;
}

export class ScanLoginElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The last statechange's state. */
  readonly phase: LoginPhase;
  appId: string;
  /** Server base URL; "" = this page's origin. */
  host: string;
  userPoolId: string;
  redirectUri: string;
  /** The attribute, else the random value of the running session. */
  state: string;
  autoExchange: boolean;
  autoRefresh: boolean;
  /** ms, default 800. */
  interval: number;
  /** Long-poll seconds, default 25; 0 polls plainly. */
  wait: number;
  /** CSS pixels, 64..1024, default 240. */
  size: number;
  /** Text overrides by key (web/src/i18n.js); reflected as JSON in the `tips` attribute. */
  tips: Partial<Record<import("../i18n").TextKey, string>>;
  /** New code; also restarts after stop(), expiry, cancel, error. */
  refresh(): void;
  /** Stops every request and timer; the overlay offers a refresh. */
  stop(): void;
  /** The fetch used for every request: override to observe or route them. */
  fetch(url: string, init: RequestInit): Promise<Response>;
  addEventListener<K extends keyof ScanLoginEventMap>(
    type: K,
    listener: (this: ScanLoginElement, ev: ScanLoginEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "scan-login": ScanLoginElement;
  }
}
