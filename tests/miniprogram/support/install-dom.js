// For test files that run in jest's node environment (they drive Playwright
// or other Node-only code, which jsdom's environment breaks) but render the
// mini program with miniprogram-simulate, which needs a DOM: a jsdom window
// whose names Node lacks (window, document, Element, TouchEvent, ...) are
// put on globalThis, and jsdom's event classes replace Node's. Import it
// before support/page.js:
//
//   /** @jest-environment node */
//   import "./support/install-dom.js";
//   import { openLoginPage } from "./support/page.js";
import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><head></head><body></body></html>", {
  url: "http://localhost/",
});
const { window } = dom;
// jsdom fires the window's load on a later tick: let it happen now, not
// after a quick (skipped) file when jest has torn the globals down.
await new Promise((resolve) => window.addEventListener("load", resolve, { once: true }));
globalThis.window = window;
globalThis.document = window.document;
// Node has event classes of its own, which a jsdom node refuses to dispatch.
const domFirst = new Set(["Event", "EventTarget", "CustomEvent"]);
for (const name of Object.getOwnPropertyNames(window)) {
  if (name in globalThis && !domFirst.has(name)) continue;
  Object.defineProperty(globalThis, name, { configurable: true, get: () => window[name] });
}

// Ends jsdom's timers before jest tears the file's globals down.
afterAll(() => window.close());
