// loginWithPopup and the hosted page's popup mode: a site on its own origin
// (http://site.test, served by page.route) opens /login on the server in a
// popup; the result comes back by postMessage with exact origins both ways.
import { readFileSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { test, expect } from "./fixtures.js";
import { repoRoot } from "./server.js";
import { Phone, codeFromQr, waitForQr } from "./phone.js";

const site = "http://site.test";
const stranger = "http://other.test";
// Allowed as an origin only (no callback URL there): public-config's
// allowedOrigins is what lets it open the popup.
const partner = "http://partner.test";

// The demo app, also allowing the site's origin and callback.
const configFile = (() => {
  const config = JSON.parse(readFileSync(path.join(repoRoot, "mock-server/config/default.json")));
  const app = config.apps[0];
  app.callbackUrls.push(`${site}/callback`);
  app.allowedOrigins.push(site, partner);
  const file = path.join(mkdtempSync(path.join(tmpdir(), "scan-login-popup-")), "config.json");
  writeFileSync(file, JSON.stringify(config));
  return file;
})();
test.use({ serverArgs: ["--config", configFile] });

const appHtml = `<!doctype html><meta charset="utf-8"><title>Site</title>
<button id="login">Log in</button><script type="module" src="/app.js"></script>`;
// The site's script: a click starts the popup; the outcome lands in window.outcome.
const appJs = (host) => `
import { ScanLoginClient } from "/src/sdk/index.js";
const client = new ScanLoginClient({ appId: "demo", host: ${JSON.stringify(host)}, lang: "en-US" });
window.outcome = null;
document.getElementById("login").addEventListener("click", () => {
  client.loginWithPopup({ state: "state-123" }).then(
    (result) => (window.outcome = { ok: true, result }),
    (e) => (window.outcome = { ok: false, name: e.name, code: e.code, message: e.message }),
  );
});`;
// A frame that forges the popup's message to its parent.
const forgeHtml = `<!doctype html><meta charset="utf-8"><script src="forge.js"></script>`;
const forgeJs = `parent.postMessage({ type: "scan-login:result", state: "state-123",
  ticket: "forged", userInfo: { nickname: "Mallory" } }, "*");`;

/** Serves the site (and the SDK's files from web/src) on `origin` through the page's context. */
async function openSite(context, server, origin = site) {
  await context.route(`${origin}/**`, (route) => {
    const { pathname } = new URL(route.request().url());
    if (pathname === "/app.html") return route.fulfill({ contentType: "text/html", body: appHtml });
    if (pathname === "/app.js")
      return route.fulfill({ contentType: "text/javascript", body: appJs(server.url) });
    if (pathname.startsWith("/src/")) {
      return route.fulfill({
        contentType: "text/javascript",
        body: readFileSync(path.join(repoRoot, "web", pathname)),
      });
    }
    return route.fulfill({ status: 404, body: "no such site file" });
  });
  const page = await context.newPage();
  await page.goto(`${origin}/app.html`);
  return page;
}

async function openPopup(page) {
  const [popup] = await Promise.all([page.waitForEvent("popup"), page.click("#login")]);
  await popup.waitForLoadState();
  return popup;
}

async function scanAndConfirm(server, qrText) {
  const mobile = new Phone(server.url, { nickname: "Popup user" });
  await mobile.scan(codeFromQr(qrText));
  await mobile.confirm({ phone: "13800000031" });
}

/** What loginWithPopup settled with, once it has (window.outcome of appJs). */
async function outcomeOf(page) {
  await expect.poll(() => page.evaluate(() => window.outcome)).not.toBeNull();
  return page.evaluate(() => window.outcome);
}

/** Logs in through the popup's code as a phone would; the popup closes itself. */
async function loginInPopup(page, popup, server) {
  const qrText = await waitForQr(popup.locator("scan-login canvas"));
  const closed = popup.waitForEvent("close");
  await scanAndConfirm(server, qrText);
  await closed;
  return outcomeOf(page);
}

test("loginWithPopup resolves with the result; forged messages are ignored", async ({
  context,
  server,
}) => {
  for (const origin of ["http://evil.test", server.url]) {
    await context.route(`${origin}/__forge__/**`, (route) =>
      route.request().url().endsWith(".js")
        ? route.fulfill({ contentType: "text/javascript", body: forgeJs })
        : route.fulfill({ contentType: "text/html", body: forgeHtml }),
    );
  }
  const page = await openSite(context, server);
  const popup = await openPopup(page);
  const popupUrl = new URL(popup.url());
  expect(popupUrl.origin + popupUrl.pathname).toBe(`${server.url}/login`);
  expect(Object.fromEntries(popupUrl.searchParams)).toMatchObject({
    app_id: "demo",
    state: "state-123",
    mode: "popup",
    origin: site,
  });
  expect(await popup.evaluate(() => [window.innerWidth, window.innerHeight])).toEqual([585, 649]);

  // A frame of another origin, and one on the server's own origin that is not
  // the popup, post a look-alike result: the SDK must ignore both.
  await page.evaluate(
    (origins) => {
      window.forged = [];
      window.addEventListener("message", (e) => {
        if (e.data?.ticket === "forged") window.forged.push(e.origin);
      });
      for (const origin of origins) {
        const frame = document.createElement("iframe");
        frame.src = `${origin}/__forge__/forge.html`;
        document.body.append(frame);
      }
    },
    ["http://evil.test", server.url],
  );
  await expect
    .poll(() => page.evaluate(() => window.forged.sort()))
    .toEqual(["http://evil.test", server.url].sort());
  expect(await page.evaluate(() => window.outcome)).toBeNull();

  const outcome = await loginInPopup(page, popup, server);
  expect(outcome.ok).toBe(true);
  expect(outcome.result.state).toBe("state-123");
  expect(outcome.result.ticket).not.toBe("forged");
  expect(outcome.result.ticket.length).toBeGreaterThan(10);
  expect(outcome.result.userInfo).toMatchObject({ nickname: "Popup user" });
});

test("closing the popup rejects with popup_closed", async ({ context, server }) => {
  const page = await openSite(context, server);
  const popup = await openPopup(page);
  await waitForQr(popup.locator("scan-login canvas"));
  await popup.close();
  const outcome = await outcomeOf(page);
  expect(outcome).toMatchObject({ ok: false, name: "ScanLoginError", code: "popup_closed" });
  expect(outcome.message).toContain("closed");
});

test("an opener whose origin the app does not allow gets no code and no result", async ({
  context,
  server,
}) => {
  const page = await openSite(context, server, stranger);
  const popup = await openPopup(page);
  await expect(popup.locator("#login-message")).toContainText("not an allowed origin");
  await expect(popup.locator("scan-login")).toHaveCount(0);
  await popup.close();
  await expect.poll(() => page.evaluate(() => window.outcome?.code)).toBe("popup_closed");
});

test("an opener listed only in the app's allowedOrigins gets the result", async ({
  context,
  server,
}) => {
  const page = await openSite(context, server, partner);
  const popup = await openPopup(page);
  const outcome = await loginInPopup(page, popup, server);
  expect(outcome).toMatchObject({ ok: true, result: { state: "state-123" } });
  expect(outcome.result.ticket.length).toBeGreaterThan(10);
});
