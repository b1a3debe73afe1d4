// Types of the scan-login JS SDK (package exports "." and "./sdk").
export * from "./scan-login-client.js";
export { POPUP_MESSAGE_TYPE } from "./popup.js";
export { ErrorCode, QrStatus, SdkErrorCode } from "../codes.js";
export type { ErrorCodeValue, QrStatusValue, SdkErrorCodeValue } from "../codes.js";
