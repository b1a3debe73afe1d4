// drawQr in real chromium against the real server: what a phone's camera
// would read. Pixels are read back from the canvas and decoded with jsQR.
import { test, expect } from "./fixtures.js";
import { openQrHarness, drawAndDecode } from "./qr-helpers.js";

const longUrl = (() => {
  const base =
    "https://login.example.com/m/AbCdEf0123456789-_xyz?app_id=5f0c7a1e9d2b&redirect_uri=";
  let url =
    base + encodeURIComponent("https://www.example.org/callback?next=/dashboard&lang=zh-CN");
  for (let i = 0; url.length < 300; i++) url += `&k${i}=Value${i}%20MixedCase`;
  return url.slice(0, 300);
})();

const texts = {
  ascii: "Hello, QR! Case-Sensitive text 0123456789 ~!@#$%^&*()",
  url300: longUrl,
  chinese: "扫码登录：请在手机上确认本次登录。中文测试，二维码。",
};

test("the 300-character URL really is 300 characters with a query string", () => {
  expect(texts.url300).toHaveLength(300);
  expect(new URL(texts.url300).searchParams.get("app_id")).toBe("5f0c7a1e9d2b");
});

for (const dpr of [1, 2, 3]) {
  test.describe(`device pixel ratio ${dpr}`, () => {
    let harness;
    test.beforeAll(async ({ browser, server }) => {
      harness = await openQrHarness(browser, server, { deviceScaleFactor: dpr });
    });
    test.afterAll(async () => {
      await harness?.context.close();
    });

    for (const size of [120, 200, 256, 333, 480]) {
      for (const [name, text] of Object.entries(texts)) {
        test(`${name} at ${size} CSS px decodes to the input`, async () => {
          const r = await drawAndDecode(harness.page, text, { size, ecc: "M" });
          expect(r.draw.ok).toBe(true);
          expect(r.width).toBe(Math.round(size * dpr));
          expect(r.height).toBe(r.width);
          expect(r.styleWidth).toBe(`${size}px`);
          expect(r.modules.badModules).toBe(0);
          expect(r.modules.colours).toEqual(["#000000", "#ffffff"]);
          expect(r.decoded).toBe(text);
        });
      }
    }
  });
}

// A plain logo: a coloured rounded square with a letter, as an SVG data URL.
const svgLogo =
  "data:image/svg+xml," +
  encodeURIComponent(
    `<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">` +
      `<rect width="64" height="64" rx="12" fill="#07c160"/>` +
      `<text x="32" y="44" font-size="36" text-anchor="middle" fill="#fff" font-family="sans-serif">S</text></svg>`,
  );

test.describe("centre logo", () => {
  for (const dpr of [1, 2, 3]) {
    test(`a logo forces level H, is drawn in the centre and still decodes at ratio ${dpr}`, async ({
      browser,
      server,
    }) => {
      const { context, page } = await openQrHarness(browser, server, { deviceScaleFactor: dpr });
      try {
        for (const [text, size] of [
          [texts.ascii, 160],
          [texts.url300, 480],
          [texts.chinese, 256],
        ]) {
          const r = await drawAndDecode(page, text, { size, ecc: "L", logo: svgLogo });
          expect(r.draw).toMatchObject({ ok: true, ecc: "H", logo: "drawn" });
          expect(r.draw.logoRect.size).toBeGreaterThan(0);
          expect(r.topMiddle).toBe("#07c160");
          expect(r.decoded).toBe(text);
        }
      } finally {
        await context.close();
      }
    });

    test(`a worst-case busy logo still decodes at ratio ${dpr}`, async ({ browser, server }) => {
      const { context, page } = await openQrHarness(browser, server, { deviceScaleFactor: dpr });
      try {
        for (const [seed, text, size] of [
          [1, texts.ascii, 200],
          [2, texts.url300, 480],
          [3, texts.chinese, 320],
          [4, "https://login.example.com/m/Zx9", 120],
        ]) {
          const r = await drawAndDecode(page, text, { size, logo: `busy:${seed}` });
          expect(r.draw).toMatchObject({ ok: true, ecc: "H", logo: "drawn" });
          expect(r.logoColours).toEqual(expect.arrayContaining(["#000000", "#ffffff"]));
          expect(r.decoded).toBe(text);
        }
      } finally {
        await context.close();
      }
    });
  }

  test("a logo that cannot be loaded leaves an empty centre and says why", async ({
    browser,
    server,
  }) => {
    const { context, page } = await openQrHarness(browser, server);
    try {
      const r = await drawAndDecode(page, texts.ascii, { size: 256, logo: "/no-such-logo.png" });
      expect(r.draw).toMatchObject({ ok: true, ecc: "H", logo: "failed" });
      expect(r.draw.logoError).toContain("/no-such-logo.png");
      expect(r.centre).toBe("#ffffff");
      expect(r.decoded).toBe(texts.ascii);
    } finally {
      await context.close();
    }
  });
});

