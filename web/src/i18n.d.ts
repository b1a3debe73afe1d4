// Types for web/src/i18n.js.
export const LANGUAGES: readonly ["zh-CN", "en-US"];
export type TextKey =
  | "loading"
  | "title"
  | "qrLabel"
  | "scanned"
  | "succeed"
  | "canceled"
  | "expired"
  | "refresh"
  | "retry"
  | "reconnecting"
  | "failed"
  | "originRefused"
  | "appUnknown"
  | "redirectRefused"
  | "loadFailed"
  | "stopped";
/** "zh", "zh-Hans", "zh-TW"... give "zh-CN"; anything else "en-US". */
export function resolveLanguage(tag: string | null | undefined): "zh-CN" | "en-US";
/** The texts for `lang`, with string values of known keys in `overrides` applied. */
export function textsFor(
  lang: string | null | undefined,
  overrides?: Partial<Record<TextKey, unknown>>,
): Readonly<Record<TextKey, string>>;
