// Draws a QR code from the WebAssembly core into a <canvas>, crisp at any
// device pixel ratio: the canvas gets one backing pixel per device pixel and
// every module is a whole number of them.
import { QR_DEFAULTS, loadQrCore } from "./qr-core.js";

const latestDraw = new WeakMap(); // canvas -> token of its most recent drawQr call
const logoImages = new Map(); // URL -> Promise<HTMLImageElement>, successful loads only
const maxCachedLogos = 16;

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

  // The core paints one pixel per module; the canvas scales that image up by
  // the whole-number module size with nearest-neighbour sampling, so every
  // module is still an exact block of device pixels, at module_px^2 fewer
  // pixels to paint and upload than the full canvas.
  const layout = core.renderWith(
    text,
    { ...renderOptions, onePixelPerModule: true },
    (pixels, { width, imageSide, modulePx, symbolOrigin }) => {
      const scratch = scratchCanvas(imageSide);
      scratch.getContext("2d").putImageData(new ImageData(pixels, imageSide, imageSide), 0, 0);
      canvas.width = width;
      canvas.height = width;
      canvas.style.width = `${size}px`;
      canvas.style.height = `${size}px`;
      const context = canvas.getContext("2d");
      const start = symbolOrigin - renderOptions.quietZone * modulePx;
      const span = imageSide * modulePx;
      fillMargins(context, renderOptions.background, width, start, span);
      context.imageSmoothingEnabled = false;
      context.drawImage(scratch, 0, 0, imageSide, imageSide, start, start, span, span);
    },
  );
  if (!layout.ok) return layout;
  if (logoUrl === null) return Object.freeze({ ...layout, logo: "none" });
  if (logoImage instanceof Error) {
    return Object.freeze({ ...layout, logo: "failed", logoError: logoImage.message });
  }
  drawContained(canvas.getContext("2d"), logoImage, layout.logoRect);
  return Object.freeze({ ...layout, logo: "drawn" });
}

let scratch = null;

// One small canvas per page for the module image; drawImage reads it at once.
function scratchCanvas(side) {
  scratch ??= document.createElement("canvas");
  if (scratch.width !== side) {
    scratch.width = side;
    scratch.height = side;
  }
  return scratch;
}

// Paints the background around the code's square (start..start+span) once,
// so a translucent background is not composited twice.
function fillMargins(context, background, width, start, span) {
  const end = start + span;
  context.fillStyle = background;
  context.fillRect(0, 0, width, start);
  context.fillRect(0, end, width, width - end);
  context.fillRect(0, start, start, span);
  context.fillRect(end, start, width - end, span);
}

// Loads (once per URL) and decodes an image; rejects with a readable Error.
function loadLogo(url) {
  let promise = logoImages.get(url);
  if (!promise) {
    const img = new Image();
    img.crossOrigin = "anonymous";
    img.decoding = "async";
    img.src = url;
    promise = img.decode().then(
      () => img,
      () => {
        logoImages.delete(url);
        throw new Error(`could not load the logo image ${shorten(url)}`);
      },
    );
    if (logoImages.size >= maxCachedLogos) logoImages.delete(logoImages.keys().next().value);
    logoImages.set(url, promise);
  }
  return promise;
}

// Scales the image to fit the square, keeping its aspect ratio, centred.
function drawContained(context, img, rect) {
  const w = img.naturalWidth || rect.size;
  const h = img.naturalHeight || rect.size;
  const scale = rect.size / Math.max(w, h);
  const dw = Math.round(w * scale);
  const dh = Math.round(h * scale);
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = "high";
  context.drawImage(
    img,
    rect.x + Math.floor((rect.size - dw) / 2),
    rect.y + Math.floor((rect.size - dh) / 2),
    dw,
    dh,
  );
}

function superseded() {
  return Object.freeze({
    ok: false,
    superseded: true,
    error: "a later drawQr call on this canvas replaced this one",
  });
}

function shorten(url) {
  return url.startsWith("data:") ? `(data URL, ${url.length} characters)` : url.slice(0, 200);
}
