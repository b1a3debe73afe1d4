// <scan-login> and short-lived codes: the server makes codes that live 3 s.
import { test, expect } from "./fixtures.js";
import { Phone, codeFromQr, readQr, waitForQr } from "./phone.js";
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

test.use({ serverArgs: ["--gene-rate", "0", "--qr-expires-in", "3"] });

test("an expired code is hidden behind a refresh button that works from the keyboard", async ({
  page,
  server,
}) => {
  await openElementHarness(page, server);
  const login = await addLogin(page, { "app-id": "demo", lang: "en-US" });
  const first = await waitForQr(login.locator("canvas"));
  const box = await login.boundingBox();
  await waitForEvent(login, "expired");
  expect(await login.boundingBox()).toEqual(box); // nothing shifts between states
  await waitForPhase(login, "expired");
  await expect(part(login, "message")).toHaveText("QR code expired");
  await expect(part(login, "status")).toHaveText("QR code expired");
  const button = part(login, "button");
  await expect(button).toHaveText("Refresh the QR code");
  await expect(button).toHaveRole("button");
  expect(await readQr(login.locator("canvas"))).toBeNull();

  // Keyboard only: Tab reaches the button inside the shadow root, Enter presses it.
  await page.keyboard.press("Tab");
  await expect(button).toBeFocused();
  await page.keyboard.press("Enter");
  const second = await waitForQr(login.locator("canvas"), { previous: first });
  await waitForPhase(login, "showing-code");
  await expect(part(login, "overlay")).toBeHidden();
  expect(codeFromQr(second)).not.toBe(codeFromQr(first));
  const trace = await eventTrace(login);
  expect(trace.slice(trace.indexOf("state:expired"))).toEqual([
    "state:expired",
    "expired",
    "state:loading",
    "state:showing-code",
    "load",
  ]);
  expect(await cspViolations(page)).toEqual([]);
});

test("with auto-refresh a new code replaces the old one before it expires", async ({
  page,
  server,
}) => {
  await openElementHarness(page, server);
  const login = await addLogin(page, { "app-id": "demo", "auto-refresh": "" });
  const canvas = login.locator("canvas");
  const first = await waitForQr(canvas);
  const second = await waitForQr(canvas, { previous: first });
  const third = await waitForQr(canvas, { previous: second });
  expect(new Set([first, second, third].map(codeFromQr)).size).toBe(3);

  const trace = await eventTrace(login);
  expect(trace).not.toContain("expired");
  expect(trace).not.toContain("state:expired");
  // The old code stays until the new one is drawn: no loading phase in between.
  expect(trace.filter((t) => t === "state:loading")).toHaveLength(1);
  expect(
    (await recordedEvents(login)).filter((e) => e.type === "load").length,
  ).toBeGreaterThanOrEqual(3);

  // The newest code still works.
  const phone = new Phone(server.url);
  await phone.scan(codeFromQr(await waitForQr(canvas)));
  await waitForEvent(login, "scanned");
});

// The auto-refresh race: the phone scans the code the element has just
// replaced (it aimed before the new one was drawn). The old code lives on
// for its last second and the element still watches it, so the login goes on.
test("with auto-refresh a scan of the code just replaced still logs in", async ({
  page,
  server,
}) => {
  await openElementHarness(page, server);
  const login = await addLogin(page, { "app-id": "demo", "auto-refresh": "", lang: "en-US" });
  const canvas = login.locator("canvas");
  const first = await waitForQr(canvas);
  await waitForQr(canvas, { previous: first }); // replaced about a second before it expires
  const phone = new Phone(server.url, { nickname: "Late scanner" });
  await phone.scan(codeFromQr(first));
  const scanned = await waitForEvent(login, "scanned");
  expect(scanned.detail.userInfo.nickname).toBe("Late scanner");
  await waitForPhase(login, "scanned");
  await expect(part(login, "nickname")).toHaveText("Late scanner");
  await phone.confirm({ phone: "13800000000" });
  const success = await waitForEvent(login, "success");
  expect(success.detail.ticket).toBeTruthy();
  const trace = await eventTrace(login);
  expect(trace).not.toContain("expired");
  expect(trace.slice(trace.indexOf("scanned"))).not.toContain("load");
});
