export { ScanLoginElement } from "./scan-login-element";
export const TAG_NAME: "scan-login";
