// Synchronous QR drawing shared by drawQr (web/src/qr-canvas.js) and the
// <scan-login> element: the core's one-pixel-per-module image scaled onto a
// canvas, and the centre logo. Nothing here loads the WebAssembly.

const logoImages = new Map(); // URL -> Promise<HTMLImageElement>, successful loads only
const maxCachedLogos = 16;
let scratch = null;

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
      const source = scratchCanvas(imageSide);
      source.getContext("2d").putImageData(new ImageData(pixels, imageSide, imageSide), 0, 0);
      canvas.width = width;
      canvas.height = width;
      canvas.style.width = `${size}px`;
      canvas.style.height = `${size}px`;
      const context = canvas.getContext("2d");
      const start = symbolOrigin - quietZone * modulePx;
      const span = imageSide * modulePx;
      fillMargins(context, background, width, start, span);
      context.imageSmoothingEnabled = false;
      context.drawImage(source, 0, 0, imageSide, imageSide, start, start, span, span);
    },
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

function shorten(url) {
  return url.startsWith("data:") ? `(data URL, ${url.length} characters)` : url.slice(0, 200);
}
