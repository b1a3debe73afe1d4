// <scan-login> through whole logins against the real server, the phone
// driven over HTTP with the scan code decoded from the element's canvas.
import { test, expect } from "./fixtures.js";
import { Phone, codeFromQr, exchangeTicket, readQr, waitForQr } from "./phone.js";
import {
  addLogin,
  cspViolations,
  eventTrace,
  openElementHarness,
  part,
  recordedEvents,
  waitForEvent,
  waitForPhase,
} from "./element-harness.js";

test.use({ serverArgs: ["--gene-rate", "0"] });

// A 1x1 PNG: an avatar the strict test CSP allows only with img-src data:.
const avatar =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

test("the home page logs in and goes to the callback with the ticket and state", async ({
  page,
  server,
}) => {
  await page.goto(`${server.url}/`);
  const login = page.locator("scan-login");
  await expect(page.getByRole("link", { name: "QR playground" })).toHaveAttribute(
    "href",
    "/playground/",
  );
  const qr = await waitForQr(login.locator("canvas"));
  expect(qr).toMatch(new RegExp(`^${server.url}/m/[A-Za-z0-9_-]{16,}$`));
  const state = await login.evaluate((e) => e.state);
  expect(state).toMatch(/^[0-9a-f]{32}$/);

  const phone = new Phone(server.url, { nickname: "Ada" });
  await phone.scan(codeFromQr(qr));
  await expect(part(login, "nickname")).toHaveText("Ada");
  await phone.confirm({ phone: "13800138000", realName: "Ada Lovelace" });

  await page.waitForURL((url) => url.pathname === "/callback");
  const callback = new URL(page.url());
  expect(callback.origin).toBe(server.url);
  expect(callback.searchParams.get("state")).toBe(state);
  const ticket = callback.searchParams.get("ticket");
  expect(ticket).toBeTruthy();

  const user = await exchangeTicket(server.url, ticket);
  expect(user.status).toBe(200);
  expect(user.body.data).toMatchObject({
    phone: "13800138000",
    name: "Ada Lovelace",
    nickname: "Ada",
  });
  expect((await exchangeTicket(server.url, ticket)).status).toBe(409);
});

test("events come in order and success can keep the page from redirecting", async ({
  page,
  server,
}) => {
  await openElementHarness(page, server);
  const login = await addLogin(page, {
    "app-id": "demo",
    "redirect-uri": `${server.url}/callback`,
    state: "xyz 1/2",
  });
  const qr = await waitForQr(login.locator("canvas"));
  await waitForEvent(login, "load");
  await login.evaluate((e) => e.addEventListener("success", (event) => event.preventDefault()));

  const phone = new Phone(server.url, { nickname: "Grace" });
  await phone.scan(codeFromQr(qr));
  await waitForEvent(login, "scanned");
  await phone.confirm({ phone: "13900139000" });
  const success = await waitForEvent(login, "success");
  expect(success.detail.ticket).toBeTruthy();
  expect(success.detail.userInfo).toMatchObject({ nickname: "Grace" });
  await waitForPhase(login, "confirmed");

  expect(await eventTrace(login)).toEqual([
    "state:loading",
    "state:showing-code",
    "load",
    "state:scanned",
    "scanned",
    "state:confirmed",
    "success",
  ]);
  expect(new URL(page.url()).pathname).toBe("/__test__/element.html");
  expect(await login.evaluate((e) => e.state)).toBe("xyz 1/2");
  const user = await exchangeTicket(server.url, success.detail.ticket);
  expect(user.body.data.phone).toBe("13900139000");
  expect(await cspViolations(page)).toEqual([]);
});
