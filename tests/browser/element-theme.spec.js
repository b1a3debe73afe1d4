// <scan-login>'s code in the page's colours: --scan-login-qr-dark and
// --scan-login-qr-light (inherited like any custom property). A pair a phone
// may not read (web/src/element/qr-colors.js: not opaque, dark lighter than
// light, or contrast below 3:1) is refused with one console warning naming
// both properties, and the code is drawn black on white. Every case is read
// back from the canvas's pixels and decoded with jsQR.
import { test, expect } from "./fixtures.js";
import { addLogin, openElementHarness } from "./element-harness.js";
import { waitForQr } from "./phone.js";

test.use({ serverArgs: ["--gene-rate", "0"] });

// Sets the properties on <body> (CSSOM: allowed under the harness's strict
// CSP), adds the element, waits for a decodable code, and returns the
// canvas's distinct colours with the console warnings of the page.
async function themedCode(page, server, properties) {
  const warnings = [];
  page.on("console", (m) => {
    // The element's own warnings (Chromium adds its own about the test's
    // repeated getImageData reads).
    if (m.type() === "warning" && m.text().startsWith("scan-login:")) warnings.push(m.text());
  });
  await openElementHarness(page, server);
  await page.evaluate((properties) => {
    for (const [name, value] of Object.entries(properties)) {
      document.body.style.setProperty(name, value);
    }
  }, properties);
  const login = await addLogin(page, { "app-id": "demo" });
  const text = await waitForQr(login.locator("canvas"));
  const colours = await login.evaluate((e) => {
    const canvas = e.shadowRoot.querySelector("canvas");
    const { data } = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height);
    const seen = new Set();
    for (let i = 0; i < data.length; i += 4) {
      const hex = (v) => v.toString(16).padStart(2, "0");
      seen.add(`#${hex(data[i])}${hex(data[i + 1])}${hex(data[i + 2])}${hex(data[i + 3])}`);
    }
    return [...seen].sort();
  });
  expect(text).toContain("/m/");
  return { login, colours, warnings };
}

test("the code takes --scan-login-qr-dark and --scan-login-qr-light", async ({ page, server }) => {
  const { colours, warnings } = await themedCode(page, server, {
    "--scan-login-qr-dark": "rgb(26, 61, 124)",
    "--scan-login-qr-light": "#f6f8fa",
  });
  expect(colours).toEqual(["#1a3d7cff", "#f6f8faff"]);
  expect(warnings).toEqual([]);
});

test("one property alone pairs with the default of the other", async ({ page, server }) => {
  const { colours, warnings } = await themedCode(page, server, {
    "--scan-login-qr-dark": "darkgreen",
  });
  expect(colours).toEqual(["#006400ff", "#ffffffff"]);
  expect(warnings).toEqual([]);
});

for (const [name, properties, why] of [
  [
    "too little contrast",
    { "--scan-login-qr-dark": "#777777", "--scan-login-qr-light": "#888888" },
    /contrast of 1\.\d\d:1, below 3:1/,
  ],
  [
    "WeChat green on white (2.4:1)",
    { "--scan-login-qr-dark": "#07c160", "--scan-login-qr-light": "#ffffff" },
    /contrast of 2\.38:1/,
  ],
  [
    "dark lighter than light",
    { "--scan-login-qr-dark": "#ffffff", "--scan-login-qr-light": "#000000" },
    /dark colour lighter than the light one/,
  ],
  [
    "a translucent colour",
    { "--scan-login-qr-dark": "rgba(0, 0, 0, 0.5)", "--scan-login-qr-light": "#ffffff" },
    /not opaque/,
  ],
  [
    "not a colour",
    { "--scan-login-qr-dark": "nonsense", "--scan-login-qr-light": "#ffffff" },
    /--scan-login-qr-dark is not a colour/,
  ],
]) {
  test(`${name}: refused with a warning, drawn black on white`, async ({ page, server }) => {
    const { colours, warnings } = await themedCode(page, server, properties);
    expect(colours).toEqual(["#000000ff", "#ffffffff"]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain("--scan-login-qr-dark");
    expect(warnings[0]).toContain("--scan-login-qr-light");
    expect(warnings[0]).toMatch(why);
    expect(warnings[0]).toContain("black on white");
  });
}

test("a refused pair is warned about once, not at every repaint", async ({ page, server }) => {
  const { login, warnings } = await themedCode(page, server, {
    "--scan-login-qr-dark": "#777777",
    "--scan-login-qr-light": "#888888",
  });
  await login.evaluate((e) => e.setAttribute("size", "300"));
  await login.evaluate((e) => e.setAttribute("size", "200"));
  await expect
    .poll(() => login.evaluate((e) => e.shadowRoot.querySelector("canvas").width))
    .toBe(200);
  expect(warnings).toHaveLength(1);
});
