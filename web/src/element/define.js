// Registers <scan-login> once; importing this module twice (or after another
// copy defined the tag) does nothing.
import { ScanLoginElement } from "./scan-login-element.js";

export const TAG_NAME = "scan-login";

if (!customElements.get(TAG_NAME)) customElements.define(TAG_NAME, ScanLoginElement);

export { ScanLoginElement };
