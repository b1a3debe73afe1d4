// Draws a QR code from the WebAssembly core into a <canvas>, crisp at any
// device pixel ratio: the canvas gets one backing pixel per device pixel and
// every module is a whole number of them.
import { QR_DEFAULTS, loadQrCore } from "./qr-core.js";
import { drawContained, loadLogo, paintQr } from "./qr-draw.js";

const latestDraw = new WeakMap(); // canvas -> token of its most recent drawQr call

/**
 * Draws `text` as a QR code into `canvas`.
 *
 * Sets canvas.width/height to round(size * devicePixelRatio) device pixels and
 * style.width/height to `size` CSS pixels, then paints the code. With `logo`
 * (a URL or data URL) the code is made at level H with a cleared centre
 * square (at most 10% of the symbol's area) and the image is drawn into it,
 * scaled to fit; it is loaded with crossOrigin "anonymous" so the canvas stays
 * readable (a cross-origin logo needs CORS headers).
 *
 * Errors are values: the promise resolves to `{ ok: false, error }` with a
 * message that says what to change (empty text, text too long, bad colour or
 * size...) and the canvas is left as it was. A logo that fails to load does
 * not fail the draw: the code is drawn with its empty centre and the result
 * says `logo: "failed"` with `logoError`. When a later drawQr call on the same
 * canvas starts before this one painted, this one paints nothing and resolves
 * to `{ ok: false, superseded: true, error }`. Throws only for a non-canvas.
 *
 * @param {HTMLCanvasElement} canvas
 * @param {string} text
 * @param {import("./qr-canvas").DrawQrOptions} [options]
 * @returns {Promise<import("./qr-canvas").DrawQrResult>}
 */
export async function drawQr(canvas, text, options = {}) {
  if (typeof canvas?.getContext !== "function") {
    throw new TypeError("drawQr: the first argument must be a <canvas> element");
  }
  const token = {};
  latestDraw.set(canvas, token);
  const size = options.size ?? QR_DEFAULTS.size;
  const logoUrl = options.logo || null;
  const renderOptions = {
    size,
    ecc: options.ecc ?? QR_DEFAULTS.ecc,
    quietZone: options.quietZone ?? QR_DEFAULTS.quietZone,
    foreground: options.foreground ?? QR_DEFAULTS.foreground,
    background: options.background ?? QR_DEFAULTS.background,
    devicePixelRatio: options.devicePixelRatio ?? globalThis.devicePixelRatio ?? 1,
    logo: logoUrl !== null,
  };
  // Everything asynchronous happens first, so that rendering and painting
  // are one synchronous step that a later call cannot interleave with.
  const [core, logoImage] = await Promise.all([
    loadQrCore().catch((e) => e),
    logoUrl === null ? null : loadLogo(logoUrl).catch((e) => e),
  ]);
  if (latestDraw.get(canvas) !== token) return superseded();
  if (core instanceof Error) return Object.freeze({ ok: false, error: core.message });

  const layout = paintQr(canvas, core, text, renderOptions);
  if (!layout.ok) return layout;
  if (logoUrl === null) return Object.freeze({ ...layout, logo: "none" });
  if (logoImage instanceof Error) {
    return Object.freeze({ ...layout, logo: "failed", logoError: logoImage.message });
  }
  drawContained(canvas.getContext("2d"), logoImage, layout.logoRect);
  return Object.freeze({ ...layout, logo: "drawn" });
}

function superseded() {
  return Object.freeze({
    ok: false,
    superseded: true,
    error: "a later drawQr call on this canvas replaced this one",
  });
}
