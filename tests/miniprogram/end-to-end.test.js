/**
 * @jest-environment node
 */
// A whole login, both ends real: the PC is the server's demo page `/` with
// the `<scan-login>` element in Debian's chromium (its app in `wechat` mode),
// the phone is the mini program under miniprogram-simulate, opened with the
// text decoded from the QR pixels on the PC's canvas; WeChat is the fake.
// The PC lands on the demo site's /callback with a verified token whose
// payload says phone_number_verified: true.
import "./support/install-dom.js";
import { chromium } from "playwright-core";
import { startFakeWechat } from "../fake-wechat/server.mjs";
import { launchOptions } from "../browser/chromium-launch.js";
import { waitForQr } from "../browser/phone.js";
import { createNodeWx } from "./support/node-wx.js";
import { config, openLoginPage } from "./support/page.js";
import { startWechatServer, wechatApp, requireWechatServer } from "./support/real-server.js";

requireWechatServer();

// The home page's element asks for app "demo": here a wechat app.
const site = wechatApp({ appId: "demo", appSecret: "demo-secret-e2e", name: "E2E Shop" });

let fake;
let server;
let browser;

describe("PC page in chromium, phone in the mini program", () => {
  beforeAll(async () => {
    fake = await startFakeWechat({ port: 0 });
    fake.control.registerMiniProgram({
      appid: site.miniProgram.appId,
      secret: site.miniProgram.appSecret,
    });
    server = await startWechatServer({ wechatApiBase: fake.url, apps: [site] });
    config.serverUrl = server.url;
    // As playwright.config.js launches it: no network beyond loopback.
    browser = await chromium.launch(launchOptions);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await fake?.close();
  });

  test("scan the canvas, share the phone, confirm: the PC is logged in with a verified number", async () => {
    const context = await browser.newContext({ locale: "en-US" });
    const pc = await context.newPage();
    let phonePage;
    try {
      await pc.goto(`${server.url}/`);
      const qr = await waitForQr(pc.locator("scan-login canvas"));
      expect(qr).toMatch(new RegExp(`^${server.url}/m/[A-Za-z0-9_-]{16,}$`));

      const wx = createNodeWx({
        language: "en",
        login: () =>
          fake.control.registerLoginCode({ appid: site.miniProgram.appId, openid: "o-e2e-grace" })
            .code,
      });
      phonePage = openLoginPage({
        wx,
        options: {
          q: encodeURIComponent(qr),
          scancode_time: String(Math.floor(Date.now() / 1000)),
        },
      });
      await phonePage.waitForPhase("ready", { timeoutMs: 10_000 });
      expect(phonePage.textOf("app-name")).toBe("E2E Shop");
      expect(phonePage.textOf("browser")).toMatch(/Chrom/);

      await phonePage.tap("nickname", { event: "blur", detail: { value: "Grace" } });
      const { code } = fake.control.registerPhoneCode({
        appid: site.miniProgram.appId,
        purePhoneNumber: "13700137000",
      });
      await phonePage.tap("share-phone", { event: "getphonenumber", detail: { code } });
      await phonePage.tap("confirm");
      await phonePage.waitForPhase("confirmed", { timeoutMs: 10_000 });

      await pc.waitForURL((url) => url.pathname === "/callback", { timeout: 15_000 });
      expect(await pc.locator("#token-status").textContent()).toMatch(/^Signature verified/);
      const claim = (key) => pc.locator(`#claims tr[data-key="${key}"] td`).textContent();
      expect((await claim("phone_number_verified")).trim()).toBe("true");
      expect(await claim("phone_number")).toContain("13700137000");
      expect(await pc.locator('#user tr[data-key="phone"] td').textContent()).toContain(
        "13700137000",
      );
    } finally {
      phonePage?.close();
      await context.close();
    }
  });
});
