// Types for <scan-login> (web/src/element/scan-login-element.js).
import type { LoginPhase, LoginUserInfo } from "../login-core.js";
import type { ErrorCode, ErrorCodeValue } from "../codes.js";
import type { ScanLoginAttributeProperties } from "./attributes.js";

/** Error code (in `error`'s detail) when the WebAssembly module could not be loaded. */
export const LOAD_FAILED: (typeof ErrorCode)["loadFailed"];

/** The phase the element shows: `phase`, statechange's `detail.state`, the :state() name. */
export type ScanLoginPhase = LoginPhase;

/** The events <scan-login> dispatches: CustomEvents on the element, not bubbling. */
export interface ScanLoginEventMap {
  /** A new code is on the canvas. */
  load: CustomEvent<{ qrcodeContent: string }>;
  scanned: CustomEvent<{ userInfo: LoginUserInfo }>;
  /** Cancelable: preventDefault() keeps the page from going to redirect-uri. */
  success: CustomEvent<{ ticket: string; userInfo: LoginUserInfo }>;
  cancel: CustomEvent<null>;
  expired: CustomEvent<null>;
  /**
   * code: the server's refusal code, the component's own (ErrorCode 1000..1999,
   * docs/lifecycle.md), or a bare HTTP status when the server sent no envelope.
   */
  error: CustomEvent<{ code: ErrorCodeValue | number; message: string }>;
  statechange: CustomEvent<{ state: LoginPhase }>;
}

/**
 * Every event a listener on the element receives: HTMLElement's, with the
 * element's own in place of those of the same name (its `error` is a
 * CustomEvent, not the ErrorEvent of HTMLElementEventMap).
 */
export interface ScanLoginElementEventMap
  extends Omit<HTMLElementEventMap, keyof ScanLoginEventMap>, ScanLoginEventMap {}

/**
 * The properties reflecting the attributes (appId, host, userPoolId,
 * redirectUri, state, autoExchange, autoRefresh, interval, wait, size, tips):
 * generated from the attribute table (./attributes.js) into ./attributes.d.ts.
 */
export interface ScanLoginElement extends ScanLoginAttributeProperties {}

export class ScanLoginElement extends HTMLElement {
  static readonly observedAttributes: string[];
  /** The last statechange's state. */
  readonly phase: LoginPhase;
  /** New code; also restarts after stop(), expiry, cancel, error. */
  refresh(): void;
  /** Stops every request and timer; the overlay offers a refresh. */
  stop(): void;
  /** The fetch used for every request: override to observe or route them. */
  fetch(url: string, init: RequestInit): Promise<Response>;
  addEventListener<K extends keyof ScanLoginElementEventMap>(
    type: K,
    listener: (this: ScanLoginElement, ev: ScanLoginElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
  removeEventListener<K extends keyof ScanLoginElementEventMap>(
    type: K,
    listener: (this: ScanLoginElement, ev: ScanLoginElementEventMap[K]) => unknown,
    options?: boolean | EventListenerOptions,
  ): void;
  removeEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | EventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "scan-login": ScanLoginElement;
  }
}
