// The hosted login page (/login) itself: it says the app's name once,
// speaks the browser's language unless the app fixes one (or the link asks
// for one), and no other page can frame it.
import { test, expect } from "./fixtures.js";
import { adminCall } from "./console-helpers.js";
import { startSite } from "./second-origin.js";

function loginUrl(server, params) {
  const url = new URL(`${server.url}/login`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

// The demo app in a browser whose language is `locale`.
async function openDemoLogin(browser, server, locale, params = {}) {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  await page.goto(
    loginUrl(server, { app_id: "demo", redirect_uri: `${server.url}/callback`, ...params }),
  );
  return { context, page };
}

test("the app's name is shown once", async ({ browser, server }) => {
  const { context, page } = await openDemoLogin(browser, server, "en-US");
  try {
    await expect(page.locator("#login-title")).toHaveText("Log in to Scan Login Demo");
    await expect(page.locator("scan-login [part=status]")).toHaveText("Scan with WeChat to log in");
    const shown = await page.locator("main").innerText();
    expect(shown.split("Scan Login Demo")).toHaveLength(2);
  } finally {
    await context.close();
  }
});

test("an app that fixes no language follows the browser's", async ({ browser, server }) => {
  for (const [locale, lang, title, status] of [
    ["en-US", "en-US", "Log in to Scan Login Demo", "Scan with WeChat to log in"],
    ["zh-CN", "zh-CN", "登录 Scan Login Demo", "请使用微信扫码登录"],
    ["en-GB", "en-US", "Log in to Scan Login Demo", "Scan with WeChat to log in"],
    ["zh-TW", "zh-CN", "登录 Scan Login Demo", "请使用微信扫码登录"],
  ]) {
    const { context, page } = await openDemoLogin(browser, server, locale);
    try {
      await expect(page.locator("html")).toHaveAttribute("lang", lang);
      await expect(page.locator("#login-title")).toHaveText(title);
      await expect(page.locator("scan-login [part=status]")).toHaveText(status);
    } finally {
      await context.close();
    }
  }
});

test("an app that fixes its language keeps it; the link's lang wins over both", async ({
  browser,
  server,
}) => {
  const appId = `fixed-lang-${process.pid}`;
  const made = await adminCall(server, "POST", "/api/v2/admin/applications", {
    appId,
    name: "Fixed",
    mode: "demo",
    lang: "zh-CN",
    callbackUrls: [`${server.url}/callback`],
  });
  expect(made.code, JSON.stringify(made)).toBe(200);
  const context = await browser.newContext({ locale: "en-US" });
  try {
    const page = await context.newPage();
    await page.goto(loginUrl(server, { app_id: appId }));
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.locator("#login-title")).toHaveText("登录 Fixed");
    await expect(page.locator("scan-login [part=status]")).toHaveText("请使用微信扫码登录");

    await page.goto(loginUrl(server, { app_id: appId, lang: "en-US" }));
    await expect(page.locator("html")).toHaveAttribute("lang", "en-US");
    await expect(page.locator("#login-subtitle")).toHaveText(
      "Scan the QR code with WeChat, then confirm on your phone",
    );
  } finally {
    await context.close();
  }
});

test("no page can frame it: frame-ancestors 'none'", async ({ page, server }) => {
  const url = loginUrl(server, { app_id: "demo", redirect_uri: `${server.url}/callback` });
  const response = await page.request.get(url);
  expect(response.headers()["content-security-policy"]).toContain("frame-ancestors 'none'");
  expect(response.headers()["x-frame-options"]).toBe("DENY");

  const refusals = [];
  page.on("console", (m) => /frame-ancestors/.test(m.text()) && refusals.push(m.text()));
  const site = await startSite({
    page: `<!doctype html><title>framer</title><iframe src="${url}" width="600" height="700"></iframe>`,
  });
  try {
    await page.goto(`${site.url}/`);
    await expect.poll(() => refusals.length).toBeGreaterThan(0);
    // Nothing of the login page runs in the frame: no code is made for it.
    const framed = page.frames().find((f) => f !== page.mainFrame());
    expect(await framed.locator("scan-login").count()).toBe(0);
  } finally {
    await site.stop();
  }
});
