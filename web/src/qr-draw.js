// Synchronous QR drawing shared by drawQr (web/src/qr-canvas.js) and the
// <scan-login> element: the core's one-pixel-per-module image scaled onto a
// canvas, and the centre logo. Nothing here loads the WebAssembly.

const logoImages = new Map(); // URL -> Promise<HTMLImageElement>, successful loads only
const maxCachedLogos = 16;
let scratch = null;
let scratchContext = null;

/**
 * Renders `text` with a loaded QrCore and paints it into `canvas` now: the
 * canvas gets round(size * devicePixelRatio) backing pixels a side and `size`
 * CSS pixels; the core paints one pixel per module and the canvas scales that
 * image up by the whole-number module size with nearest-neighbour sampling,
 * so every module is an exact block of device pixels at module_px^2 fewer
 * pixels to paint and upload than the full canvas.
 * @param {HTMLCanvasElement} canvas
 * @param {import("./qr-core.js").QrCore} core
 * @param {string} text
 * @param {import("./qr-core").QrRenderOptions} options size, quietZone,
 *   background and devicePixelRatio are required
 * @returns {import("./qr-core").QrLayoutResult} `{ok: false, error}` when the
 *   core refuses; the canvas is then left as it was.
 */
export function paintQr(canvas, core, text, options) {
  const { size, quietZone, background } = options;
  return core.renderWith(
    text,
    { ...options, onePixelPerModule: true },
    (pixels, { width, imageSide, modulePx, symbolOrigin }) => {
      const source = toScratch(pixels, imageSide);
      const context = resetCanvas(canvas, width);
      canvas.style.width = `${size}px`;
      canvas.style.height = `${size}px`;
      const start = symbolOrigin - quietZone * modulePx;
      const span = imageSide * modulePx;
      fillMargins(context, background, width, start, span);
      context.imageSmoothingEnabled = false;
      context.drawImage(source, 0, 0, imageSide, imageSide, start, start, span, span);
    },
  );
}

/**
 * Gives `canvas` a `side` x `side` bitmap, transparent, with its 2D context
 * in the default state: what assigning width and height does. When the size
 * is already right the context's reset() does the same without discarding
 * the bitmap, so painting into it does not allocate a new one (which costs
 * more than painting a code).
 * @param {HTMLCanvasElement} canvas
 * @param {number} side backing pixels
 * @returns {CanvasRenderingContext2D}
 */
export function resetCanvas(canvas, side) {
  const context = canvas.getContext("2d");
  if (canvas.width === side && canvas.height === side && typeof context?.reset === "function") {
    context.reset();
  } else {
    canvas.width = side;
    canvas.height = side;
  }
  return context;
}

/**
 * Renders a throwaway code into the scratch canvas. Browsers compile a
 * WebAssembly function on its first call and allocate a canvas's bitmap on
 * its first drawing; done while nothing waits (the element calls it while
 * its first request is out), the first real code of a page is painted
 * without either.
 * @param {import("./qr-core.js").QrCore} core
 */
export function warmUpQr(core) {
  core.renderWith(
    "https://warm-up.invalid/m/0123456789abcdefghijkl",
    { onePixelPerModule: true },
    (pixels, { imageSide }) => toScratch(pixels, imageSide),
  );
}

/**
 * Loads (once per URL, CORS-anonymous so the canvas stays readable) and
 * decodes an image.
 * @param {string} url a URL or data URL
 * @returns {Promise<HTMLImageElement>} rejects with an Error naming the URL
 */
export function loadLogo(url) {
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

/**
 * Draws `img` into the square `rect` (device pixels), scaled to fit with its
 * aspect ratio kept, centred.
 * @param {CanvasRenderingContext2D} context
 * @param {HTMLImageElement} img
 * @param {{x: number, y: number, size: number}} rect
 */
export function drawContained(context, img, rect) {
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

// One small canvas per page for the module image; drawImage reads it at
// once. putImageData replaces every pixel, so it is never cleared.
function toScratch(pixels, side) {
  scratch ??= document.createElement("canvas");
  if (scratch.width !== side) {
    scratch.width = side;
    scratch.height = side;
  }
  scratchContext ??= scratch.getContext("2d");
  scratchContext.putImageData(new ImageData(pixels, side, side), 0, 0);
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

function shorten(url) {
  return url.startsWith("data:") ? `(data URL, ${url.length} characters)` : url.slice(0, 200);
}
