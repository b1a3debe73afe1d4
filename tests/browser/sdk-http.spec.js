// The SDK's HTTP methods (geneCode, checkStatus, exchangeUserInfo) in
// chromium against the real server, with the phone side driven over HTTP.
import { test, expect } from "./fixtures.js";
import { Phone, codeFromQr } from "./phone.js";

const blankPath = "/__test__/sdk.html";

/** A blank page on the server's origin, under the product's strict CSP. */
async function openBlank(page, server) {
  await page.route(`${server.url}/__test__/**`, (route) =>
    route.fulfill({
      contentType: "text/html; charset=utf-8",
      headers: { "content-security-policy": "script-src 'self' 'wasm-unsafe-eval'" },
      body: '<!doctype html><meta charset="utf-8"><title>SDK</title><body></body>',
    }),
  );
  await page.goto(`${server.url}${blankPath}`);
}

test("geneCode sends GenAuth's headers and returns the code", async ({ page, server }) => {
  await openBlank(page, server);
  const sent = page.waitForRequest((r) => r.url().endsWith("/api/v2/qrcode/gene"));
  const data = await page.evaluate(async (host) => {
    const { ScanLoginClient } = await import("/src/sdk/index.js");
    const client = new ScanLoginClient({
      appId: "demo",
      host,
      userPoolId: "pool-1",
      lang: "en-US",
    });
    return client.geneCode({ customData: { plan: "pro" } });
  }, server.url);
  const request = await sent;
  const headers = request.headers();
  expect(headers["x-authing-app-id"]).toBe("demo");
  expect(headers["x-authing-userpool-id"]).toBe("pool-1");
  expect(headers["x-authing-lang"]).toBe("en-US");
  expect(headers["x-authing-request-from"]).toBe("scan-login-sdk");
  expect(headers["x-authing-sdk-version"]).toMatch(/^js:scan-login@\d+\.\d+\.\d+/);
  expect(request.postDataJSON()).toMatchObject({ scene: "WXAPP_AUTH", params: { plan: "pro" } });
  expect(Object.keys(data).sort()).toEqual(
    ["customLogo", "expireAt", "expiresIn", "qrcodeContent", "random", "url"].sort(),
  );
  expect(data.qrcodeContent).toMatch(new RegExp(`^${server.url}/m/`));
  expect(data.qrcodeContent).not.toContain(data.random);
  expect(data.expiresIn).toBe(120);
});

test("checkStatus follows the phone; exchangeUserInfo gives the user once", async ({
  page,
  server,
}) => {
  await openBlank(page, server);
  await page.evaluate(async (host) => {
    const { ScanLoginClient } = await import("/src/sdk/index.js");
    window.client = new ScanLoginClient({ appId: "demo", host });
    window.code = await window.client.geneCode();
  }, server.url);
  const code = await page.evaluate(() => window.code);
  const check = () => page.evaluate(() => window.client.checkStatus(window.code.random));
  expect(await check()).toMatchObject({ random: code.random, status: 0 });

  const mobile = new Phone(server.url, { nickname: "Ann" });
  await mobile.scan(codeFromQr(code.qrcodeContent));
  expect(await check()).toMatchObject({ status: 1, userInfo: { nickname: "Ann" } });

  await mobile.confirm({ phone: "13800000002" });
  const confirmed = await check();
  expect(confirmed.status).toBe(2);
  expect(typeof confirmed.ticket).toBe("string");

  const user = await page.evaluate((t) => window.client.exchangeUserInfo(t), confirmed.ticket);
  expect(user).toMatchObject({ phone: "13800000002", nickname: "Ann" });
  expect(user.token.split(".")).toHaveLength(3);

  const replay = await page.evaluate(async (t) => {
    try {
      await window.client.exchangeUserInfo(t);
      return null;
    } catch (e) {
      return {
        name: e.name,
        code: e.code,
        status: e.status,
        message: e.message,
        isError: e instanceof Error,
      };
    }
  }, confirmed.ticket);
  expect(replay).toMatchObject({ name: "ScanLoginError", status: 409, isError: true });
  expect(typeof replay.code).toBe("number");
  expect(replay.message).not.toBe("");
});

test("checkStatus long-polls: it answers when the phone scans", async ({ page, server }) => {
  await openBlank(page, server);
  const code = await page.evaluate(async (host) => {
    const { ScanLoginClient } = await import("/src/sdk/index.js");
    window.client = new ScanLoginClient({ appId: "demo", host });
    const code = await window.client.geneCode();
    window.held = window.client.checkStatus(code.random, { wait: 20, since: 0 });
    return code;
  }, server.url);
  // The held request is still open until the phone acts.
  expect(
    await page.evaluate(() =>
      Promise.race([window.held, new Promise((r) => setTimeout(() => r("held"), 300))]),
    ),
  ).toBe("held");
  await new Phone(server.url).scan(codeFromQr(code.qrcodeContent));
  expect(await page.evaluate(() => window.held)).toMatchObject({ status: 1 });
});

test("errors reject with {code, message, status}", async ({ page, server }) => {
  await openBlank(page, server);
  const errors = await page.evaluate(async (host) => {
    const { ScanLoginClient, ScanLoginError } = await import("/src/sdk/index.js");
    const shape = async (promise) => {
      try {
        await promise;
        return null;
      } catch (e) {
        return {
          ok: e instanceof ScanLoginError,
          code: e.code,
          status: e.status,
          message: e.message,
        };
      }
    };
    const client = new ScanLoginClient({ appId: "demo", host });
    return {
      unknownRandom: await shape(client.checkStatus("no-such-random")),
      unknownTicket: await shape(client.exchangeUserInfo("no-such-ticket")),
      unknownApp: await shape(new ScanLoginClient({ appId: "nope", host }).geneCode()),
      badRedirect: await shape(client.geneCode({ redirectUri: "https://evil.example/cb" })),
      network: await shape(
        new ScanLoginClient({ appId: "demo", host: "http://127.0.0.1:9" }).geneCode(),
      ),
      noAppId: (() => {
        try {
          new ScanLoginClient({ host });
          return null;
        } catch (e) {
          return e.name;
        }
      })(),
    };
  }, server.url);
  expect(errors.unknownRandom).toMatchObject({ ok: true, code: 40402, status: 404 });
  expect(errors.unknownRandom.message).toContain("unknown random");
  expect(errors.unknownTicket).toMatchObject({ ok: true, status: 404 });
  expect(errors.unknownApp?.ok).toBe(true);
  expect([400, 401, 403, 404]).toContain(errors.unknownApp.status);
  expect(errors.badRedirect).toMatchObject({ ok: true, status: 400 });
  expect(errors.network).toMatchObject({ ok: true, code: "network", status: 0 });
  expect(errors.noAppId).toBe("TypeError");
});
