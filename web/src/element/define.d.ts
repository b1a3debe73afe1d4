// Types for web/src/element/define.js (package export "./element"). Importing
// it defines <scan-login> where customElements exists (a browser) and does
// nothing else elsewhere (Node, server-side rendering).
export { ScanLoginElement } from "./scan-login-element.js";
export type {
  ScanLoginElementEventMap,
  ScanLoginEventMap,
  ScanLoginPhase,
} from "./scan-login-element.js";
export type { LoginUserInfo } from "../login-core.js";
export const TAG_NAME: "scan-login";
