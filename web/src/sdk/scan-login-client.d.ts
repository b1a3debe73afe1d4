// Types of ScanLoginClient, shaped like authing-js-sdk v4's QrCodeAuthenticationClient.
import type { ScanLoginElement } from "../element/scan-login-element.js";
import type { ErrorCodeValue, QrStatusValue, SdkErrorCodeValue } from "../codes.js";

export declare const SDK_VERSION: string;

/**
 * Every SDK failure. `code`: the server's numeric code or the component's own
 * (ErrorCode), a bare HTTP status, or an SDK string code (SdkErrorCode).
 */
export declare class ScanLoginError extends Error {
  readonly name: "ScanLoginError";
  readonly code: ErrorCodeValue | SdkErrorCodeValue | number | string;
  /** HTTP status; 0 when there was no HTTP answer. */
  readonly status: number;
  readonly data: unknown;
}

export interface ScanLoginClientOptions {
  appId: string;
  /** Server base URL; default: this page's origin. */
  host?: string;
  userPoolId?: string;
  lang?: "zh-CN" | "en-US";
  /** Test seam. */
  fetch?: typeof fetch;
}

export interface GeneCodeResult {
  random: string;
  /** The text the QR encodes: the phone's URL. */
  qrcodeContent: string;
  /** A server-rendered SVG of the same QR. */
  url: string;
  customLogo: string | null;
  expiresIn: number;
  /** Unix ms. */
  expireAt: number;
}

export interface QRCodeUserInfo {
  nickname?: string;
  photo?: string;
  id?: string;
  phone?: string;
  name?: string;
  token?: string;
  [key: string]: unknown;
}

export interface QRCodeStatus {
  random: string;
  /** QrStatus: 0 waiting, 1 scanned, 2 confirmed, 3 cancelled, -1 expired. */
  status: QrStatusValue;
  expiresIn: number;
  ticket?: string;
  userInfo?: QRCodeUserInfo;
  scannedUserId?: string;
}

export interface User {
  id: string;
  phone: string | null;
  phoneVerified: boolean;
  name: string | null;
  nickname: string;
  photo: string;
  openid: string;
  unionid: string | null;
  registeredAt: number | string;
  lastLoginAt: number | string;
  loginsCount: number;
  customData: Record<string, unknown> | null;
  /** RS256 JWT, verifiable with the server's JWKS. */
  token: string;
  tokenExpiredAt: number | string;
  [key: string]: unknown;
}

/** The option names of GenAuth's wxqrcode.startScanning. */
export interface StartScanningOptions {
  autoExchangeUserInfo?: boolean;
  /** Plain-polling interval in ms when the server does not hold long polls (default 800). */
  interval?: number;
  /** QR side in CSS px; GenAuth's {width, height} gives the smaller side. */
  size?: number | { width: number; height: number };
  /** Only used when no element has the given id: the fixed box made for it. */
  containerSize?: { width: number; height: number };
  tips?: {
    title?: string;
    scanned?: string;
    succeed?: string;
    canceled?: string;
    expired?: string;
    retry?: string;
    failed?: string;
    middleTitle?: string;
    referText?: string;
    [elementTextKey: string]: string | undefined;
  };
  /** Extensions beyond GenAuth: passed to the element. */
  redirectUri?: string;
  state?: string;
  autoRefresh?: boolean;
  onStart?: (handle: ScanningHandle) => void;
  onResult?: (data: { status: QrStatusValue; state: string }) => void;
  onScanned?: (userInfo: QRCodeUserInfo) => void;
  onSuccess?: (userInfo: QRCodeUserInfo, ticket: string) => void;
  onCancel?: () => void;
  onError?: (message: string, detail: { code: number | string; message: string }) => void;
  onExpired?: () => void;
  /** random and url are null: the element keeps the poll key and draws the QR itself. */
  onCodeShow?: (random: null, url: null, detail: { qrcodeContent: string }) => void;
  onCodeLoaded?: (random: null, url: null, detail: { qrcodeContent: string }) => void;
  onCodeLoadFailed?: (error: ScanLoginError) => void;
  onRetry?: () => void;
}

export interface ScanningHandle {
  /** The <scan-login> element put into the container. */
  readonly element: ScanLoginElement;
  /** Stops every timer and request and removes the element; idempotent. */
  stop(): void;
  /** A new code now. */
  refresh(): void;
}

export interface PopupResult {
  ticket: string;
  userInfo: QRCodeUserInfo;
  state: string;
}

export declare class ScanLoginClient {
  constructor(options: ScanLoginClientOptions);
  readonly appId: string;
  readonly host: string;
  readonly lang: string;
  geneCode(options?: {
    customData?: Record<string, unknown>;
    context?: Record<string, unknown>;
    redirectUri?: string;
  }): Promise<GeneCodeResult>;
  checkStatus(
    random: string,
    options?: { wait?: number; since?: number; signal?: AbortSignal },
  ): Promise<QRCodeStatus>;
  exchangeUserInfo(ticket: string): Promise<User>;
  startScanning(
    domIdOrElement: string | HTMLElement,
    options?: StartScanningOptions,
  ): ScanningHandle;
  loginWithPopup(options?: {
    redirectUri?: string;
    state?: string;
    lang?: "zh-CN" | "en-US";
    /** ms; default none. */
    timeout?: number;
  }): Promise<PopupResult>;
}
