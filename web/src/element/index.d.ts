export { ScanLoginElement, LOAD_FAILED, ScanLoginEventMap } from "./scan-login-element";
export { TAG_NAME } from "./define";
export { loadLoginCore } from "../login-core";
export { LANGUAGES, resolveLanguage, textsFor, TextKey } from "../i18n";
