// browserExchange "proof" (PROTOCOL.md "POST /api/v2/qrcode/userinfo"): a
// browser may exchange a ticket only with the poll key of the ticket's code,
// which never left the page that made the code. The element (auto-exchange,
// in the WebAssembly core) and the SDK send it themselves; the ticket alone,
// or with another code's key, is refused with 40105 and spends nothing.
import { test, expect } from "./fixtures.js";
import { Phone, codeFromQr, waitForQr } from "./phone.js";
import { addLogin, openElementHarness, recordedEvents, waitForEvent } from "./element-harness.js";
import { adminCall, uniqueId } from "./console-helpers.js";
import { ErrorCode } from "../../web/src/codes.js";

test.use({ serverArgs: ["--gene-rate", "0"] });

/** A new demo app that allows browser exchange with proof from the server's origin. */
async function proofApp(server) {
  const appId = uniqueId("proof");
  const made = await adminCall(server, "POST", "/api/v2/admin/applications", {
    appId,
    name: "Proof shop",
    mode: "demo",
    callbackUrls: [`${server.url}/callback`],
    allowedOrigins: [server.url],
    browserExchange: "proof",
  });
  expect(made.httpStatus, JSON.stringify(made)).toBe(200);
  const stored = await adminCall(server, "GET", `/api/v2/admin/applications/${appId}`);
  expect(stored.data.browserExchange).toBe("proof");
  return appId;
}

/** Every POST to /api/v2/qrcode/userinfo the page sends, and every random it polls. */
function watchExchanges(page) {
  const seen = { exchanges: [], polledRandoms: new Set() };
  page.on("request", (request) => {
    const url = new URL(request.url());
    if (url.pathname === "/api/v2/qrcode/userinfo") seen.exchanges.push(request.postDataJSON());
    if (url.pathname === "/api/v2/qrcode/check") {
      seen.polledRandoms.add(url.searchParams.get("random"));
    }
  });
  return seen;
}

test("the element's auto-exchange sends the poll key and gets the full user", async ({
  page,
  server,
}) => {
  const appId = await proofApp(server);
  await openElementHarness(page, server);
  const seen = watchExchanges(page);
  const login = await addLogin(page, { "app-id": appId, "auto-exchange": "" });
  const qr = await waitForQr(login.locator("canvas"));
  const phone = new Phone(server.url, { nickname: "Proof" });
  await phone.scan(codeFromQr(qr));
  await phone.confirm({ phone: "13600136000", realName: "Ada Proof" });

  const success = await waitForEvent(login, "success");
  expect(success.detail.userInfo).toMatchObject({
    phone: "13600136000",
    name: "Ada Proof",
    nickname: "Proof",
  });
  expect(success.detail.userInfo.token.split(".")).toHaveLength(3);
  expect((await recordedEvents(login)).filter((e) => e.type === "error")).toEqual([]);
  // One exchange, with the ticket and the poll key of the code it polled.
  expect(seen.exchanges).toHaveLength(1);
  const [body] = seen.exchanges;
  expect(body.ticket).toBe(success.detail.ticket);
  expect(seen.polledRandoms.has(body.random)).toBe(true);
});

test("the SDK sends the poll key; the ticket alone or with another code's key is refused (40105)", async ({
  page,
  server,
}) => {
  const appId = await proofApp(server);
  await openElementHarness(page, server);
  const seen = watchExchanges(page);
  await page.evaluate(async (app) => {
    const { ScanLoginClient } = await import("/src/sdk/index.js");
    window.client = new ScanLoginClient({ appId: app });
    window.codes = [await window.client.geneCode(), await window.client.geneCode()];
  }, appId);
  const [code, other] = await page.evaluate(() => window.codes);
  const phone = new Phone(server.url, { nickname: "Sdk" });
  await phone.scan(codeFromQr(code.qrcodeContent));
  await phone.confirm({ phone: "13600136001" });
  const confirmed = await page.evaluate(() => window.client.checkStatus(window.codes[0].random));
  expect(confirmed.status).toBe(2);

  // From this page (an allowed origin), without the proof or with a wrong one.
  const refusals = await page.evaluate(
    async ({ app, ticket, otherRandom }) => {
      const exchange = async (body) => {
        const response = await fetch("/api/v2/qrcode/userinfo", {
          method: "POST",
          headers: { "content-type": "application/json", "x-authing-app-id": app },
          body: JSON.stringify(body),
        });
        return { status: response.status, code: (await response.json()).code };
      };
      return [await exchange({ ticket }), await exchange({ ticket, random: otherRandom })];
    },
    { app: appId, ticket: confirmed.ticket, otherRandom: other.random },
  );
  const refused = { status: 401, code: ErrorCode.missingExchangeProof };
  expect(refusals).toEqual([refused, refused]);

  // The refusals spent nothing: the SDK's own exchange (with the key) works.
  const user = await page.evaluate((t) => window.client.exchangeUserInfo(t), confirmed.ticket);
  expect(user).toMatchObject({ phone: "13600136001", nickname: "Sdk" });
  expect(seen.exchanges.at(-1)).toEqual({ ticket: confirmed.ticket, random: code.random });
});

test("after startScanning the SDK's exchangeUserInfo has the element's poll key; no event carries it", async ({
  page,
  server,
}) => {
  const appId = await proofApp(server);
  await openElementHarness(page, server);
  const seen = watchExchanges(page);
  await page.evaluate(async (app) => {
    const { ScanLoginClient } = await import("/src/sdk/index.js");
    const client = new ScanLoginClient({ appId: app });
    window.successDetails = [];
    document.addEventListener(
      "success",
      (e) => window.successDetails.push(Object.keys(e.detail).sort()),
      true,
    );
    window.exchanged = new Promise((resolve, reject) => {
      client.startScanning("qrcode", {
        // GenAuth's way: the page exchanges the ticket itself.
        onSuccess: (userInfo, ticket) => client.exchangeUserInfo(ticket).then(resolve, reject),
        onError: (message) => reject(new Error(message)),
      });
    });
  }, appId);
  const qr = await waitForQr(page.locator("scan-login canvas"));
  const phone = new Phone(server.url, { nickname: "Genauth" });
  await phone.scan(codeFromQr(qr));
  await phone.confirm({ phone: "13600136002" });

  const user = await page.evaluate(() => window.exchanged);
  expect(user).toMatchObject({ phone: "13600136002", nickname: "Genauth" });
  expect(await page.evaluate(() => window.successDetails)).toEqual([["ticket", "userInfo"]]);
  expect(seen.exchanges).toHaveLength(1);
  expect(seen.polledRandoms.has(seen.exchanges[0].random)).toBe(true);
});
