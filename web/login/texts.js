// The hosted page's own texts (the element brings its own), zh-CN and en-US.
const TEXTS = {
  "zh-CN": {
    documentTitle: "扫码登录",
    title: (name) => (name ? `登录 ${name}` : "扫码登录"),
    subtitle: "请使用微信扫描二维码，并在手机上确认登录",
    redirecting: "登录成功，正在跳转…",
    done: "登录成功，可以关闭此窗口",
    noOpener: "此页面需要由网站以弹出窗口打开。请回到原网站重新登录。",
    originNotAllowed: "打开此窗口的网站不在该应用允许的来源中，登录结果不会发送给它。",
  },
  "en-US": {
    documentTitle: "Scan to log in",
    title: (name) => (name ? `Log in to ${name}` : "Scan to log in"),
    subtitle: "Scan the QR code with WeChat, then confirm on your phone",
    redirecting: "Logged in, taking you back…",
    done: "Logged in; you can close this window",
    noOpener:
      "This page must be opened as a popup by the website. Go back to the site and log in again.",
    originNotAllowed:
      "The site that opened this window is not an allowed origin of this app; the result will not be sent to it.",
  },
};

export const LANGUAGES = Object.freeze(Object.keys(TEXTS));

/**
 * The first supported language among: the query's `lang`, the app's
 * configured language, the browser's languages (by prefix: "en" -> en-US,
 * "zh" -> zh-CN); zh-CN when none fits.
 */
export function pickLanguage(...candidates) {
  for (const candidate of candidates.flat()) {
    if (typeof candidate !== "string" || candidate === "") continue;
    const exact = LANGUAGES.find((l) => l.toLowerCase() === candidate.toLowerCase());
    if (exact) return exact;
    const prefix = candidate.slice(0, 2).toLowerCase();
    const close = LANGUAGES.find((l) => l.startsWith(prefix));
    if (close) return close;
  }
  return "zh-CN";
}

/** The page's texts in `lang`, with the app's name filled in. */
export function pageTexts(lang, appName) {
  const texts = TEXTS[lang] ?? TEXTS["zh-CN"];
  return { ...texts, title: texts.title(appName) };
}
