// The embedded login component: importing this module defines <scan-login>
// (in a browser; see define.js).
export { ScanLoginElement, LOAD_FAILED } from "./scan-login-element.js";
export { TAG_NAME } from "./define.js";
export { loadLoginCore } from "../login-core.js";
export { LANGUAGES, resolveLanguage, textsFor } from "../i18n.js";
