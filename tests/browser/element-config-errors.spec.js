// <scan-login> on a website of another origin, misconfigured in each of the
// ways a new integrator meets first: the site's origin is not among the
// app's allowedOrigins, the app id is unknown, the redirect URI is not a
// callback URL (refused by the server at gene time, or by the core when the
// app's callbackUrls changed before the redirect), the .wasm is not served.
// Each ends in an `error` event whose code is documented
// (docs/integration.md "Errors") and whose message names the setting to fix,
// and the widget says it in a short text of the page's language, never the
// server's or the toolchain's words, and never "reconnecting".
import { test, expect } from "./fixtures.js";
import { adminCall } from "./console-helpers.js";
import { Phone, codeFromQr, waitForQr } from "./phone.js";
import { addLogin, eventTrace, part, waitForEvent, waitForPhase } from "./element-harness.js";
import { elementPage, startSite } from "./second-origin.js";

test.use({ serverArgs: ["--gene-rate", "0"] });

let appCount = 0;

// An app that allows the site's origin, with one callback URL.
async function appForSite(server, site) {
  const appId = `site-app-${process.pid}-${++appCount}`;
  const made = await adminCall(server, "POST", "/api/v2/admin/applications", {
    appId,
    name: "Site app",
    mode: "demo",
    callbackUrls: ["https://shop.example/callback"],
    allowedOrigins: [site.url],
  });
  expect(made.code, JSON.stringify(made)).toBe(200);
  return appId;
}

// Opens the site and adds the element; resolves to it with its error event.
async function failingLogin(page, site, attributes) {
  await page.goto(`${site.url}/`);
  await page.evaluate(() => customElements.whenDefined("scan-login"));
  const login = await addLogin(page, { lang: "en-US", ...attributes });
  const error = await waitForEvent(login, "error");
  await waitForPhase(login, "error");
  return { login, error };
}

// The widget's text for the error in English and, after lang changes, in Chinese.
async function expectShown(login, english, chinese) {
  await expect(part(login, "message")).toHaveText(english);
  await expect(part(login, "button")).toHaveText("Try again");
  await login.evaluate((e) => e.setAttribute("lang", "zh-CN"));
  await expect(part(login, "message")).toHaveText(chinese);
  await expect(part(login, "button")).toHaveText("重试");
}

test.describe("from a second origin", () => {
  let site;
  test.beforeEach(async () => {
    site = await startSite({ page: elementPage() });
  });
  test.afterEach(async () => {
    await site?.stop();
  });

  test("an origin the app does not allow: 40303 naming allowedOrigins, no reconnecting", async ({
    page,
    server,
  }) => {
    const { login, error } = await failingLogin(page, site, { "app-id": "demo", host: server.url });
    expect(error.detail.code).toBe(40303);
    expect(error.detail.message).toContain("allowedOrigins");
    expect(error.detail.message).toContain(site.url);
    await expectShown(
      login,
      "This site is not allowed to use this login",
      "此网站未获准使用该登录",
    );
    // Terminal: no retry loop, and nothing but the one refused gene.
    await page.waitForTimeout(1_000);
    expect(await eventTrace(login)).not.toContain("state:reconnecting");
    expect((await eventTrace(login)).filter((t) => t === "error")).toHaveLength(1);
  });

  test("an unknown app: 40401 naming app-id", async ({ page, server }) => {
    const { login, error } = await failingLogin(page, site, {
      "app-id": "no-such-app",
      host: server.url,
    });
    expect(error.detail.code).toBe(40401);
    expect(error.detail.message).toContain("app-id");
    expect(error.detail.message).toContain("no-such-app");
    await expectShown(login, "This login is not set up for this site", "该登录尚未为此网站配置");
  });

  test("a redirect-uri the app does not list: 40003 naming redirect-uri and callbackUrls", async ({
    page,
    server,
  }) => {
    const appId = await appForSite(server, site);
    const { login, error } = await failingLogin(page, site, {
      "app-id": appId,
      host: server.url,
      "redirect-uri": "https://evil.example/steal",
    });
    expect(error.detail.code).toBe(40003);
    expect(error.detail.message).toContain("redirect-uri");
    expect(error.detail.message).toContain("callbackUrls");
    await expectShown(login, "This login cannot return to this site", "该登录无法返回此网站");
    expect((await eventTrace(login)).filter((t) => t === "load")).toEqual([]);
  });

  test("callbackUrls changed before the redirect: 1005 naming redirect-uri, no navigation", async ({
    page,
    server,
  }) => {
    const appId = await appForSite(server, site);
    await page.goto(`${site.url}/`);
    await page.evaluate(() => customElements.whenDefined("scan-login"));
    const login = await addLogin(page, {
      "app-id": appId,
      host: server.url,
      "redirect-uri": "https://shop.example/callback",
      lang: "en-US",
    });
    const code = codeFromQr(await waitForQr(login.locator("canvas")));
    const changed = await adminCall(server, "PUT", `/api/v2/admin/applications/${appId}`, {
      callbackUrls: ["https://shop.example/elsewhere"],
    });
    expect(changed.code, JSON.stringify(changed)).toBe(200);
    const phone = new Phone(server.url);
    await phone.scan(code);
    await phone.confirm({ phone: "13800000000" });
    await waitForEvent(login, "success");
    const error = await waitForEvent(login, "error");
    expect(error.detail.code).toBe(1005);
    expect(error.detail.message).toContain("redirect-uri");
    expect(error.detail.message).toContain("callbackUrls");
    await waitForPhase(login, "error");
    await expectShown(login, "This login cannot return to this site", "该登录无法返回此网站");
    expect(page.url()).toBe(`${site.url}/`);
  });
});

test("a .wasm the site does not serve: 1000 naming the file, no toolchain text", async ({
  page,
  server,
}) => {
  const site = await startSite({ page: elementPage(), withWasm: false });
  try {
    const { login, error } = await failingLogin(page, site, { "app-id": "demo", host: server.url });
    expect(error.detail.code).toBe(1000);
    expect(error.detail.message).toContain("scan-login-core.wasm");
    expect(error.detail.message).toContain("next to scan-login-core.js");
    await expectShown(login, "The login could not load", "登录组件加载失败");
    const shown = await login.evaluate((e) => e.shadowRoot.textContent);
    expect(shown).not.toMatch(/abort|wasm|RuntimeError|fetch/i);
  } finally {
    await site.stop();
  }
});
