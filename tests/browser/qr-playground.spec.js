// The QR playground as a user drives it: type, pick options, read the code.
import { test, expect } from "./fixtures.js";
import { decodeCanvas, routeTestAssets, strictCsp } from "./qr-helpers.js";

// Opens the playground with the strict CSP added to its HTML, whatever
// headers the server sends, and waits for the first code.
async function openPlayground(browser, server, { deviceScaleFactor = 1 } = {}) {
  const context = await browser.newContext({ deviceScaleFactor });
  const page = await context.newPage();
  await routeTestAssets(page, server);
  await page.route(`${server.url}/playground/`, async (route) => {
    const response = await route.fetch();
    await route.fulfill({
      response,
      headers: { ...response.headers(), "content-security-policy": strictCsp },
    });
  });
  await page.goto(`${server.url}/playground/`);
  await settled(page);
  return { context, page };
}

// The figure is aria-busy from the first input event until its code is drawn.
const settled = (page) => expect(page.locator("#figure")).toHaveAttribute("aria-busy", "false");

test.describe("QR playground", () => {
  let context;
  let page;
  test.beforeEach(async ({ browser, server }) => {
    ({ context, page } = await openPlayground(browser, server, { deviceScaleFactor: 2 }));
  });
  test.afterEach(async () => {
    await context?.close();
  });

  test("the code follows the text as it is typed", async () => {
    await expect(page.locator("#info")).toContainText("Version");
    expect(await decodeCanvas(page, "#qr")).toBe(
      "https://login.example.com/m/5f0c7a1e9d2b?lang=en",
    );

    await page.getByLabel("Text to encode").fill("");
    await page.getByLabel("Text to encode").pressSequentially("Hi 扫码");
    await settled(page);
    expect(await decodeCanvas(page, "#qr")).toBe("Hi 扫码");
    await expect(page.getByRole("img", { name: "QR code for: Hi 扫码" })).toBeVisible();
    expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
  });

  test("size, level and quiet zone change the canvas", async () => {
    await page.getByLabel(/^Size/).fill("333");
    await page.getByLabel("Error correction").selectOption("H");
    await page.getByLabel(/Quiet zone/).fill("2");
    await settled(page);
    const canvas = page.locator("#qr");
    await expect(canvas).toHaveJSProperty("width", 666);
    await expect(canvas).toHaveJSProperty("height", 666);
    expect(await canvas.evaluate((c) => c.style.width)).toBe("333px");
    await expect(page.locator("#info")).toContainText("level H");
    await expect(page.locator("#info")).toContainText("(333 CSS px × 2)");
    expect(await decodeCanvas(page, "#qr")).toBe(
      "https://login.example.com/m/5f0c7a1e9d2b?lang=en",
    );
  });

  test("every built-in logo forces level H and still decodes", async () => {
    const logos = await page
      .locator("#logo option")
      .evaluateAll((options) =>
        options.map((o) => o.value).filter((v) => v !== "none" && v !== "custom"),
      );
    expect(logos.length).toBeGreaterThanOrEqual(3);
    for (const logo of logos) {
      await page.getByLabel("Centre logo").selectOption(logo);
      await settled(page);
      await expect(page.locator("#info")).toContainText("level H (forced by the logo)");
      expect(await decodeCanvas(page, "#qr"), logo).toBe(
        "https://login.example.com/m/5f0c7a1e9d2b?lang=en",
      );
    }
  });

  test("custom colours are drawn and still decode", async () => {
    await page.locator("#foreground").fill("#1a237e");
    await page.locator("#background").fill("#fffde7");
    await settled(page);
    const corner = await page.locator("#qr").evaluate((c) => {
      const q = c.getContext("2d").getImageData(0, 0, 1, 1).data;
      return [q[0], q[1], q[2]];
    });
    expect(corner).toEqual([0xff, 0xfd, 0xe7]);
    expect(await page.locator("#foreground-picker").inputValue()).toBe("#1a237e");
    expect(await decodeCanvas(page, "#qr")).toBe(
      "https://login.example.com/m/5f0c7a1e9d2b?lang=en",
    );
  });

  const badInputs = [
    ["empty text", (p) => p.getByLabel("Text to encode").fill(""), /text is empty/],
    ["too long", (p) => p.getByLabel("Text to encode").fill("y".repeat(3000)), /text too long/],
    ["a bad colour", (p) => p.locator("#foreground").fill("#12g"), /foreground: bad colour "#12g"/],
    [
      "colours too alike",
      (p) => p.locator("#background").fill("#111111"),
      /contrast of at least 2:1/,
    ],
  ];
  for (const [name, act, message] of badInputs) {
    test(`${name} shows an error until it is fixed`, async () => {
      await act(page);
      await settled(page);
      await expect(page.getByRole("alert")).toHaveText(message);
      await expect(page.locator("#qr")).toHaveClass(/stale/);
      await expect(page.getByRole("img", { name: /out of date/ })).toBeVisible();

      await page.getByLabel("Text to encode").fill("fixed");
      await page.locator("#foreground").fill("#000000");
      await page.locator("#background").fill("#ffffff");
      await settled(page);
      await expect(page.getByRole("alert")).toBeHidden();
      expect(await decodeCanvas(page, "#qr")).toBe("fixed");
    });
  }

  test("a logo URL that does not load is reported and the code is drawn without it", async () => {
    await page.getByLabel("Centre logo").selectOption("custom");
    await page.getByLabel(/Logo URL/).fill("/missing-logo.png");
    await settled(page);
    await expect(page.locator("#warning")).toHaveText(
      /without the logo: could not load .*missing-logo/,
    );
    expect(await decodeCanvas(page, "#qr")).toBe(
      "https://login.example.com/m/5f0c7a1e9d2b?lang=en",
    );
  });
});

test("the home page (the login demo) links to the playground", async ({ browser, server }) => {
  const context = await browser.newContext();
  const page = await context.newPage();
  try {
    await page.goto(`${server.url}/`);
    await page.getByRole("link", { name: "QR playground" }).click();
    await expect(page).toHaveURL(`${server.url}/playground/`);
    await expect(page.getByRole("heading", { name: "QR playground" })).toBeVisible();
    await settled(page);
  } finally {
    await context.close();
  }
});
