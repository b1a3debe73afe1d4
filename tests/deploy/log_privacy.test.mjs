// What the server writes (stdout and stderr, start to stop) during whole
// logins, a demo app's and a wechat app's against the fake WeChat, with the
// failures that make it log (a wrong app secret, a replayed ticket, a code
// WeChat refuses, a token WeChat revoked), never holds a phone number, a
// ticket, a poll key, a code, a scan token, a token, an app secret, a mini
// program AppSecret, a wx.login or phone code, an access token, the admin or
// metrics token, or the secrets key (docs/operations.md, "What logs never contain").
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import {
  client,
  codeOf,
  demoSecret,
  ok,
  repoRoot,
  startProcess,
  temporaryDir,
} from "../browser/deploy-cluster.js";
import { makeTestCa } from "../fake-wechat/make-test-ca.mjs";
import { startFakeWechat } from "../fake-wechat/server.mjs";

const shopMp = { appid: "wx-privacy-mini", secret: "privacy-mp-secret-0123456789abcd" };
const shopSecret = "privacy-shop-backend-secret";
const adminToken = randomBytes(18).toString("base64url");
const metricsToken = randomBytes(18).toString("base64url");
const seen = new Set(); // every value that must not reach the output
const keep = (...values) => values.forEach((value) => value && seen.add(String(value)));

let fake, ca, dataDir, proc;

function post(route, body, headers = {}) {
  return fetch(proc.url + route, {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: JSON.stringify(body),
  }).then(async (res) => ({ status: res.status, text: await res.text() }));
}
const data = (answer, what) => ok({ ...answer, json: JSON.parse(answer.text) }, what);

before(async () => {
  const dir = temporaryDir("log-privacy");
  ca = makeTestCa(path.join(dir, "ca"));
  fake = await startFakeWechat({
    tls: { key: readFileSync(ca.serverKey, "utf8"), cert: readFileSync(ca.serverCert, "utf8") },
  });
  fake.control.registerMiniProgram(shopMp);
  const config = JSON.parse(
    readFileSync(path.join(repoRoot, "mock-server/config/default.json"), "utf8"),
  );
  config.apps.push({
    appId: "shop",
    appSecret: shopSecret,
    mode: "wechat",
    callbackUrls: ["https://shop.example/callback"],
    miniProgram: { appId: shopMp.appid, appSecret: shopMp.secret },
  });
  const configFile = path.join(dir, "config.json");
  writeFileSync(configFile, JSON.stringify(config));
  dataDir = path.join(dir, "data");
  proc = await startProcess(
    ["--config", configFile, "--data-dir", dataDir, "--gene-rate", "0"].concat([
      "--wechat-api-base",
      fake.url,
      "--wechat-ca-file",
      ca.caCert,
    ]),
    { env: { SCAN_LOGIN_ADMIN_TOKEN: adminToken, SCAN_LOGIN_METRICS_TOKEN: metricsToken } },
  );
  keep(shopMp.secret, shopSecret, demoSecret, adminToken, metricsToken);
});

after(async () => {
  await proc?.stop();
  await fake?.close();
});

test("a demo login, with the failures that log, leaves nothing private in the output", async () => {
  const api = client(proc.url, { adminToken });
  const phone = "13812345678";
  const gene = ok(await api.gene(), "gene");
  const code = codeOf(gene.qrcodeContent);
  const { scanToken } = ok(await api.scanned(code, { openid: "o-privacy", nickname: "P" }), "scan");
  ok(await api.confirm(code, scanToken, { phone }), "confirm");
  const { ticket } = ok(await api.check(gene.random), "check");
  assert.equal((await api.exchange(ticket, "demo", "not-the-secret")).status, 401);
  const { token } = ok(await api.exchange(ticket), "exchange");
  assert.equal((await api.exchange(ticket)).status, 409, "a replayed ticket");
  keep(phone, gene.random, code, scanToken, ticket, token);
  const made = ok(
    await api.admin("POST", "/api/v2/admin/applications", { appId: "made", mode: "demo" }),
    "create",
  ).appSecret;
  const rotated = ok(await api.admin("POST", "/api/v2/admin/applications/made/secret"), "rotate");
  keep(made, rotated.appSecret);
  assert.equal((await api.metrics()).status, 401);
  const metrics = await fetch(`${proc.url}/metrics`, {
    headers: { authorization: `Bearer ${metricsToken}` },
  });
  assert.equal(metrics.status, 200);
});

test("a wechat login against the fake WeChat leaves nothing private in the output", async () => {
  const phone = "13987654321";
  const login = async () => {
    const gene = data(
      await post("/api/v2/qrcode/gene", {}, { "x-authing-app-id": "shop" }),
      "gene",
    );
    const code = codeOf(gene.qrcodeContent);
    const jsCode = fake.control.registerLoginCode({ appid: shopMp.appid, openid: "o-wx" }).code;
    const { scanToken } = data(await post("/api/v2/qrcode/scanned", { code, jsCode }), "scan");
    assert.equal((await post("/api/v2/qrcode/scanned", { code, jsCode })).status, 400);
    const phoneCode = fake.control.registerPhoneCode({
      appid: shopMp.appid,
      purePhoneNumber: phone,
    }).code;
    data(await post("/api/v2/qrcode/confirm", { code, scanToken, phoneCode }), "confirm");
    const api = client(proc.url, { appId: "shop", secret: shopSecret });
    const { ticket } = ok(await api.check(gene.random), "check");
    const user = ok(await api.exchange(ticket), "exchange");
    assert.equal(user.phone, phone);
    keep(gene.random, code, scanToken, ticket, user.token, jsCode, phoneCode);
  };
  await login();
  fake.control.revokeToken({ appid: shopMp.appid }); // logs WeChat's refusal, then refetches
  await login();
  keep(phone);
  for (const call of fake.control.calls().calls) {
    for (const name of ["access_token", "js_code", "secret"]) keep(call.query?.[name]);
  }
});

test("the whole output, start to stop, holds none of those values", async () => {
  const secretsKey = readFileSync(path.join(dataDir, "secrets.key"), "utf8").trim();
  keep(secretsKey, Buffer.from(secretsKey, "base64").toString("latin1"));
  assert.deepEqual(await proc.stop(), { code: 0, signal: null });
  const output = proc.output();
  assert.match(output, /wechat: .* for wx-privacy-mini: errcode/, "WeChat's refusals were logged");
  for (const value of seen) {
    assert.ok(value.length >= 8, `a value too short to search for: ${value}`);
    assert.ok(!output.includes(value), `the output holds ${value.slice(0, 4)}…:\n${output}`);
  }
  // Any phone number, even masked differently: no run of 11 digits at all.
  assert.doesNotMatch(output, /\d{11}/);
});