test.describe("bad input", () => {
  let harness;
  test.beforeAll(async ({ browser, server }) => {
    harness = await openQrHarness(browser, server, { deviceScaleFactor: 2 });
  });
  test.afterAll(async () => {
    await harness?.context.close();
  });

  const cases = [
    ["empty text", "", {}, /text is empty/],
    ["text too long for version 40", "x".repeat(3000), { ecc: "L" }, /text too long/],
    ["text too long at level H", "x".repeat(1300), { ecc: "H" }, /text too long/],
    ["a bad foreground colour", "hello", { foreground: "red" }, /foreground: bad colour "red"/],
    ["a bad background colour", "hello", { background: "#12345" }, /background: bad colour/],
    ["colours without contrast", "hello", { foreground: "#777", background: "#888" }, /contrast/],
    ["a canvas too small", texts.url300, { size: 30 }, /use at least \d+ CSS px/],
    ["an unknown level", "hello", { ecc: "X" }, /must be L, M, Q or H/],
    ["a quiet zone out of range", "hello", { quietZone: 17 }, /quiet zone 17 is out of range/],
  ];
  for (const [name, text, options, message] of cases) {
    test(`${name} is an error value and leaves the canvas as it was`, async () => {
      const r = await harness.page.evaluate(
        async ({ text, options }) => {
          const { drawQr } = await import("/src/qr-canvas.js");
          const canvas = document.createElement("canvas");
          await drawQr(canvas, "first", { size: 100 });
          const before = canvas.toDataURL();
          const draw = await drawQr(canvas, text, options);
          return { draw, unchanged: canvas.toDataURL() === before, width: canvas.width };
        },
        { text, options },
      );
      expect(r.draw.ok).toBe(false);
      expect(r.draw.error).toMatch(message);
      expect(r.unchanged).toBe(true);
      expect(r.width).toBe(200);
    });
  }

  test("a non-canvas is a TypeError", async () => {
    const message = await harness.page.evaluate(async () => {
      const { drawQr } = await import("/src/qr-canvas.js");
      return drawQr(document.body, "x").then(
        () => "resolved",
        (e) => `${e.name}: ${e.message}`,
      );
    });
    expect(message).toMatch(/^TypeError: drawQr: the first argument must be a <canvas>/);
  });
});

test("a later drawQr on the same canvas wins, the earlier one paints nothing", async ({
  browser,
  server,
}) => {
  const { context, page } = await openQrHarness(browser, server);
  try {
    const r = await page.evaluate(async () => {
      const { drawQr } = await import("/src/qr-canvas.js");
      const canvas = document.createElement("canvas");
      document.body.replaceChildren(canvas);
      const [first, second] = await Promise.all([
        drawQr(canvas, "first text", { size: 200, logo: "/no-such-logo.png" }),
        drawQr(canvas, "second text", { size: 300 }),
      ]);
      const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
      const found = window.jsQR(data, canvas.width, canvas.height);
      return { first, second, decoded: found?.data, width: canvas.width };
    });
    expect(r.first).toMatchObject({ ok: false, superseded: true });
    expect(r.second).toMatchObject({ ok: true });
    expect(r.width).toBe(300);
    expect(r.decoded).toBe("second text");
  } finally {
    await context.close();
  }
});

test("drawQr runs under script-src 'self' 'wasm-unsafe-eval' without a violation", async ({
  browser,
  server,
}) => {
  const { context, page } = await openQrHarness(browser, server);
  try {
    const r = await drawAndDecode(page, "csp", { size: 128, logo: svgLogo });
    expect(r.decoded).toBe("csp");
    expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  } finally {
    await context.close();
  }
});

test("the WebAssembly is fetched once, on the first draw, not on import", async ({
  browser,
  server,
}) => {
  const { context, page } = await openQrHarness(browser, server);
  try {
    const wasmRequests = [];
    page.on("request", (r) => {
      if (r.url().endsWith(".wasm")) wasmRequests.push(r.url());
    });
    await page.evaluate(() => import("/src/qr-canvas.js"));
    expect(wasmRequests).toEqual([]);
    for (const text of ["one", "two", "three"]) {
      expect((await drawAndDecode(page, text, { size: 150 })).decoded).toBe(text);
    }
    expect(wasmRequests).toEqual([`${server.url}/wasm/scan-login-qr.wasm`]);
  } finally {
    await context.close();
  }
});
