// The hosted login page (/login) in redirect mode: branded from the app's
// public config, in both languages, and ending at the callback with the
// ticket and the exact state; an unconfigured redirect_uri never redirects.
import { test, expect } from "./fixtures.js";
import { Phone, codeFromQr, exchangeTicket, waitForQr } from "./phone.js";

function loginUrl(server, params) {
  const url = new URL(`${server.url}/login`);
  for (const [key, value] of Object.entries(params)) url.searchParams.set(key, value);
  return url.href;
}

async function scanAndConfirm(server, qrText, phone) {
  const mobile = new Phone(server.url, { nickname: "Hosted" });
  await mobile.scan(codeFromQr(qrText));
  await mobile.confirm({ phone });
}

test("redirect mode ends at the callback with the ticket and the exact state", async ({
  page,
  server,
}) => {
  const violations = [];
  page.on("console", (m) => m.type() === "error" && violations.push(m.text()));
  const state = "st/é ?&=+%20#x";
  // The site stores the state before sending the browser to the hosted
  // page; its backend (the demo /callback) checks it.
  await page.context().addCookies([
    {
      name: "scan_login_demo_state",
      value: encodeURIComponent(state),
      url: `${server.url}/callback`,
    },
  ]);
  await page.goto(
    loginUrl(server, {
      app_id: "demo",
      redirect_uri: `${server.url}/callback`,
      state,
      lang: "en-US",
    }),
  );
  await expect(page.locator("#login-title")).toHaveText("Log in to Scan Login Demo");
  const qrText = await waitForQr(page.locator("scan-login canvas"));
  await scanAndConfirm(server, qrText, "13800000021");
  await page.waitForURL((url) => url.pathname === "/callback");
  const url = new URL(page.url());
  expect(url.origin).toBe(server.url);
  expect(url.searchParams.get("state")).toBe(state);
  const ticket = url.searchParams.get("ticket");
  expect(ticket).toBeTruthy();
  // The demo callback page plays the site's backend: it exchanged the ticket
  // with the app secret, so the ticket is spent.
  await expect(page.locator('#user tr[data-key="phone"] td')).toContainText("13800000021");
  await expect(page.locator("#state")).toHaveText(state);
  expect((await exchangeTicket(server.url, ticket)).status).toBe(409);
  expect(violations.filter((v) => /Content Security Policy/i.test(v))).toEqual([]);
});

test("an unconfigured redirect_uri shows the server's error page and never redirects", async ({
  page,
  server,
}) => {
  const response = await page.goto(
    loginUrl(server, { app_id: "demo", redirect_uri: "https://evil.example/callback", state: "s" }),
  );
  expect(response.status()).toBe(400);
  await expect(page.locator("h1")).toHaveText("Callback URL not allowed");
  await expect(page.locator("scan-login")).toHaveCount(0);
  await page.waitForTimeout(500);
  expect(page.url()).toContain("/login?");
});
