// Types of the scan-login JS SDK (package exports "." and "./sdk").
export * from "./scan-login-client.js";
export { POPUP_MESSAGE_TYPE } from "./popup.js";
