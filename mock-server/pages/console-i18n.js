// The console's language: zh-CN or en-US, one message table per language
// (console-i18n-zh-CN.js, console-i18n-en-US.js, the same keys). Markup and
// code name texts by key only (data-i18n="key"); applyTexts fills them in,
// so a language switch re-labels the page without rebuilding it.

import enUS from "./console-i18n-en-US.js";
import zhCN from "./console-i18n-zh-CN.js";

export const MESSAGES = Object.freeze({ "en-US": enUS, "zh-CN": zhCN });
export const LANGUAGES = Object.freeze(Object.keys(MESSAGES));
const storageKey = "scan-login-console-lang";

/**
 * The language to start in: the one saved by the switch when it is known,
 * else the browser's ("zh", "zh-TW", "zh-Hans-CN"... give zh-CN), else en-US.
 * @returns {"zh-CN" | "en-US"}
 */
export function initialLanguage(saved, browserLanguage) {
  if (LANGUAGES.includes(saved)) return saved;
  return /^zh\b/i.test(browserLanguage || "") ? "zh-CN" : "en-US";
}

let language = initialLanguage(
  globalThis.localStorage?.getItem(storageKey),
  globalThis.navigator?.language,
);

export const currentLanguage = () => language;

/**
 * The text for `key` with its {placeholders} replaced by `vars`. A key
 * missing from the table is a bug: it is logged and shown as the key.
 */
export function t(key, vars = {}) {
  const text = MESSAGES[language][key];
  if (text === undefined) {
    console.error(`console-i18n: no ${language} text for "${key}"`);
    return key;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in vars ? String(vars[name]) : whole));
}

const dateFormats = {};
/** A unix-ms instant as a date and time in the console's language. */
export function formatTime(ms) {
  dateFormats[language] ??= new Intl.DateTimeFormat(language, {
    dateStyle: "medium",
    timeStyle: "medium",
  });
  return dateFormats[language].format(new Date(Number(ms)));
}

/**
 * Fills in every text under `root` (itself included): data-i18n (text),
 * data-i18n-vars (its values, JSON), data-i18n-placeholder, data-i18n-label
 * (aria-label), and <time data-ms> (formatTime).
 */
export function applyTexts(root) {
  const all = (selector) => [
    ...(root.matches?.(selector) ? [root] : []),
    ...root.querySelectorAll(selector),
  ];
  for (const element of all("[data-i18n]")) {
    const vars = element.dataset.i18nVars ? JSON.parse(element.dataset.i18nVars) : {};
    element.textContent = t(element.dataset.i18n, vars);
  }
  for (const element of all("[data-i18n-placeholder]")) {
    element.placeholder = t(element.dataset.i18nPlaceholder);
  }
  for (const element of all("[data-i18n-label]")) {
    element.setAttribute("aria-label", t(element.dataset.i18nLabel));
  }
  for (const element of all("time[data-ms]")) element.textContent = formatTime(element.dataset.ms);
}

/** Switches the whole page to `lang` and remembers it in localStorage. */
export function setLanguage(lang) {
  if (!LANGUAGES.includes(lang)) return;
  language = lang;
  localStorage.setItem(storageKey, lang);
  document.documentElement.lang = lang;
  applyTexts(document.documentElement);
}
