// The element's QR painting: synchronous with the component's QrCore (see
// web/src/qr-draw.js), in the colours ./qr-colors.js chose (black on white
// by default) with a quiet zone of 4; the logo, when there is one, is drawn
// into the cleared centre once it has loaded.
//
// Crisp on screen, not only on the canvas: the canvas covers exactly as many
// device pixels as it has backing pixels, and its CSS side is a whole number
// of CSS px. Chromium snaps a box to whole CSS px when the page's scale is
// emulated (a 254-pixel canvas sized 203.2px at 1.25 was shown 204px wide,
// 255 device px: one row doubled), so a fractional CSS side can never be 1:1
// there. The side is the first whole number from `size` whose device pixels
// are whole too (203 at 1.25 -> 204, 255 device px); the frame clips what it
// exceeds `size` by, which is quiet zone. The shadow stylesheet (./styles.js)
// samples it nearest-neighbour, which at 1:1 is an exact copy at any offset,
// fractional device pixels included.

import {
  drawContained,
  loadLogo,
  paintQr as paintQrCanvas,
  resetCanvas,
  warmUpQr,
} from "../qr-draw.js";

const blank = new WeakSet(); // canvases that show no code since their last clearQr
const warmedUp = new WeakSet(); // QrCores that painted a code, their throwaway one or a real one

/**
 * Sets the canvas to canvasSide(size, ratio) * ratio device pixels a side
 * (its CSS size exactly that many device pixels) showing no code:
 * transparent over the white the stylesheet gives the canvas (./styles.js). A canvas that is blank at that
 * size already is left as it is, and none gets a 2D context here (making one
 * and its bitmap is most of the cost of a first paint).
 * @param {HTMLCanvasElement} canvas
 * @param {number} size CSS pixels
 * @param {number} ratio device pixels per CSS pixel
 */
export function clearQr(canvas, size, ratio) {
  const side = Math.round(canvasSide(size, ratio) * ratio);
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
 * warmUpQr), and not at all once a real code was painted. Later paints find
 * it done; the canvas itself is left alone
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
    size: canvasSide(size, ratio),
    devicePixelRatio: ratio,
    logo,
    quietZone: 4,
    foreground: dark,
    background: light,
  });
  if (layout.ok) {
    warmedUp.add(qr);
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

// Up to how many CSS px the canvas may exceed the frame (the quiet zone is
// four modules of at least one device pixel each, 180px codes and up have
// far more).
const maxOverhang = 4;

/**
 * The canvas's CSS side for a `size` px frame: the first whole number of CSS
 * px from ceil(size) whose side * ratio is whole (1.25 -> a multiple of 4,
 * 1.5 -> even); `size` itself for ratios no side within maxOverhang fits
 * (a browser zoom of 110%), which are then shown as near 1:1 as they can be.
 */
function canvasSide(size, ratio) {
  const first = Math.ceil(size);
  for (let side = first; side <= first + maxOverhang; side++) {
    const device = side * ratio;
    if (Math.abs(device - Math.round(device)) < 1e-6) return side;
  }
  return size;
}

// The CSS size that covers exactly the canvas's backing pixels at `ratio`:
// a whole number of CSS px when canvasSide found one, else the nearest.
function fitDevicePixels(canvas, ratio) {
  canvas.style.width = `${canvas.width / ratio}px`;
  canvas.style.height = `${canvas.height / ratio}px`;
}
