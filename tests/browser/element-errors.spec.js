// <scan-login> when it cannot work: bad configuration, a refused redirect
// URI, a WebAssembly module that does not load. Errors are events and a
// visible state with a way to try again, never an exception in the page.
import { test, expect } from "./fixtures.js";
import { waitForQr } from "./phone.js";
import {
  addLogin,
  openElementHarness,
  part,
  waitForEvent,
  waitForPhase,
} from "./element-harness.js";

test.use({ serverArgs: ["--gene-rate", "0"] });

test("without app-id the element reports error 1001 and shows it", async ({ page, server }) => {
  const pageErrors = [];
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await openElementHarness(page, server);
  const login = await addLogin(page, { lang: "en-US" });
  const error = await waitForEvent(login, "error");
  expect(error.detail.code).toBe(1001);
  expect(error.detail.message).toMatch(/appId/);
  await waitForPhase(login, "error");
  await expect(part(login, "message")).toContainText("Login failed");
  await expect(part(login, "button")).toHaveText("Try again");

  // Setting the attribute restarts the lifecycle.
  await login.evaluate((e) => (e.appId = "demo"));
  await waitForQr(login.locator("canvas"));
  await waitForPhase(login, "showing-code");
  expect(pageErrors).toEqual([]);
});

test("a redirect-uri the app does not list is refused before any code is shown", async ({
  page,
  server,
}) => {
  await openElementHarness(page, server);
  const login = await addLogin(page, {
    "app-id": "demo",
    "redirect-uri": "https://evil.example/steal",
  });
  const error = await waitForEvent(login, "error");
  expect(error.detail.code).not.toBe(0);
  await waitForPhase(login, "error");
  expect((await login.evaluate((e) => e.recordedEvents)).map((e) => e.type)).not.toContain("load");
});

test("a WebAssembly module that fails to load is error 1000, and retry loads it", async ({
  page,
  server,
}) => {
  await page.route("**/wasm/scan-login-core.wasm", (route) => route.abort("connectionrefused"));
  await openElementHarness(page, server);
  const login = await addLogin(page, { "app-id": "demo" });
  const error = await waitForEvent(login, "error");
  expect(error.detail.code).toBe(1000);
  await waitForPhase(login, "error");

  await page.unroute("**/wasm/scan-login-core.wasm");
  await part(login, "button").click();
  await waitForQr(login.locator("canvas"));
  await waitForPhase(login, "showing-code");
});
