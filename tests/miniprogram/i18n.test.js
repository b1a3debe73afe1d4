// i18n/: the language follows WeChat's; both dictionaries say the same things.
import { miniprogramModule } from "./support/page.js";

const { languages, pickLanguage, wechatLanguage, translator, dictionaries } =
  miniprogramModule("i18n/index.js");

const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test("zh-CN and en-US are the languages, with the same keys and placeholders", () => {
  expect(languages).toEqual(["zh-CN", "en-US"]);
  const zh = dictionaries["zh-CN"];
  const en = dictionaries["en-US"];
  expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
  for (const key of Object.keys(en)) {
    expect(typeof en[key]).toBe("string");
    expect(en[key].trim()).not.toBe("");
    expect(zh[key].trim()).not.toBe("");
    expect([key, placeholders(zh[key])]).toEqual([key, placeholders(en[key])]);
  }
});

test.each([
  ["zh_CN", "zh-CN"],
  ["zh_TW", "zh-CN"],
  ["zh_HK", "zh-CN"],
  ["zh-CN", "zh-CN"],
  ["zh", "zh-CN"],
  ["en", "en-US"],
  ["en_US", "en-US"],
  ["fr", "en-US"],
  ["zhx", "en-US"],
  ["", "en-US"],
  [undefined, "en-US"],
])("WeChat language %j -> %s", (wechat, lang) => {
  expect(pickLanguage(wechat)).toBe(lang);
});

test("reads getAppBaseInfo first, then getSystemInfoSync, then gives up quietly", () => {
  expect(wechatLanguage({ getAppBaseInfo: () => ({ language: "en" }) })).toBe("en");
  expect(
    wechatLanguage({
      getAppBaseInfo: () => ({}),
      getSystemInfoSync: () => ({ language: "zh_CN" }),
    }),
  ).toBe("zh_CN");
  expect(wechatLanguage({ getSystemInfoSync: () => ({ language: "zh_CN" }) })).toBe("zh_CN");
  expect(
    wechatLanguage({
      getAppBaseInfo: () => {
        throw new Error("not allowed");
      },
    }),
  ).toBe("");
  expect(wechatLanguage({})).toBe("");
});

test("t fills parameters and shows an unknown key as itself", () => {
  const en = translator("en-US");
  expect(en.t("wechatBusy", { seconds: 5 })).toBe("WeChat is busy. Try again in 5 seconds.");
  expect(en.t("asks", {})).toContain("{app}");
  expect(en.t("no-such-key")).toBe("no-such-key");
  const zh = translator("zh-CN");
  expect(zh.t("wechatBusy", { seconds: 5 })).toBe("微信繁忙，请 5 秒后重试。");
  expect(translator("fr").lang).toBe("en-US");
});
