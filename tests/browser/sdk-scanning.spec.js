// client.startScanning (GenAuth's option names) on a real flow: the element
// it creates draws a code, the phone scans and confirms over HTTP, and the
// callbacks fire in GenAuth's order with GenAuth's argument shapes.
import { test, expect } from "./fixtures.js";
import { Phone, codeFromQr, waitForQr } from "./phone.js";

const strictCsp =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' https: data:";

/** A page on the server's origin with a #qrcode container, under the strict CSP. */
async function openPage(page, server) {
  await page.route(`${server.url}/__test__/**`, (route) =>
    route.fulfill({
      contentType: "text/html; charset=utf-8",
      headers: { "content-security-policy": strictCsp },
      body: '<!doctype html><meta charset="utf-8"><title>SDK</title><body><div id="qrcode"></div></body>',
    }),
  );
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(`${server.url}/__test__/sdk.html`);
}

/** Starts scanning in the page; every callback call is recorded in window.calls. */
function startScanning(page, server, { container = "qrcode", ...options } = {}) {
  return page.evaluate(
    async ({ host, container, options }) => {
      const { ScanLoginClient } = await import("/src/sdk/index.js");
      window.calls = [];
      const names = [
        "onStart",
        "onResult",
        "onScanned",
        "onSuccess",
        "onCancel",
        "onError",
        "onExpired",
        "onCodeShow",
        "onCodeLoaded",
        "onCodeLoadFailed",
        "onRetry",
      ];
      const callbacks = {};
      for (const name of names) {
        callbacks[name] = (...args) =>
          window.calls.push({
            name,
            args: JSON.parse(
              JSON.stringify(args, (k, v) =>
                v instanceof Error ? { message: v.message, code: v.code } : v,
              ),
            ),
          });
      }
      const client = new ScanLoginClient({ appId: "demo", host, lang: "en-US" });
      window.handle = client.startScanning(container, { ...options, ...callbacks });
    },
    { host: server.url, container, options },
  );
}

const callNames = (page) => page.evaluate(() => window.calls.map((c) => c.name));
const callsOf = (page, name) =>
  page.evaluate((n) => window.calls.filter((c) => c.name === n), name);

/** The phone scans the code in `qrText`, then confirms unless told not to. */
async function scanAndConfirm(
  server,
  qrText,
  { confirm = true, nickname = "Ada", phone = "13800000011" } = {},
) {
  const mobile = new Phone(server.url, { nickname });
  await mobile.scan(codeFromQr(qrText));
  if (confirm) await mobile.confirm({ phone });
  return mobile;
}

test("callbacks fire in GenAuth's order on a real login", async ({ page, server }) => {
  await openPage(page, server);
  await startScanning(page, server, { size: { width: 200, height: 200 } });
  const canvas = page.locator("#qrcode scan-login canvas");
  const qrText = await waitForQr(canvas);
  expect(qrText).toMatch(new RegExp(`^${server.url}/m/`));
  await expect.poll(() => callNames(page)).toContain("onCodeShow");

  const mobile = new Phone(server.url, { nickname: "Ada" });
  const code = codeFromQr(qrText);
  await mobile.scan(code);
  await expect.poll(() => callNames(page)).toContain("onScanned");
  await mobile.confirm({ phone: "13800000011" });
  await expect.poll(() => callNames(page)).toContain("onSuccess");

  const names = (await callNames(page)).filter((n) => n !== "onResult");
  expect(names).toEqual(["onStart", "onCodeLoaded", "onCodeShow", "onScanned", "onSuccess"]);
  const [loaded] = await callsOf(page, "onCodeLoaded");
  expect(loaded.args.slice(0, 2)).toEqual([null, null]);
  expect(loaded.args[2]).toEqual({ qrcodeContent: qrText });
  const [scannedCall] = await callsOf(page, "onScanned");
  expect(scannedCall.args[0]).toMatchObject({ nickname: "Ada" });
  const [success] = await callsOf(page, "onSuccess");
  const [userInfo, ticket] = success.args;
  expect(typeof ticket).toBe("string");
  expect(ticket.length).toBeGreaterThan(10);
  expect(userInfo).toMatchObject({ nickname: "Ada" });
  const statuses = (await callsOf(page, "onResult")).map((c) => c.args[0].status);
  expect(statuses).toEqual([0, 1, 2]);
  // size {width, height} became the element's size attribute.
  await expect(page.locator("#qrcode scan-login")).toHaveAttribute("size", "200");
  expect(await page.evaluate(() => window.cspViolations)).toEqual([]);
});

