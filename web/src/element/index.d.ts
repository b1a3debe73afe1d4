// Types for web/src/element/index.js.
export { ScanLoginElement, LOAD_FAILED } from "./scan-login-element.js";
export type {
  ScanLoginElementEventMap,
  ScanLoginEventMap,
  ScanLoginPhase,
} from "./scan-login-element.js";
export { TAG_NAME } from "./define.js";
export { loadLoginCore } from "../login-core.js";
export type { LoginUserInfo } from "../login-core.js";
export { LANGUAGES, resolveLanguage, textsFor } from "../i18n.js";
export type { TextKey } from "../i18n.js";
