// The page's language: Chinese when WeChat runs in a Chinese locale, English
// otherwise, as the `<scan-login>` element and the demo phone page do.
const dictionaries = {
  "zh-CN": require("./zh-CN.js"),
  "en-US": require("./en-US.js"),
};

/** The languages there are texts for; the first is the default. */
const languages = Object.keys(dictionaries);

/**
 * Maps WeChat's language setting ("zh_CN", "zh_TW", "en", "zh-HK", ...) to one
 * of `languages`: any Chinese to "zh-CN", anything else (empty included) to
 * "en-US".
 */
function pickLanguage(wechatLanguage) {
  return /^zh([_-]|$)/i.test(String(wechatLanguage || "")) ? "zh-CN" : "en-US";
}

/**
 * WeChat's language setting as the running WeChat reports it:
 * `wx.getAppBaseInfo()` (base library 2.20.1+), else the older
 * `wx.getSystemInfoSync()`; "" when neither answers.
 */
function wechatLanguage(api) {
  try {
    if (typeof api.getAppBaseInfo === "function") {
      const info = api.getAppBaseInfo();
      if (info && info.language) return info.language;
    }
    if (typeof api.getSystemInfoSync === "function") {
      return api.getSystemInfoSync().language || "";
    }
  } catch (e) {
    // An old or restricted WeChat: fall back to the default below.
  }
  return "";
}

/** Replaces each `{name}` in `template` with `params[name]` (left as is when absent). */
function fill(template, params) {
  return template.replace(/\{(\w+)\}/g, (whole, name) =>
    params && params[name] !== undefined && params[name] !== null ? String(params[name]) : whole,
  );
}

/**
 * The texts of `lang` ("zh-CN" or "en-US"; anything else gives "en-US"):
 * `{lang, text, t(key, params)}`. `text` is the whole dictionary, for WXML
 * (`{{text.confirm}}`); `t` fills parameters and returns the key itself for
 * an unknown key, so a missing text shows up instead of vanishing.
 */
function translator(lang) {
  const chosen = dictionaries[lang] ? lang : "en-US";
  const text = dictionaries[chosen];
  return {
    lang: chosen,
    text,
    t: (key, params) => (key in text ? fill(text[key], params) : key),
  };
}

module.exports = { languages, pickLanguage, wechatLanguage, translator, dictionaries };
