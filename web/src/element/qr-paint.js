// The element's QR painting: synchronous with the component's QrCore (see
// web/src/qr-draw.js), in the colours ./qr-colors.js chose (black on white
// by default) with a quiet zone of 4; the logo, when there is one, is drawn
// into the cleared centre once it has loaded.
//
// Crisp on screen, not only on the canvas: the canvas's CSS size is its
// backing size divided by the ratio, so it covers exactly that many device
// pixels (size * ratio is not always whole: 203 CSS px at 1.25 is 253.75
// device px, and a 254-pixel canvas shown in 253.75 would be rescaled). The
// shadow stylesheet (./styles.js) samples it nearest-neighbour, which at 1:1
// is an exact copy at any offset, fractional device pixels included.

import {
  drawContained,
  loadLogo,
  paintQr as paintQrCanvas,
  resetCanvas,
  warmUpQr,
} from "../qr-draw.js";

const blank = new WeakSet(); // canvases that show no code since their last clearQr
const warmedUp = new WeakSet(); // QrCores that painted their throwaway code

/**
 * Sets the canvas to round(size * ratio) device pixels a side (CSS size that
 * many device pixels, within half a device pixel of `size`) showing no code:
 * transparent over the white the stylesheet gives the canvas (./styles.js). A canvas that is blank at that
 * size already is left as it is, and none gets a 2D context here (making one
 * and its bitmap is most of the cost of a first paint).
 * @param {HTMLCanvasElement} canvas
 * @param {number} size CSS pixels
 * @param {number} ratio device pixels per CSS pixel
 */
export function clearQr(canvas, size, ratio) {
  const side = Math.round(size * ratio);
  if (canvas.width !== side || canvas.height !== side) {
    canvas.width = side;
    canvas.height = side;
  } else if (!blank.has(canvas)) {
    resetCanvas(canvas, side);
  }
  blank.add(canvas);
  fitDevicePixels(canvas, ratio);
}

/**
 * Work the first paint on a page would do, done ahead while the element
 * waits for its code: the core's throwaway code, once per core (see
 * warmUpQr). Later paints find it done; the canvas itself is left alone
 * (making its bitmap ahead measured slower than making it while painting).
 * @param {import("../qr-core.js").QrCore} qr
 */
export function prepareQr(qr) {
  if (warmedUp.has(qr)) return;
  warmedUp.add(qr);
  warmUpQr(qr);
}

/**
 * Paints `text` now. With `logo` the code is made at level H with a cleared
 * centre, and the returned layout's logoRect says where to put the image.
 * The canvas is sized as by clearQr.
 * @param {HTMLCanvasElement} canvas
 * @param {import("../qr-core.js").QrCore} qr
 * @param {string} text
 * @param {{size: number, ratio: number, logo?: boolean, dark?: string, light?: string}} options
 *   dark and light: "#rrggbb" (black and white by default)
 * @returns {import("../qr-core").QrLayoutResult} `{ok: false, error}` when the
 *   core refuses the text; the canvas is then left as it was.
 */
export function paintQr(
  canvas,
  qr,
  text,
  { size, ratio, logo = false, dark = "#000000", light = "#ffffff" },
) {
  const layout = paintQrCanvas(canvas, qr, text, {
    size,
    devicePixelRatio: ratio,
    logo,
    quietZone: 4,
    foreground: dark,
    background: light,
  });
  if (layout.ok) {
    blank.delete(canvas);
    fitDevicePixels(canvas, ratio);
  }
  return layout;
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

// The CSS size that covers exactly the canvas's backing pixels at `ratio`; it
// may be fractional (254 / 1.25 = 203.2px), and the frame clips the fraction
// of a device pixel it exceeds `size` by, which is quiet zone.
function fitDevicePixels(canvas, ratio) {
  canvas.style.width = `${canvas.width / ratio}px`;
  canvas.style.height = `${canvas.height / ratio}px`;
}