test("autoExchangeUserInfo: onSuccess gets the full user with a token", async ({
  page,
  server,
}) => {
  await openPage(page, server);
  await startScanning(page, server, { autoExchangeUserInfo: true });
  const qrText = await waitForQr(page.locator("#qrcode scan-login canvas"));
  await scanAndConfirm(server, qrText, { phone: "13800000012" });
  await expect.poll(() => callNames(page)).toContain("onSuccess");
  const [success] = await callsOf(page, "onSuccess");
  expect(success.args[0]).toMatchObject({ phone: "13800000012", nickname: "Ada" });
  expect(success.args[0].token.split(".")).toHaveLength(3);
});

test("cancel on the phone, then retry: onCancel, onRetry, a new code", async ({ page, server }) => {
  await openPage(page, server);
  await startScanning(page, server, {
    tips: { canceled: "Nope, cancelled", retry: "Again please" },
  });
  const canvas = page.locator("#qrcode scan-login canvas");
  const first = await waitForQr(canvas);
  const mobile = await scanAndConfirm(server, first, { confirm: false });
  await mobile.cancel();
  await expect.poll(() => callNames(page)).toContain("onCancel");
  // GenAuth's tips override the element's texts.
  const button = page.locator("#qrcode scan-login").getByRole("button");
  await expect(button).toHaveText("Again please");
  await expect(page.locator("#qrcode scan-login [part=message]")).toHaveText("Nope, cancelled");
  await button.click();
  await expect.poll(() => callNames(page)).toContain("onRetry");
  const second = await waitForQr(canvas, { previous: first });
  expect(second).not.toBe(first);
  expect((await callsOf(page, "onCodeShow")).length).toBe(2);
});

test("an unknown id makes a fixed container; stop() removes the element and its requests", async ({
  page,
  server,
}) => {
  await openPage(page, server);
  await startScanning(page, server, {
    container: "made-for-me",
    containerSize: { width: 320, height: 340 },
  });
  const box = page.locator("#made-for-me");
  await expect(box).toHaveCSS("position", "fixed");
  await expect(box).toHaveCSS("width", "320px");
  await waitForQr(box.locator("scan-login canvas"));
  let requests = 0;
  page.on("request", (r) => {
    if (r.url().includes("/api/v2/qrcode/")) requests++;
  });
  await page.evaluate(() => window.handle.stop());
  await expect(box.locator("scan-login")).toHaveCount(0);
  const before = requests;
  await page.waitForTimeout(1500);
  expect(requests).toBe(before);
});

test("a code that cannot be made calls onError and onCodeLoadFailed", async ({ page, server }) => {
  await openPage(page, server);
  await page.evaluate(async (host) => {
    const { ScanLoginClient } = await import("/src/sdk/index.js");
    window.calls = [];
    const client = new ScanLoginClient({ appId: "no-such-app", host });
    client.startScanning("qrcode", {
      onError: (message, detail) => window.calls.push({ name: "onError", args: [message, detail] }),
      onCodeLoadFailed: (error) =>
        window.calls.push({
          name: "onCodeLoadFailed",
          args: [{ message: error.message, code: error.code, isError: error instanceof Error }],
        }),
    });
  }, server.url);
  await expect.poll(() => callNames(page)).toContain("onCodeLoadFailed");
  const [error] = await callsOf(page, "onError");
  expect(typeof error.args[0]).toBe("string");
  expect(error.args[1].code).not.toBe(0);
  const [failed] = await callsOf(page, "onCodeLoadFailed");
  expect(failed.args[0]).toMatchObject({ isError: true, code: error.args[1].code });
});
