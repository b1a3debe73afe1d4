// Entry of the served component, /component/<version>/scan-login.js (built by
// scripts/bundle-component.mjs): <scan-login> defined, its server the one it
// came from, and the WebAssembly fetched and compiled from the moment the
// script runs, not when the first element connects (pages that load this
// file show a login). A load that fails here is not cached: the element
// tries again and reports the failure as its `error` event.
import "./served-host.js";
import { loadLoginCore } from "../login-core.js";

export * from "./define.js";

if (globalThis.document) loadLoginCore().catch(() => {});
