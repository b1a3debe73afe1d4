// The server's WeChat gateway against the fake WeChat API (tests/fake-wechat)
// over TLS with a CA these tests make: a wechat app's login where identity
// and phone number come only from WeChat, the access token fetched once and
// shared through the store, a token revoked or expired mid-flight, codes
// used twice, WeChat busy, rate-limiting, hanging or behind a certificate we
// must not trust, a watermark of another mini program, and no secret, code or
// token in a log or an answer.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";

import { client, ok, codeOf, startProcess, temporaryDir } from "../browser/deploy-cluster.js";
import { makeTestCa } from "../fake-wechat/make-test-ca.mjs";
import { startFakeWechat } from "../fake-wechat/server.mjs";

const shopMp = { appid: "wx-shop-mini", secret: "shop-mp-secret-0123456789abcdef" };
const defaultMp = { appid: "wx-default-mini", secret: "default-mp-secret-fedcba9876543210" };
const shopSecret = "shop-backend-secret";

let fake;
let ca;
let configFile;
const answers = []; // every answer text a test read, checked for secrets at the end
const logs = [];

function config() {
  const app = (appId, miniProgram) => ({
    appId,
    appSecret: shopSecret,
    name: `Shop ${appId}`,
    mode: "wechat",
    callbackUrls: ["https://shop.example/callback"],
    allowedOrigins: ["https://shop.example"],
    miniProgram,
  });
  return {
    wechat: {
      defaultMiniProgram: {
        appId: defaultMp.appid,
        appSecret: defaultMp.secret,
        qrUrlPrefix: "https://login.example.com/scan",
        verificationFile: { name: "WxVerify01.txt", content: "wechat-verification-01" },
      },
    },
    apps: [
      app("shop", { appId: shopMp.appid, appSecret: shopMp.secret }),
      app("site", { appId: "" }), // the server's default mini program
    ],
  };
}

async function server(extra = [], { dataDir } = {}) {
  const args = ["--config", configFile, "--wechat-api-base", fake.url];
  args.push("--wechat-ca-file", ca.caCert, "--gene-rate", "0", ...extra);
  if (dataDir) args.push("--data-dir", dataDir);
  const proc = await startProcess(args);
  logs.push(proc.output);
  return proc;
}

function recorded(answer) {
  answers.push(answer.text);
  return answer;
}

// One wechat login through `api` for `app`: gene, scan with a wx.login code
// of `mp`, confirm with a phone code, check, exchange. Returns the user and
// the token's claims.
async function wechatLogin(api, { app = "shop", mp = shopMp, openid, phone = "13800138000" }) {
  const data = ok(recorded(await api.gene(app)), "gene");
  const code = codeOf(data.qrcodeContent);
  const jsCode = fake.control.registerLoginCode({ appid: mp.appid, openid }).code;
  const scanned = recorded(
    await api.post("/api/v2/qrcode/scanned", { code, jsCode, wechatUser: { nickname: "Ada" } }),
  );
  const { scanToken } = ok(scanned, "scanned");
  const phoneCode = fake.control.registerPhoneCode({
    appid: mp.appid,
    purePhoneNumber: phone,
  }).code;
  ok(recorded(await api.post("/api/v2/qrcode/confirm", { code, scanToken, phoneCode })), "confirm");
  const checked = ok(recorded(await api.check(data.random)), "check");
  assert.equal(checked.status, 2);
  const user = ok(recorded(await api.exchange(checked.ticket, app, shopSecret)), "exchange");
  const claims = JSON.parse(Buffer.from(user.token.split(".")[1], "base64url").toString());
  return { user, claims, code };
}

function apiOf(proc) {
  const api = client(proc.url, { appId: "shop", secret: shopSecret });
  api.post = (route, body) =>
    fetch(proc.url + route, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).then(async (res) => {
      const text = await res.text();
      let json = null;
      try {
        json = JSON.parse(text);
      } catch {}
      return { status: res.status, headers: Object.fromEntries(res.headers), text, json };
    });
  return api;
}

const tokenCalls = () => fake.control.calls({ path: "/cgi-bin/stable_token" }).calls.length;

before(async () => {
  const dir = temporaryDir("wechat-gateway");
  ca = makeTestCa(path.join(dir, "ca"));
  fake = await startFakeWechat({
    tls: { key: readFileSync(ca.serverKey, "utf8"), cert: readFileSync(ca.serverCert, "utf8") },
  });
  configFile = path.join(dir, "config.json");
  writeFileSync(configFile, JSON.stringify(config()));
  fake.control.registerMiniProgram(shopMp);
  fake.control.registerMiniProgram(defaultMp);
});

