// Types for web/src/qr-canvas.js: drawing a QR code into a canvas.
import type { EccLevel, QrFailure, QrLayout } from "./qr-core.js";

export interface DrawQrOptions {
  /** Canvas side in CSS pixels. Default 256. */
  size?: number;
  /** Default "M"; always "H" with a logo. */
  ecc?: EccLevel;
  /** Modules of background around the symbol, 0..16. Default 4. */
  quietZone?: number;
  /** "#rgb", "#rgba", "#rrggbb" or "#rrggbbaa". Default "#000000". */
  foreground?: string;
  /** Same forms, at least 2:1 contrast with foreground. Default "#ffffff". */
  background?: string;
  /** URL or data URL of an image for the centre, loaded with crossOrigin "anonymous". */
  logo?: string | null;
  /** Default window.devicePixelRatio. */
  devicePixelRatio?: number;
}

export interface DrawQrSuccess extends QrLayout {
  readonly ok: true;
  /** "none" without a logo; "failed" when it could not be loaded (code drawn without it). */
  readonly logo: "none" | "drawn" | "failed";
  readonly logoError?: string;
}

export interface DrawQrSuperseded extends QrFailure {
  /** A later drawQr call on the same canvas started first; nothing was painted. */
  readonly superseded: true;
}

export type DrawQrResult = DrawQrSuccess | QrFailure | DrawQrSuperseded;

/**
 * Draws `text` into `canvas` (width/height in device pixels, style size in CSS
 * pixels). Resolves to a failure value on bad input, leaving the canvas as it
 * was; throws a TypeError only when `canvas` is not a canvas.
 */
export function drawQr(
  canvas: HTMLCanvasElement,
  text: string,
  options?: DrawQrOptions,
): Promise<DrawQrResult>;
