// An account the operator blocked: its phone is refused with a clear
// message, and <scan-login> on the PC fires `error` with the documented
// code (40308) that the site can show, instead of waiting for a confirm
// that cannot come. No ticket is issued.
import { test, expect } from "./fixtures.js";
import { Phone, codeFromQr, waitForQr } from "./phone.js";
import { addLogin, openElementHarness, waitForEvent, waitForPhase } from "./element-harness.js";

test.use({ serverArgs: ["--gene-rate", "0"] });

function adminTokenOf(server) {
  const match = /admin token (\S+)/.exec(server.output());
  if (!match) throw new Error(`no admin token line in the server output:\n${server.output()}`);
  return match[1];
}

async function admin(server, method, path) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminTokenOf(server)}` },
  });
  const body = await response.json();
  expect(response.status, JSON.stringify(body)).toBe(200);
  return body.data;
}

test("a blocked person's scan is refused and the element fires error 40308", async ({
  page,
  server,
}) => {
  const openid = `blocked-${Date.now()}`;
  // A first login makes the account.
  const first = new Phone(server.url, { openid, nickname: "Mallory" });
  await openElementHarness(page, server);
  let login = await addLogin(page, { "app-id": "demo" });
  await first.scan(codeFromQr(await waitForQr(login.locator("canvas"))));
  await first.confirm({ phone: "13700000077" });
  await waitForEvent(login, "success");
  const { users } = await admin(server, "GET", "/api/v2/admin/users?q=13700000077");
  expect(users).toHaveLength(1);
  expect(users[0].phone).toBe("137****0077");
  await admin(server, "POST", `/api/v2/admin/users/${users[0].id}/block`);

  // The next login of the same person.
  await openElementHarness(page, server);
  login = await addLogin(page, { "app-id": "demo" });
  const code = codeFromQr(await waitForQr(login.locator("canvas")));
  const phone = new Phone(server.url, { openid, nickname: "Mallory" });
  const refused = await phone.post("scanned", { code, wechatUser: phone.wechatUser });
  expect(refused.status).toBe(403);
  expect(refused.body.code).toBe(40308);
  expect(refused.body.message).toMatch(/blocked/);
  const error = await waitForEvent(login, "error");
  expect(error.detail.code).toBe(40308);
  expect(error.detail.message).toMatch(/blocked/);
  await waitForPhase(login, "error");
  const events = (await login.evaluate((e) => e.recordedEvents)).map((e) => e.type);
  expect(events).not.toContain("success");

  const { events: log } = await admin(server, "GET", "/api/v2/admin/audit?kind=login.refused");
  expect(log[0].detail.reason).toBe("account_blocked");
  expect(log[0].userId).toBe(users[0].id);
});
