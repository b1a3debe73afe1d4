// Registers <scan-login> once; importing this module twice (or after another
// copy defined the tag) does nothing. Without a customElements registry (Node,
// server-side rendering) it registers nothing and still exports the class.
import { ScanLoginElement } from "./scan-login-element.js";

export const TAG_NAME = "scan-login";

const registry = globalThis.customElements;
if (registry && !registry.get(TAG_NAME)) registry.define(TAG_NAME, ScanLoginElement);

export { ScanLoginElement };
