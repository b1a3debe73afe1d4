// The element's QR painting: synchronous with the component's QrCore (see
// web/src/qr-draw.js), black on white with a quiet zone of 4; the logo, when
// there is one, is drawn into the cleared centre once it has loaded.

import { drawContained, loadLogo, paintQr as paintQrCanvas } from "../qr-draw.js";

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
  return paintQrCanvas(canvas, qr, text, {
    size,
    devicePixelRatio: ratio,
    logo,
    quietZone: 4,
    background: "#ffffff",
  });
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
  let img;
  try {
    img = await loadLogo(url);
  } catch {
    return false;
  }
  if (!stillCurrent()) return false;
  drawContained(canvas.getContext("2d"), img, rect);
  return true;
}