after(async () => {
  await fake?.close();
  // Nothing secret ever reached a log or an answer.
  const secrets = [shopMp.secret, defaultMp.secret];
  for (const call of fake.control.calls().calls) {
    // The access tokens and wx.login codes the server sent (the test's own
    // records above hold the codes it made, so only what WeChat saw counts).
    for (const name of ["access_token", "js_code"]) {
      if (call.query?.[name] && call.query[name].length >= 8) secrets.push(call.query[name]);
    }
  }
  const everything = logs.map((output) => output()).join("\n") + answers.join("\n");
  for (const secret of secrets) {
    assert.ok(!everything.includes(secret), `a secret or code reached a log or an answer`);
  }
});

test("a wechat login: identity and phone from WeChat, verified in the token, one token fetch", async () => {
  const dataDir = temporaryDir("wechat-store");
  let proc = await server([], { dataDir });
  try {
    const api = apiOf(proc);
    const before = tokenCalls();
    const first = await wechatLogin(api, { openid: "o-ada" });
    assert.equal(first.user.phone, "13800138000");
    assert.equal(first.claims.phone_number_verified, true);
    assert.equal(first.claims.phone_number, "13800138000");
    // The same person again: same account, the token reused.
    const second = await wechatLogin(api, { openid: "o-ada" });
    assert.equal(second.user.id, first.user.id);
    assert.equal(tokenCalls() - before, 1, "one stable_token call for two logins");
    // The default mini program serves an app that names none; its QR uses
    // its registered prefix and its verification file is served.
    const site = ok(recorded(await api.gene("site")), "gene site");
    assert.match(site.qrcodeContent, /^https:\/\/login\.example\.com\/scan\/m\/[\w-]+$/);
    const file = await fetch(proc.url + "/m/WxVerify01.txt");
    assert.equal(await file.text(), "wechat-verification-01");
    await proc.stop();
    // Another process on the same store takes the token from it.
    proc = await server([], { dataDir });
    await wechatLogin(apiOf(proc), { openid: "o-ada" });
    assert.equal(tokenCalls() - before, 1, "the restarted process used the stored token");
  } finally {
    await proc.stop();
  }
});

test("a token revoked or expired mid-flight is fetched again once and the call retried", async () => {
  const proc = await server();
  try {
    const api = apiOf(proc);
    await wechatLogin(api, { openid: "o-bo", phone: "13900000001" });
    const before = tokenCalls();
    fake.control.revokeToken({ appid: shopMp.appid });
    const revoked = await wechatLogin(api, { openid: "o-bo", phone: "13900000001" });
    assert.equal(revoked.claims.phone_number_verified, true);
    fake.control.expireTokens();
    await wechatLogin(api, { openid: "o-bo", phone: "13900000001" });
    assert.equal(tokenCalls() - before, 2, "one fetch per refused token");
  } finally {
    await proc.stop();
  }
});

test("codes used twice, another mini program's watermark and self-asserted identity are refused", async () => {
  const proc = await server();
  try {
    const api = apiOf(proc);
    const victim = await wechatLogin(api, { openid: "o-victim", phone: "13700000007" });
    const data = ok(recorded(await api.gene("shop")), "gene");
    const code = codeOf(data.qrcodeContent);
    // The attacker knows the victim's openid and phone number: nothing works.
    let answer = recorded(
      await api.post("/api/v2/qrcode/scanned", { code, wechatUser: { openid: "o-victim" } }),
    );
    assert.equal(answer.status, 403);
    assert.equal(answer.json.code, 40306);
    const jsCode = fake.control.registerLoginCode({ appid: shopMp.appid, openid: "o-att" }).code;
    const { scanToken } = ok(
      recorded(await api.post("/api/v2/qrcode/scanned", { code, jsCode })),
      "scanned",
    );
    answer = recorded(await api.post("/api/v2/qrcode/scanned", { code, jsCode }));
    assert.equal(answer.status, 400, "a wx.login code is good once");
    assert.equal(answer.json.code, 40006);
    answer = recorded(
      await api.post("/api/v2/qrcode/confirm", { code, scanToken, phone: "13700000007" }),
    );
    assert.equal(answer.json.code, 40306);
    const foreign = fake.control.registerPhoneCode({
      appid: shopMp.appid,
      purePhoneNumber: "13700000007",
      watermarkAppid: "wx-someone-else",
    }).code;
    answer = recorded(
      await api.post("/api/v2/qrcode/confirm", { code, scanToken, phoneCode: foreign }),
    );
    assert.equal(answer.status, 400);
    assert.equal(answer.json.code, 40007);
    answer = recorded(
      await api.post("/api/v2/qrcode/confirm", { code, scanToken, phoneCode: foreign }),
    );
    assert.equal(answer.json.code, 40006, "a phone code is good once");
    assert.equal(ok(recorded(await api.check(data.random)), "check").status, 1);
    // The victim's account is untouched.
    const again = await wechatLogin(api, { openid: "o-victim", phone: "13700000007" });
    assert.equal(again.user.id, victim.user.id);
    assert.equal(again.user.loginsCount, 2);
  } finally {
    await proc.stop();
  }
});

