// The SDK's entry point (package export "." and "./sdk").
export { ScanLoginClient, ScanLoginError, SDK_VERSION } from "./scan-login-client.js";
export { POPUP_MESSAGE_TYPE } from "./popup.js";
export { ErrorCode, QrStatus, SdkErrorCode } from "../codes.js";
