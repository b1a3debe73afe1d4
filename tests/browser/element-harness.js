// A test page for <scan-login> on the server's origin, under the strict CSP
// the product promises, plus helpers to add elements and await their events.
//
//   const page = await openElementHarness(page, server);
//   const login = await addLogin(page, { "app-id": "demo" });   // a Locator
//   await waitForEvent(login, "load");
//   const url = await waitForQr(login.locator("canvas"));
import { expect } from "@playwright/test";

export const strictCsp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'";
export const harnessPath = "/__test__/element.html";
export const eventTypes = [
  "load",
  "scanned",
  "success",
  "cancel",
  "expired",
  "error",
  "statechange",
];

/**
 * Serves the harness (with `csp`, and `lang` on <html>) and opens it; the
 * element is defined when this resolves. CSP violations are collected in
 * window.cspViolations (see cspViolations()).
 */
export async function openElementHarness(page, server, { csp = strictCsp } = {}) {
  await page.route(`${server.url}${harnessPath}`, (route) =>
    route.fulfill({
      contentType: "text/html; charset=utf-8",
      headers: { "content-security-policy": csp },
      body: `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>scan-login test</title>
<script type="module" src="/src/element/define.js"></script></head><body></body></html>`,
    }),
  );
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(`${server.url}${harnessPath}`);
  await page.evaluate(() => customElements.whenDefined("scan-login"));
  return page;
}

/** The CSP violations the page reported so far. */
export function cspViolations(page) {
  return page.evaluate(() => window.cspViolations);
}

let elementCount = 0;

/**
 * Creates <scan-login> with `attributes`, starts recording its events into
 * element.recordedEvents ({type, detail, phase}) and appends it to the body.
 * @returns {Promise<import("@playwright/test").Locator>}
 */
export async function addLogin(page, attributes = {}) {
  const id = `login-${++elementCount}`;
  await page.evaluate(
    ({ id, attributes, eventTypes }) => {
      const element = document.createElement("scan-login");
      element.id = id;
      for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
      element.recordedEvents = [];
      for (const type of eventTypes) {
        element.addEventListener(type, (event) =>
          element.recordedEvents.push({ type, detail: event.detail, phase: element.phase }),
        );
      }
      document.body.append(element);
    },
    { id, attributes, eventTypes },
  );
  return page.locator(`#${id}`);
}

/** The events recorded on the element so far. */
export function recordedEvents(login) {
  return login.evaluate((element) => element.recordedEvents);
}

/**
 * Waits until the element has dispatched `count` events of `type` in all
 * (optionally only those whose detail matches `where`), and returns the last.
 */
export async function waitForEvent(login, type, { count = 1, state, timeout = 10_000 } = {}) {
  const handle = await login.elementHandle();
  await handle.evaluate(
    (element, { type, count, state, timeout }) =>
      new Promise((resolve, reject) => {
        const matches = () =>
          element.recordedEvents.filter(
            (e) => e.type === type && (state === undefined || e.detail?.state === state),
          ).length >= count;
        if (matches()) return resolve();
        const timer = setTimeout(
          () =>
            reject(
              new Error(
                `no ${count}x ${type}${state ? ` ${state}` : ""} within ${timeout} ms; got ${JSON.stringify(element.recordedEvents.map((e) => (e.type === "statechange" ? e.detail.state : e.type)))}`,
              ),
            ),
          timeout,
        );
        const check = () => {
          if (!matches()) return;
          clearTimeout(timer);
          resolve();
        };
        element.addEventListener(type, () => queueMicrotask(check));
      }),
    { type, count, state, timeout },
  );
  const events = await recordedEvents(login);
  return events.filter((e) => e.type === type).at(-1);
}

/** Waits for the phase (the last statechange) to become `state`. */
export function waitForPhase(login, state, options = {}) {
  return expect.poll(() => login.evaluate((e) => e.phase), options).toBe(state);
}

/** The element's shadow part `name` as a Locator (Playwright pierces open shadow roots). */
export function part(login, name) {
  return login.locator(`[part="${name}"]`);
}

/** The short trace of events: statechanges as their state, others as their type. */
export async function eventTrace(login) {
  return (await recordedEvents(login)).map((e) =>
    e.type === "statechange" ? `state:${e.detail.state}` : e.type,
  );
}
