// Helpers for QR browser tests: a harness page on the server's origin under
// the strict CSP the product promises, with jsQR (from node_modules) loaded
// into it, and a function that draws with drawQr, reads the canvas back and
// decodes it in the page (no megabytes of pixels cross into Node).
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";

const require = createRequire(import.meta.url);
const jsQrSource = readFileSync(require.resolve("jsqr/dist/jsQR.js"), "utf8");

export const strictCsp = "script-src 'self' 'wasm-unsafe-eval'";
export const harnessPath = "/__test__/qr-harness.html";

const harnessHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>QR harness</title>
<script src="/__test__/jsQR.js"></script></head>
<body style="margin:0"></body></html>`;

/**
 * Serves the harness page and jsQR under /__test__/ on the server's origin
 * (so a page under the strict CSP may load them as 'self').
 */
export async function routeTestAssets(page, server) {
  await page.route(`${server.url}/__test__/**`, (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === harnessPath) {
      return route.fulfill({
        contentType: "text/html; charset=utf-8",
        headers: { "content-security-policy": strictCsp },
        body: harnessHtml,
      });
    }
    if (pathname === "/__test__/jsQR.js") {
      return route.fulfill({ contentType: "text/javascript", body: jsQrSource });
    }
    return route.fulfill({ status: 404, body: "not a test asset" });
  });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
}

/**
 * Opens the harness in a new context with `deviceScaleFactor` and returns its
 * page; close the context when done. CSP violations are collected in
 * window.cspViolations.
 */
export async function openQrHarness(browser, server, { deviceScaleFactor = 1 } = {}) {
  const context = await browser.newContext({ deviceScaleFactor });
  const page = await context.newPage();
  await routeTestAssets(page, server);
  await page.goto(`${server.url}${harnessPath}`);
  await page.waitForFunction(() => typeof window.jsQR === "function");
  return { context, page };
}

/**
 * Reads the canvas matching `selector` back and decodes it with jsQR (loaded
 * into the page on first use). Resolves to the decoded UTF-8 text or null.
 */
export async function decodeCanvas(page, selector) {
  if (!(await page.evaluate(() => typeof window.jsQR === "function"))) {
    await page.addScriptTag({ url: "/__test__/jsQR.js" });
  }
  return page.$eval(selector, (canvas) => {
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    const found = window.jsQR(data, canvas.width, canvas.height, {
      inversionAttempts: "dontInvert",
    });
    return found ? new TextDecoder().decode(new Uint8Array(found.binaryData)) : null;
  });
}

/**
 * In the page: drawQr(text, options) into a fresh canvas, read every pixel
 * back and decode it. `logo` may be "busy:<seed>" for a generated worst-case
 * logo (random modules-sized black and white noise).
 * Returns { draw, width, height, styleWidth, decoded (string|null), modulesSolid }.
 */
export function drawAndDecode(page, text, options = {}) {
  return page.evaluate(
    async ({ text, options }) => {
      const { drawQr } = await import("/src/qr-canvas.js");
      if (options.logo?.startsWith("busy:")) options.logo = busyLogo(Number(options.logo.slice(5)));
      const canvas = document.createElement("canvas");
      document.body.replaceChildren(canvas);
      const draw = await drawQr(canvas, text, options);
      const out = {
        draw,
        width: canvas.width,
        height: canvas.height,
        styleWidth: canvas.style.width,
        styleHeight: canvas.style.height,
        decoded: null,
      };
      if (!draw.ok) return out;
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(data, canvas.width, canvas.height, {
        inversionAttempts: "dontInvert",
      });
      if (found)
        out.decoded = new TextDecoder("utf-8", { fatal: true }).decode(
          new Uint8Array(found.binaryData),
        );
      out.modules = checkModules(data, canvas.width, draw);
      if (draw.logoRect) {
        const { x, y, size } = draw.logoRect;
        const at = (px, py) => hex((py * canvas.width + px) * 4);
        out.centre = at(x + (size >> 1), y + (size >> 1));
        out.topMiddle = at(x + (size >> 1), y + Math.round(size * 0.15));
        const seen = new Set();
        for (let py = y; py < y + size; py++)
          for (let px = x; px < x + size; px++) seen.add(at(px, py));
        out.logoColours = [...seen];
      }
      return out;

      function hex(i) {
        return "#" + [0, 1, 2].map((k) => data[i + k].toString(16).padStart(2, "0")).join("");
      }

      // Every pixel of every module is the module's colour, foreground or background.
      function checkModules(data, width, d) {
        const colours = new Set();
        let badModules = 0;
        for (let my = 0; my < d.modules; my++) {
          for (let mx = 0; mx < d.modules; mx++) {
            const x0 = d.symbolOrigin + mx * d.modulePx;
            const y0 = d.symbolOrigin + my * d.modulePx;
            if (
              d.holeRect &&
              x0 >= d.holeRect.x &&
              x0 < d.holeRect.x + d.holeRect.size &&
              y0 >= d.holeRect.y &&
              y0 < d.holeRect.y + d.holeRect.size
            )
              continue;
            const first = (y0 * width + x0) * 4;
            colours.add(hex(first));
            let solid = true;
            for (let y = y0; y < y0 + d.modulePx && solid; y++) {
              for (let x = x0; x < x0 + d.modulePx; x++) {
                const i = (y * width + x) * 4;
                if (
                  data[i] !== data[first] ||
                  data[i + 1] !== data[first + 1] ||
                  data[i + 2] !== data[first + 2] ||
                  data[i + 3] !== data[first + 3]
                ) {
                  solid = false;
                  break;
                }
              }
            }
            if (!solid) badModules++;
          }
        }
        return { badModules, colours: [...colours].sort() };
      }

      // A logo as hard as it gets: random black/white blocks about a module wide.
      function busyLogo(seed) {
        const c = document.createElement("canvas");
        c.width = c.height = 64;
        const ctx = c.getContext("2d");
        let s = seed >>> 0 || 1;
        const rand = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
        for (let y = 0; y < 64; y += 4) {
          for (let x = 0; x < 64; x += 4) {
            ctx.fillStyle = rand() < 0.5 ? "#000" : "#fff";
            ctx.fillRect(x, y, 4, 4);
          }
        }
        return c.toDataURL("image/png");
      }
    },
    { text, options },
  );
}
