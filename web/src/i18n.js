// Every text the login component shows, in the two languages it ships with.
// Keys follow GenAuth's `tips` option where it has one (title, scanned,
// succeed, canceled, expired, retry, failed), so its overrides carry over.

/** The languages with a full set of texts; anything else falls back by prefix. */
export const LANGUAGES = Object.freeze(["zh-CN", "en-US"]);

const TEXTS = Object.freeze({
  "zh-CN": Object.freeze({
    loading: "二维码加载中…",
    title: "请使用微信扫码登录",
    qrLabel: "登录二维码，请用手机微信扫描",
    scanned: "扫码成功，请在手机上确认登录",
    succeed: "登录成功",
    canceled: "你已在手机上取消登录",
    expired: "二维码已过期",
    refresh: "刷新二维码",
    retry: "重试",
    reconnecting: "网络连接中断，正在重新连接…",
    failed: "登录出错",
    originRefused: "此网站未获准使用该登录",
    appUnknown: "该登录尚未为此网站配置",
    redirectRefused: "该登录无法返回此网站",
    loadFailed: "登录组件加载失败",
    stopped: "已停止",
  }),
  "en-US": Object.freeze({
    loading: "Loading the QR code…",
    title: "Scan with WeChat to log in",
    qrLabel: "Login QR code: scan it with WeChat on your phone",
    scanned: "Scanned. Confirm the login on your phone",
    succeed: "Logged in",
    canceled: "The login was cancelled on the phone",
    expired: "QR code expired",
    refresh: "Refresh the QR code",
    retry: "Try again",
    reconnecting: "Connection lost. Reconnecting…",
    failed: "Login failed",
    originRefused: "This site is not allowed to use this login",
    appUnknown: "This login is not set up for this site",
    redirectRefused: "This login cannot return to this site",
    loadFailed: "The login could not load",
    stopped: "Stopped",
  }),
});

/**
 * Picks the supported language for a BCP 47 tag: "zh", "zh-Hans", "zh-TW"...
 * give "zh-CN"; anything else (or nothing) gives "en-US".
 * @param {string | null | undefined} tag
 * @returns {"zh-CN" | "en-US"}
 */
export function resolveLanguage(tag) {
  return /^zh\b/i.test(String(tag ?? "").trim()) ? "zh-CN" : "en-US";
}

/**
 * The texts for `lang` with `overrides` applied. Only known keys with string
 * values override; anything else is ignored.
 * @param {string | null | undefined} lang
 * @param {Record<string, unknown>} [overrides]
 * @returns {Readonly<Record<keyof typeof TEXTS["en-US"], string>>}
 */
export function textsFor(lang, overrides = {}) {
  const base = TEXTS[resolveLanguage(lang)];
  const texts = { ...base };
  for (const key of Object.keys(base)) {
    if (typeof overrides?.[key] === "string") texts[key] = overrides[key];
  }
  return Object.freeze(texts);
}
