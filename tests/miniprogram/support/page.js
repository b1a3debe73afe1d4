// The login page under miniprogram-simulate (jsdom): open it as WeChat would
// after a scan, read what it shows, tap its buttons, wait for its phases.
//
//   const page = openLoginPage({ wx, q: scanUrl(code) });
//   await page.waitForPhase("ready");
//   await page.tap("confirm");
//
// simulate renders WeChat's built-in components (<button>, <input>) as bare
// elements; their attributes (open-type, disabled) are read from the
// component tree (toJSON) instead of the DOM.
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

// jest's require: the same module registry as the page's own require calls.
const require = createRequire(import.meta.url);

// Required on first use, not imported: jest evaluates an imported CommonJS
// module while linking, before support/install-dom.js could give it a DOM.
const simulate = () => require("miniprogram-simulate");

export const miniprogramRoot = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  "../../../miniprogram",
);

/** The mini program's config module, as the page sees it (tests may point serverUrl elsewhere). */
export const config = require(path.join(miniprogramRoot, "config.js"));

/** A module of the mini program, e.g. `miniprogramModule("utils/api.js")`. */
export function miniprogramModule(relative) {
  return require(path.join(miniprogramRoot, relative));
}

let pageId = null;

/** The login page's component id (loaded once per test file: simulate runs its JS once). */
export function loginPageId() {
  pageId ??= simulate().load(path.join(miniprogramRoot, "pages/login/login"), {
    rootPath: miniprogramRoot,
  });
  return pageId;
}

/** The URL a login QR code carries, as WeChat passes it in `options.q` (URL-encoded once). */
export function scanOptions(
  code,
  { prefix = "https://login.test", scancodeTime = 1714545015 } = {},
) {
  return { q: encodeURIComponent(`${prefix}/m/${code}`), scancode_time: String(scancodeTime) };
}

function findNode(node, id) {
  if (!node || typeof node !== "object") return null;
  if (node.attrs?.some((a) => a.name === "id" && a.value === id)) return node;
  for (const child of node.children || []) {
    const found = findNode(child, id);
    if (found) return found;
  }
  return null;
}

function nodeText(node) {
  if (typeof node === "string") return node;
  return (node.children || []).map(nodeText).join("");
}

/**
 * Renders the page with `globalThis.wx` = `wx`, attaches it and calls
 * `onLoad(options)` as WeChat does. Returns a handle to drive it.
 */
export function openLoginPage({ wx, options }) {
  globalThis.wx = wx;
  const component = simulate().render(loginPageId());
  const parent = document.createElement("parent-wrapper");
  document.body.appendChild(parent);
  component.attach(parent);
  component.instance.onLoad(options);

  const page = {
    component,
    get data() {
      return component.data;
    },
    /** All visible text, whitespace collapsed. */
    text: () => component.dom.textContent.replace(/\s+/g, " ").trim(),
    /** The element with `id`: {tagName, attrs: {name: value}, text}, or null when not shown. */
    element(id) {
      const node = findNode(component.toJSON(), id);
      if (!node) return null;
      return {
        tagName: node.tagName,
        attrs: Object.fromEntries(node.attrs.map((a) => [a.name, a.value])),
        text: nodeText(node).replace(/\s+/g, " ").trim(),
      };
    },
    /** The text of the element with `id`, or null when not shown. */
    textOf: (id) => page.element(id)?.text ?? null,
    /**
     * Dispatches `event` ("tap" by default, with `detail`) on the element
     * with `id`, as the person's action; refuses a missing or disabled one.
     */
    async tap(id, { event = "tap", detail = {} } = {}) {
      const element = page.element(id);
      if (!element) throw new Error(`no #${id} on the page: ${page.text()}`);
      if (element.attrs.disabled === true) throw new Error(`#${id} is disabled`);
      component.querySelector(`#${id}`).dispatchEvent(event, { detail });
      await settle();
    },
    /** Waits until `predicate(page)` holds (every macrotask, up to `timeoutMs`). */
    async waitFor(predicate, { timeoutMs = 3_000, what = "condition" } = {}) {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(page)) {
        if (Date.now() > deadline) {
          throw new Error(
            `not ${what} within ${timeoutMs} ms; phase ${component.data.phase}: ${page.text()}`,
          );
        }
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    },
    waitForPhase: (phase, options = {}) =>
      page.waitFor((p) => p.data.phase === phase && !p.data.busy, {
        what: `phase ${phase}`,
        ...options,
      }),
    close() {
      component.detach();
      parent.remove();
    },
  };
  return page;
}

/** Lets queued microtasks and one macrotask run (simulate dispatches events asynchronously). */
export function settle() {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
