// Types for web/src/qr-core.js: the WebAssembly QR core as plain values.

/** Error-correction level: recovers about 7 / 15 / 25 / 30% of the code. */
export type EccLevel = "L" | "M" | "Q" | "H";

export const ECC_LEVELS: readonly EccLevel[];

export interface QrRenderOptions {
  /** Canvas side in CSS pixels, > 0. Default 256. */
  size?: number;
  /** Default "M"; "H" is forced when `logo` is true. */
  ecc?: EccLevel;
  /** Modules of background around the symbol, 0..16. Default 4. */
  quietZone?: number;
  /** "#rgb", "#rgba", "#rrggbb" or "#rrggbbaa". Default "#000000". */
  foreground?: string;
  /** Same forms; contrast with foreground must be at least 2:1. Default "#ffffff". */
  background?: string;
  /** Device pixels per CSS pixel, 0 < ratio <= 8. Default 1. */
  devicePixelRatio?: number;
  /** Clear a centred square (<= 10% of the symbol's area) for a logo. Default false. */
  logo?: boolean;
  /**
   * Paint one pixel per module (quiet zone included, imageSide pixels a side)
   * for the caller to scale up by modulePx with nearest-neighbour sampling.
   * Default false: the pixels cover the whole canvas.
   */
  onePixelPerModule?: boolean;
}

export const QR_DEFAULTS: Readonly<Required<QrRenderOptions>>;

/** A square in device pixels. */
export interface PixelRect {
  readonly x: number;
  readonly y: number;
  readonly size: number;
}

/** Where everything lands on the canvas, in device pixels. */
export interface QrLayout {
  /** Canvas side in device pixels: round(size * devicePixelRatio). */
  readonly width: number;
  readonly height: number;
  /** Side of one module in device pixels, a whole number >= 1. */
  readonly modulePx: number;
  /** x = y of the top-left corner of module (0, 0). */
  readonly symbolOrigin: number;
  /** Symbol side in modules without the quiet zone: 17 + 4 * version. */
  readonly modules: number;
  /** 1..40 */
  readonly version: number;
  readonly ecc: EccLevel;
  /** Where to draw the logo (the hole less half a module); null without one. */
  readonly logoRect: PixelRect | null;
  /** The cleared square; null without a logo. */
  readonly holeRect: PixelRect | null;
  /** Pixels per row of the image: width, or modules + 2 * quietZone with onePixelPerModule. */
  readonly imageSide: number;
}

export interface QrFailure {
  readonly ok: false;
  /** What went wrong and what to change, e.g. "text is empty: ...". */
  readonly error: string;
}

export interface QrImage extends QrLayout {
  readonly ok: true;
  /** width * height * 4 bytes of RGBA, row-major; a copy the caller owns. */
  readonly pixels: Uint8ClampedArray;
}

export type QrRenderResult = QrImage | QrFailure;

export type QrLayoutResult = (QrLayout & { readonly ok: true }) | QrFailure;

/** Renders with the shared core; resolves to a failure value, never rejects. */
export function renderQrPixels(text: string, options?: QrRenderOptions): Promise<QrRenderResult>;

/** Instantiates the WebAssembly core once per page; rejects if it cannot be loaded. */
export function loadQrCore(): Promise<QrCore>;

export class QrCore {
  private constructor(module: unknown);
  /** Synchronous render; bad input gives a failure value, never an exception. */
  render(text: string, options?: QrRenderOptions): QrRenderResult;
  /**
   * Lower level: calls `use` synchronously with a view into WebAssembly memory,
   * valid only during the call (no copy); returns the layout or a failure.
   */
  renderWith(
    text: string,
    options: QrRenderOptions,
    use: (view: Uint8ClampedArray, layout: QrLayout) => void,
  ): QrLayoutResult;
}
