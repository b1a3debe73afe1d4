// <scan-login> as it reaches the screen, not as it is on the canvas: at the
// common display scalings (1.25, 1.5, 1.75 are Windows' defaults on laptops)
// and at fractional CSS positions, a screenshot of the code's square must hold
// only pure black and pure white pixels (a canvas painted between device
// pixels is resampled by the compositor, which makes every module edge grey)
// and must still decode to the code on the canvas.
//
// Set CRISP_REPORT=1 to print the grey-pixel count of every case.
import { createRequire } from "node:module";
import { test, expect } from "./fixtures.js";
import { openElementHarness } from "./element-harness.js";
import { waitForQr } from "./phone.js";

const require = createRequire(import.meta.url);
// pngjs comes with the qrcode devDependency (its PNG output); jsqr is a
// devDependency of its own. Both decode in Node, so the browser under test
// plays no part in reading its own screenshot.
const { PNG } = require("pngjs");
const jsQR = require("jsqr");

test.use({ serverArgs: ["--gene-rate", "0"] });

const ratios = [1, 1.25, 1.5, 1.75, 2, 3];

// Where the element sits. Each is the style of a wrapper <div> and of the
// element, and the element's size attribute.
const placements = {
  "integer position": { wrapper: "position: absolute; left: 20px; top: 16px", size: 240 },
  "padding-left 10.3px": { wrapper: "padding: 7.6px 0 0 10.3px", size: 240 },
  "centred on a half pixel": {
    wrapper: "width: 301px; padding-top: 0.5px",
    element: "display: block; width: max-content; margin: 0 auto",
    size: 240,
  },
  "fractional position, size 203": { wrapper: "padding: 3.7px 0 0 5.45px", size: 203 },
};

// A channel this close to 0 or 255 is what PNG encoding and sRGB round trips
// leave of pure black or white; anything between is a resampled edge.
const isPure = (value) => value <= 8 || value >= 247;

for (const ratio of ratios) {
  test.describe(`device pixel ratio ${ratio}`, () => {
    for (const [name, placement] of Object.entries(placements)) {
      test(`${name}: no grey pixels on screen and the code decodes`, async ({
        browser,
        server,
      }) => {
        const context = await browser.newContext({
          deviceScaleFactor: ratio,
          viewport: { width: 420, height: 320 },
        });
        try {
          const page = await context.newPage();
          await openElementHarness(page, server);
          await page.evaluate((p) => {
            const wrapper = document.createElement("div");
            wrapper.style.cssText = p.wrapper;
            const login = document.createElement("scan-login");
            login.setAttribute("app-id", "demo");
            login.setAttribute("size", String(p.size));
            if (p.element) login.style.cssText = p.element;
            wrapper.append(login);
            document.body.style.margin = "0";
            document.body.append(wrapper);
          }, placement);
          const login = page.locator("scan-login");
          const onCanvas = await waitForQr(login.locator("canvas"));
          const square = await codeSquare(login);
          // Two frames: whatever the element adjusts after painting is on screen.
          await page.evaluate(
            () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))),
          );

          const shot = PNG.sync.read(await page.screenshot({ animations: "disabled" }));
          expect(shot.width).toBe(Math.round(420 * ratio));
          const crop = cropDevicePixels(shot, square, ratio);
          const grey = countGrey(crop, Math.ceil(square.radius * ratio));
          if (process.env.CRISP_REPORT) {
            console.log(
              `ratio ${ratio}, ${name}: ${grey} grey of ${crop.width * crop.height} pixels`,
            );
          }
          expect(grey, `grey pixels in the ${crop.width}x${crop.height} code square`).toBe(0);
          // No grey could still hide a rescale (nearest-neighbour doubling or
          // dropping a row of device pixels): on screen must be the canvas's
          // own pixels, shifted by a whole number of device pixels.
          expect(await mismatchesWithCanvas(login, shot, ratio)).toBe(0);
          const found = jsQR(crop.data, crop.width, crop.height, {
            inversionAttempts: "dontInvert",
          });
          expect(found?.data).toBe(onCanvas);
        } finally {
          await context.close();
        }
      });
    }
  });
}

// The fewest pixels of the canvas that differ from the screenshot under it,
// over offsets within 2 device pixels of its measured position (Chromium
// snaps painted boxes on its own, not always as round() would); pixels the frame clips or rounds off are not compared.
async function mismatchesWithCanvas(login, shot, ratio) {
  const { dataUrl, rect } = await login.evaluate((element) => {
    const canvas = element.shadowRoot.querySelector("canvas");
    const r = canvas.getBoundingClientRect();
    return { dataUrl: canvas.toDataURL(), rect: { x: r.x, y: r.y } };
  });
  const canvas = PNG.sync.read(Buffer.from(dataUrl.split(",")[1], "base64"));
  // All but a 10 CSS px margin, which the frame's rounded corners (8px) and
  // its clip of the fraction of a pixel the canvas overhangs stay within.
  const inset = Math.ceil(10 * ratio);
  let fewest = Infinity;
  for (let dx = Math.round(rect.x * ratio) - 2; dx <= Math.round(rect.x * ratio) + 2; dx++) {
    for (let dy = Math.round(rect.y * ratio) - 2; dy <= Math.round(rect.y * ratio) + 2; dy++) {
      let mismatches = 0;
      for (let y = inset; y < canvas.height - inset; y++) {
        for (let x = inset; x < canvas.width - inset; x++) {
          const c = (y * canvas.width + x) * 4;
          const s = ((dy + y) * shot.width + dx + x) * 4;
          if (canvas.data[c] < 128 !== shot.data[s] < 128) mismatches++;
        }
      }
      fewest = Math.min(fewest, mismatches);
    }
  }
  return fewest;
}

// The frame's padding box in CSS px (the square the code is shown in) and
// its outer corner radius.
function codeSquare(login) {
  return login.evaluate((element) => {
    const frame = element.shadowRoot.querySelector('[part="frame"]');
    const r = frame.getBoundingClientRect();
    return {
      x: r.x + frame.clientLeft,
      y: r.y + frame.clientTop,
      width: frame.clientWidth,
      height: frame.clientHeight,
      radius: parseFloat(getComputedStyle(frame).borderTopLeftRadius) || 0,
    };
  });
}

// The device pixels wholly inside `square`, less 2 on each side so that the
// frame's border (and its anti-aliased edge) is never counted. What remains
// starts in the code's white quiet zone.
function cropDevicePixels(png, square, ratio) {
  const x0 = Math.ceil(square.x * ratio) + 2;
  const y0 = Math.ceil(square.y * ratio) + 2;
  const x1 = Math.floor((square.x + square.width) * ratio) - 2;
  const y1 = Math.floor((square.y + square.height) * ratio) - 2;
  const width = x1 - x0;
  const height = y1 - y0;
  const data = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    const from = ((y0 + y) * png.width + x0) * 4;
    data.set(png.data.subarray(from, from + width * 4), y * width * 4);
  }
  return { width, height, data };
}

// Pixels of `crop` that are neither black nor white, outside its four corner
// squares of side `corner`: there the frame's rounded border is drawn over
// the quiet zone, anti-aliased on purpose.
function countGrey({ data, width, height }, corner) {
  let grey = 0;
  for (let y = 0; y < height; y++) {
    const nearEdgeY = y < corner || y >= height - corner;
    for (let x = 0; x < width; x++) {
      if (nearEdgeY && (x < corner || x >= width - corner)) continue;
      const i = (y * width + x) * 4;
      if (!isPure(data[i]) || !isPure(data[i + 1]) || !isPure(data[i + 2])) grey++;
    }
  }
  return grey;
}
