// The console in zh-CN and en-US: one table per language with the same
// keys, the browser's language by default, a switch remembered in
// localStorage, and no text in the markup that the tables do not hold.
import { test, expect } from "./fixtures.js";
import { openConsole, watchProblems } from "./console-helpers.js";
import enUS from "../../mock-server/pages/console-i18n-en-US.js";
import zhCN from "../../mock-server/pages/console-i18n-zh-CN.js";

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("both tables have the same keys, each a text with the same placeholders", () => {
  expect(Object.keys(zhCN).sort()).toEqual(Object.keys(enUS).sort());
  for (const [key, english] of Object.entries(enUS)) {
    expect(typeof english === "string" && english.length > 0, key).toBe(true);
    expect(typeof zhCN[key] === "string" && zhCN[key].length > 0, key).toBe(true);
    // {publicUrl} is literal text in the help of callback URLs, in both languages.
    expect(placeholders(zhCN[key]), key).toEqual(placeholders(english));
  }
});

test("the markup holds no text of its own: every text comes from the tables", async ({
  page,
  server,
}) => {
  const html = await (await page.request.get(`${server.url}/console`)).text();
  await page.setContent("<!doctype html><p>parsing</p>");
  const stray = await page.evaluate((source) => {
    const doc = new DOMParser().parseFromString(source, "text/html");
    const walker = doc.createTreeWalker(doc.documentElement, NodeFilter.SHOW_TEXT);
    const texts = [];
    while (walker.nextNode()) {
      if (walker.currentNode.textContent.trim()) texts.push(walker.currentNode.textContent.trim());
    }
    return texts;
  }, html);
  expect(stray).toEqual([]);
});

test.describe("in a browser set to Chinese", () => {
  test.use({ locale: "zh-CN" });

  test("the console starts in zh-CN", async ({ page, server }) => {
    const problems = watchProblems(page);
    await openConsole(page, server);
    await expect(page).toHaveTitle("scan-login 控制台");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.locator("#language")).toHaveValue("zh-CN");
    await expect(page.locator("#tabs a")).toHaveText(["应用", "用户", "审计日志"]);
    const form = page.locator('.app-card[data-app-id="demo"] .app-form');
    await expect(form.getByLabel("回调 URL")).toHaveAccessibleDescription(
      /确认后登录跳转到的地址；redirectUri 必须与其中一个完全相同/,
    );
    await expect(form.getByRole("button", { name: "保存" })).toBeVisible();
    expect(problems).toEqual([]);
  });
});

test.describe("in a browser set to English", () => {
  test.use({ locale: "en-US" });

  test("the switch turns the whole console to zh-CN and is remembered", async ({
    page,
    server,
  }) => {
    const problems = watchProblems(page);
    await openConsole(page, server);
    await expect(page.locator("#login button")).toHaveText("Sign in");
    const card = page.locator('.app-card[data-app-id="demo"]');
    await expect(card.getByRole("button", { name: "Rotate app secret" })).toBeVisible();

    await page.locator("#language").selectOption("zh-CN");
    await expect(page.locator("html")).toHaveAttribute("lang", "zh-CN");
    await expect(page.locator("#login button")).toHaveText("登录");
    await expect(card.getByRole("button", { name: "轮换应用密钥" })).toBeVisible();
    await expect(card.locator("[data-field=mode] option[value=demo]")).toHaveText(
      "demo：替身页面；自行声明，从不验证",
    );
    await expect(card.locator("[data-field=appSecret] .secret-state")).toHaveText("已设置");
    // A message shown before the switch changes language with the page.
    await card.getByRole("button", { name: "保存" }).click();
    await expect(card.locator(".app-form .message.done")).toHaveText("已保存。");
    await page.locator("#language").selectOption("en-US");
    await expect(card.locator(".app-form .message.done")).toHaveText("Saved.");
    await page.locator("#language").selectOption("zh-CN");

    // Nothing English is left on the page (ids, URLs and codes aside).
    const english = Object.values(enUS).filter((text) => /[a-z]{4,} [a-z]{3,}/i.test(text));
    const shown = await page.locator("body").innerText();
    for (const text of english) expect(shown, text).not.toContain(text);

    await page.reload();
    await expect(page.locator("#tabs")).toBeVisible();
    await expect(page.locator("#language")).toHaveValue("zh-CN");
    await expect(page.locator("#tabs a").first()).toHaveText("应用");
    expect(await page.evaluate(() => localStorage.getItem("scan-login-console-lang"))).toBe(
      "zh-CN",
    );
    expect(problems).toEqual([]);
  });
});
