// The served component's <scan-login> talks to the server it was loaded
// from unless its `host` attribute names another: the bundle's own URL is
// that server's (/component/<version>/scan-login.js). Imported before
// define.js (served.js), so no element reads the default before it is set.
import { ScanLoginElement } from "./scan-login-element.js";

ScanLoginElement.defaultHost = new URL(import.meta.url).origin;
