/** The `type` of the message the hosted page posts to its opener. */
export declare const POPUP_MESSAGE_TYPE: "scan-login:result";

/** What the hosted page posts to the opener (targetOrigin exact). */
export interface PopupMessage {
  type: "scan-login:result";
  state: string;
  ticket?: string;
  userInfo?: Record<string, unknown>;
  error?: { code: number | string; message: string };
}

/** 128 random bits, base64url. */
export declare function randomState(): string;
