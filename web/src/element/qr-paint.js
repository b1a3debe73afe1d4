// Paints a QR code into a canvas synchronously with a loaded QrCore, crisp at
// any device pixel ratio (as web/src/qr-canvas.js does, without its async
// steps): one backing pixel per device pixel, every module a whole number of
// them. The logo, when there is one, is drawn into the cleared centre later.

const logoImages = new Map(); // URL -> Promise<HTMLImageElement>

/**
 * Sets the canvas to `size` CSS pixels at `ratio` and fills it with `background`.
 * @param {HTMLCanvasElement} canvas
 * @param {number} size CSS pixels
 * @param {number} ratio device pixels per CSS pixel
 * @param {string} background a CSS colour
 */
export function clearQr(canvas, size, ratio, background = "#ffffff") {
  const side = Math.round(size * ratio);
  canvas.width = side;
  canvas.height = side;
  canvas.style.width = `${size}px`;
  canvas.style.height = `${size}px`;
  const context = canvas.getContext("2d");
  context.fillStyle = background;
  context.fillRect(0, 0, side, side);
}

/**
 * Paints `text` now. With `logo` the code is made at level H with a cleared
 * centre, and the returned layout's logoRect says where to put the image.
 * @param {HTMLCanvasElement} canvas
 * @param {import("../qr-core.js").QrCore} qr
 * @param {string} text
 * @param {{size: number, ratio: number, logo?: boolean}} options
 * @returns {import("../qr-core").QrLayoutResult} `{ok: false, error}` when the
 *   core refuses the text; the canvas is then left as it was.
 */
export function paintQr(canvas, qr, text, { size, ratio, logo = false }) {
  const background = "#ffffff";
  const quietZone = 4;
  return qr.renderWith(
    text,
    { size, devicePixelRatio: ratio, logo, quietZone, background, onePixelPerModule: true },
    (pixels, { imageSide, modulePx, symbolOrigin }) => {
      const scratch = document.createElement("canvas");
      scratch.width = imageSide;
      scratch.height = imageSide;
      scratch.getContext("2d").putImageData(new ImageData(pixels, imageSide, imageSide), 0, 0);
      clearQr(canvas, size, ratio, background);
      const context = canvas.getContext("2d");
      const start = symbolOrigin - quietZone * modulePx;
      const span = imageSide * modulePx;
      context.imageSmoothingEnabled = false;
      context.drawImage(scratch, 0, 0, imageSide, imageSide, start, start, span, span);
    },
  );
}

/**
 * Loads the logo (once per URL, CORS-anonymous so the canvas stays readable)
 * and draws it into `rect`, keeping its aspect ratio. Resolves to true when
 * drawn; false when it could not load or `stillCurrent()` says the canvas
 * shows another code by then.
 * @param {HTMLCanvasElement} canvas
 * @param {string} url
 * @param {{x: number, y: number, size: number}} rect device pixels
 * @param {() => boolean} stillCurrent
 */
export async function paintLogo(canvas, url, rect, stillCurrent) {
  let promise = logoImages.get(url);
  if (!promise) {
    const img = new Image();
    img.crossOrigin = "anonymous";
    img.src = url;
    promise = img.decode().then(() => img);
    promise.catch(() => logoImages.delete(url));
    logoImages.set(url, promise);
  }
  let img;
  try {
    img = await promise;
  } catch {
    return false;
  }
  if (!stillCurrent()) return false;
  const w = img.naturalWidth || rect.size;
  const h = img.naturalHeight || rect.size;
  const scale = rect.size / Math.max(w, h);
  const dw = Math.round(w * scale);
  const dh = Math.round(h * scale);
  const context = canvas.getContext("2d");
  context.imageSmoothingEnabled = true;
  context.imageSmoothingQuality = "high";
  context.drawImage(
    img,
    rect.x + Math.floor((rect.size - dw) / 2),
    rect.y + Math.floor((rect.size - dh) / 2),
    dw,
    dh,
  );
  return true;
}