test("WeChat busy is retried, rate limits say retry later, a hang or an untrusted certificate is a 502 in time", async () => {
  const proc = await server(["--wechat-timeout-ms", "1000"]);
  const untrusted = await startProcess([
    "--config",
    configFile,
    "--wechat-api-base",
    fake.url,
    "--wechat-ca-file",
    ca.otherCaCert,
  ]);
  logs.push(untrusted.output);
  try {
    const api = apiOf(proc);
    const scan = async (target = api) => {
      const data = ok(recorded(await target.gene("shop")), "gene");
      const code = codeOf(data.qrcodeContent);
      const jsCode = fake.control.registerLoginCode({ appid: shopMp.appid, openid: "o-cy" }).code;
      return recorded(await target.post("/api/v2/qrcode/scanned", { code, jsCode }));
    };
    fake.control.addFault({ path: "/sns/jscode2session", errcode: -1, count: 1 });
    ok(await scan(), "one busy answer is retried");
    fake.control.addFault({ path: "/sns/jscode2session", errcode: -1, count: 3 });
    let answer = await scan();
    assert.equal(answer.status, 503);
    assert.equal(answer.json.code, 50306);
    assert.equal(answer.headers["retry-after"], "60");
    const calls = () => fake.control.calls({ path: "/sns/jscode2session" }).calls.length;
    const beforeLimit = calls();
    fake.control.addFault({ path: "/sns/jscode2session", errcode: 45011, count: 1 });
    answer = await scan();
    assert.equal(answer.json.code, 50306);
    assert.equal(calls() - beforeLimit, 1, "a rate limit is not retried");

    fake.control.addFault({ path: "/sns/jscode2session", hang: true, count: 1 });
    const started = Date.now();
    const [hung, health] = await Promise.all([scan(), api.healthz()]);
    assert.equal(health.status, 200, "the server answers others meanwhile");
    assert.equal(hung.status, 502);
    assert.equal(hung.json.code, 50201);
    assert.ok(Date.now() - started < 5000, `answered after ${Date.now() - started} ms`);
    fake.control.addFault({ path: "/sns/jscode2session", closeConnection: true, count: 1 });
    assert.equal((await scan()).json.code, 50201);

    answer = await scan(apiOf(untrusted));
    assert.equal(answer.status, 502);
    assert.equal(answer.json.code, 50201);
    await untrusted.waitForOutput(/wechat: jscode2session for wx-shop-mini: TLS .* failed/);
  } finally {
    await proc.stop();
    await untrusted.stop();
  }
});

test("a mini program WeChat does not know, or none at all, is the operator's problem (502 50202)", async () => {
  const dir = temporaryDir("wechat-misconfigured");
  const file = path.join(dir, "config.json");
  const broken = config();
  broken.apps[0].miniProgram = { appId: "wx-unknown", appSecret: "nope" };
  broken.wechat.defaultMiniProgram = { appId: "" };
  writeFileSync(file, JSON.stringify(broken));
  const proc = await startProcess([
    "--config",
    file,
    "--wechat-api-base",
    fake.url,
    "--wechat-ca-file",
    ca.caCert,
  ]);
  logs.push(proc.output);
  try {
    const api = apiOf(proc);
    for (const app of ["shop", "site"]) {
      const data = ok(recorded(await api.gene(app)), "gene");
      const code = codeOf(data.qrcodeContent);
      const answer = recorded(await api.post("/api/v2/qrcode/scanned", { code, jsCode: "x1" }));
      assert.equal(answer.status, 502, answer.text);
      assert.equal(answer.json.code, 50202);
    }
  } finally {
    await proc.stop();
  }
});
