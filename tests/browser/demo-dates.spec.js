// The demo pages show instants as dates in the visitor's locale and time
// zone, not as raw numbers or ISO strings: the callback page's user
// (registeredAt, lastLoginAt) and token claims (iat, exp), and the home
// page's event list. The browser runs in Asia/Shanghai (UTC+8, no DST), and
// each date is checked against Node's own Intl for that zone.
import { test, expect } from "./fixtures.js";
import { Phone, codeFromQr, waitForQr } from "./phone.js";

test.use({ serverArgs: ["--gene-rate", "0"], locale: "en-US", timezoneId: "Asia/Shanghai" });

const shanghai = new Intl.DateTimeFormat("en-US", {
  dateStyle: "medium",
  timeStyle: "medium",
  timeZone: "Asia/Shanghai",
});
const rawDate = /^\d{4}-\d\d-\d\dT|^\d{9,}$/;

async function logIn(page, server, nickname) {
  const qr = await waitForQr(page.locator("scan-login canvas"));
  const phone = new Phone(server.url, { nickname });
  await phone.scan(codeFromQr(qr));
  await phone.confirm({ phone: "13800138111" });
}

test("the callback page shows the user's and the token's dates as local dates", async ({
  page,
  server,
}) => {
  const before = Date.now();
  await page.goto(`${server.url}/`);
  const served = page.waitForResponse((r) => new URL(r.url()).pathname === "/callback");
  await logIn(page, server, "Dated");
  await page.waitForURL((url) => url.pathname === "/callback");
  // As served, before its script runs: readable UTC text.
  const html = await (await served).text();
  expect(html).toMatch(
    /<time datetime="[^"]+" title="\d+">\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC<\/time>/,
  );
  for (const selector of [
    '#user tr[data-key="registeredAt"] time',
    '#user tr[data-key="lastLoginAt"] time',
    '#claims tr[data-key="iat"] time',
    '#claims tr[data-key="exp"] time',
  ]) {
    const time = page.locator(selector);
    const datetime = await time.getAttribute("datetime");
    const instant = new Date(datetime).getTime();
    expect(instant, selector).toBeGreaterThan(before - 5 * 60_000);
    const shown = await time.textContent();
    expect(shown, selector).toBe(shanghai.format(new Date(datetime)));
    expect(shown, selector).not.toMatch(rawDate);
  }
  // The raw value stays at hand for a developer, in the title.
  const iat = Number(await page.locator('#claims tr[data-key="iat"] time').getAttribute("title"));
  const exp = Number(await page.locator('#claims tr[data-key="exp"] time').getAttribute("title"));
  expect(exp - iat).toBe(15 * 24 * 3600);
  // Numbers that are no dates stay numbers.
  await expect(page.locator('#user tr[data-key="loginsCount"] td')).toHaveText("1");
});

test("the home page's event list shows a full user's dates as local dates", async ({
  page,
  server,
}) => {
  await page.goto(`${server.url}/`);
  const login = page.locator("scan-login");
  // The full user comes with auto-exchange; the page stays here to show it.
  await login.evaluate((e) => {
    e.addEventListener("success", (event) => {
      event.preventDefault();
      window.registeredAt = event.detail.userInfo.registeredAt;
    });
    e.autoExchange = true;
  });
  await logIn(page, server, "Listed");
  const item = page.locator("#events li", { hasText: "success" });
  await expect(item).toHaveCount(1);
  const text = await item.textContent();
  expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  const raw = await page.evaluate(() => window.registeredAt); // the event keeps ISO 8601
  expect(raw).toMatch(/^\d{4}-\d\d-\d\dT/);
  expect(text).toContain(`"registeredAt":"${shanghai.format(new Date(raw))}"`);
});
