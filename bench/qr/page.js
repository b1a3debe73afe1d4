// Runs in the bench page (served through page.route on the server's origin):
// the same texts encoded and drawn by our WASM core (drawQr), by `qrcode` and
// by `qrcode-generator`, each into its own 256 CSS px canvas at level H.
import { drawQr } from "/src/qr-canvas.js";
import { renderQrPixels, loadQrCore } from "/src/qr-core.js";
import QRCode from "/__bench__/qrcode.mjs";
import qrcodeGenerator from "/__bench__/qrcode-generator.mjs";

const utf8 = new TextEncoder();
qrcodeGenerator.stringToBytes = (s) => Array.from(utf8.encode(s));

const size = 256;
const quietZone = 4;

function canvasFor(name) {
  const canvas = document.createElement("canvas");
  canvas.setAttribute("aria-label", name);
  document.body.append(canvas);
  return canvas;
}

// Each drawer resolves once its code is on the canvas; reading one pixel back
// makes chromium rasterise the drawing, so deferred work is counted too.
const drawers = {
  wasm: (canvas) => async (text) => {
    const r = await drawQr(canvas, text, { size, ecc: "H", quietZone, devicePixelRatio: 1 });
    if (!r.ok) throw new Error(r.error);
  },
  qrcode: (canvas) => (text) =>
    QRCode.toCanvas(canvas, text, { errorCorrectionLevel: "H", margin: quietZone, width: size }),
  "qrcode-generator": (canvas) => async (text) => {
    const qr = qrcodeGenerator(0, "H");
    qr.addData(text, "Byte");
    qr.make();
    const count = qr.getModuleCount();
    const cell = Math.max(1, Math.floor(size / (count + 2 * quietZone)));
    canvas.width = canvas.height = size;
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.fillRect(0, 0, size, size);
    const offset = Math.floor((size - cell * count) / 2);
    ctx.setTransform(1, 0, 0, 1, offset, offset);
    qr.renderTo2dContext(ctx, cell);
    ctx.setTransform(1, 0, 0, 1, 0, 0);
  },
  // Not a peer: our core alone (encode + one pixel per module, no canvas), for insight.
  "wasm core only": () => async (text) => {
    const r = await renderQrPixels(text, { size, ecc: "H", quietZone, onePixelPerModule: true });
    if (!r.ok) throw new Error(r.error);
  },
};

async function timePerCode(draw, canvas, text, minMs, minIterations) {
  const flush = () => canvas?.getContext("2d").getImageData(0, 0, 1, 1);
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs || iterations < minIterations) {
    await draw(text);
    flush();
    iterations++;
    elapsed = performance.now() - start;
  }
  return elapsed / iterations;
}

/**
 * @param {{texts: Record<string,string>, rounds: number, minMs: number, minIterations: number}} config
 * @returns {Promise<Record<string, Record<string, number>>>} median ms per code, by drawer then text
 */
window.runBench = async ({ texts, rounds, minMs, minIterations }) => {
  await loadQrCore();
  const entries = Object.entries(drawers).map(([name, make]) => {
    const canvas = name === "wasm core only" ? null : canvasFor(name);
    return [name, canvas, make(canvas)];
  });
  const samples = {};
  for (const [name, canvas, draw] of entries) {
    samples[name] = {};
    for (const [label, text] of Object.entries(texts)) {
      await timePerCode(draw, canvas, text, 50, 5); // warm up (JIT, caches)
      samples[name][label] = [];
    }
  }
  // Rounds interleave the libraries so that drift hits all of them alike.
  for (let round = 0; round < rounds; round++) {
    for (const [name, canvas, draw] of entries) {
      for (const [label, text] of Object.entries(texts)) {
        samples[name][label].push(await timePerCode(draw, canvas, text, minMs, minIterations));
      }
    }
  }
  const median = (xs) => xs.sort((a, b) => a - b)[xs.length >> 1];
  return Object.fromEntries(
    Object.entries(samples).map(([name, byText]) => [
      name,
      Object.fromEntries(Object.entries(byText).map(([label, xs]) => [label, median(xs)])),
    ]),
  );
};
window.benchReady = true;
