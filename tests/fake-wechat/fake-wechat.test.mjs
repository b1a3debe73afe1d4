// The fake WeChat API: every endpoint and control operation over real HTTP
// and over HTTPS (with a throwaway test CA), the CLI, the certificates and
// close(). Run: node --test tests/fake-wechat/
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { X509Certificate } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, beforeEach, describe, test } from "node:test";
import { fileURLToPath } from "node:url";
import { request } from "./http-client.mjs";
import { makeTestCa } from "./make-test-ca.mjs";
import { startFakeWechat } from "./server.mjs";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const tempDir = mkdtempSync(path.join(os.tmpdir(), "fake-wechat-test-"));
after(() => rmSync(tempDir, { recursive: true, force: true }));
const certs = makeTestCa(tempDir);
const pem = (file) => readFileSync(file, "utf8");
const TLS = { key: pem(certs.serverKey), cert: pem(certs.serverCert) };
const CA = pem(certs.caCert);

const APP = { appid: "wx00000000000000a1", secret: "secret-of-a1" };
const OTHER_APP = { appid: "wx00000000000000b2", secret: "secret-of-b2" };
const RID = /, rid: [0-9a-f]+-[0-9a-f]{8}-[0-9a-f]{8}$/;

// A WeChat error answer: HTTP `status` (200 unless said), JSON, the errcode,
// and errmsg = the message followed by WeChat's request id.
function assertWechatError(answer, errcode, message, status = 200) {
  assert.equal(answer.status, status, answer.text);
  assert.equal(answer.headers["content-type"], "application/json");
  assert.equal(answer.json.errcode, errcode, answer.text);
  assert.match(answer.json.errmsg, RID);
  if (message !== undefined) assert.equal(answer.json.errmsg.replace(RID, ""), message);
}

const assertBetween = (value, low, high) =>
  assert.ok(value >= low && value <= high, `${value} not in [${low}, ${high}]`);

for (const transport of ["http", "https"]) {
  describe(`over ${transport}`, () => {
    let fake;
    const ca = transport === "https" ? CA : undefined;
    before(async () => {
      fake = await startFakeWechat(transport === "https" ? { tls: TLS } : {});
    });
    after(() => fake.close());
    beforeEach(async () => {
      await control("POST", "/_fake/reset");
      await control("POST", "/_fake/mini-programs", APP);
      await control("POST", "/_fake/mini-programs", OTHER_APP);
    });

    const call = (options) => request(fake.url, { ca, ...options });
    // A control operation over HTTP that must succeed; returns its JSON.
    async function control(method, path, json) {
      const answer = await call({ method, path, json });
      assert.equal(answer.status, 200, answer.text);
      return answer.json;
    }
    const stableToken = (app, fields = {}) =>
      call({
        method: "POST",
        path: "/cgi-bin/stable_token",
        json: {
          grant_type: "client_credential",
          appid: app.appid,
          secret: app.secret,
          force_refresh: false,
          ...fields,
        },
      });
    const tokenOf = async (app, fields) => (await stableToken(app, fields)).json.access_token;
    const jscode2session = (app, code, query = {}) =>
      call({
        path: "/sns/jscode2session",
        query: {
          appid: app.appid,
          secret: app.secret,
          js_code: code,
          grant_type: "authorization_code",
          ...query,
        },
      });
    const phoneNumber = (token, code) =>
      call({
        method: "POST",
        path: "/wxa/business/getuserphonenumber",
        query: { access_token: token },
        json: { code },
      });
    const newPhoneCode = async (app, fields = {}) =>
      (
        await control("POST", "/_fake/phone-codes", {
          appid: app.appid,
          purePhoneNumber: "13800138000",
          ...fields,
        })
      ).code;

    test("health; unknown control operations are 404", async () => {
      assert.deepEqual(await control("GET", "/_fake/health"), { ok: true });
      const answer = await call({ path: "/_fake/nothing" });
      assert.equal(answer.status, 404);
      assert.match(answer.json.error, /no control operation/);
    });

    describe("stable_token", () => {
      test("answers a token and its lifetime; repeated calls get the same token, counting down", async () => {
        const first = await stableToken(APP);
        assert.equal(first.status, 200);
        assert.equal(first.headers["content-type"], "application/json");
        assert.deepEqual(Object.keys(first.json).sort(), ["access_token", "expires_in"]);
        assert.match(first.json.access_token, /^[A-Za-z0-9_-]{128}$/);
        assertBetween(first.json.expires_in, 7199, 7200);
        await control("POST", "/_fake/advance-clock", { seconds: 100 });
        const second = await stableToken(APP);
        assert.equal(second.json.access_token, first.json.access_token);
        assertBetween(second.json.expires_in, 7099, 7100);
        assert.notEqual(
          await tokenOf(OTHER_APP),
          first.json.access_token,
          "tokens are per mini program",
        );
      });

      test("refusals: grant_type, appid, secret, body", async () => {
        assertWechatError(
          await stableToken(APP, { grant_type: "password" }),
          40002,
          "invalid grant_type",
        );
        assertWechatError(
          await stableToken({ ...APP, appid: "wxunknown" }),
          40013,
          "invalid appid",
        );
        assertWechatError(
          await stableToken({ ...APP, secret: "wrong" }),
          40125,
          "invalid appsecret",
        );
        assertWechatError(await stableToken({ ...APP, appid: "" }), 41002, "appid missing");
        assertWechatError(
          await stableToken(APP, { force_refresh: "false" }),
          47001,
          "data format error",
        );
        const malformed = await call({
          method: "POST",
          path: "/cgi-bin/stable_token",
          rawBody: "{not json",
        });
        assertWechatError(malformed, 47001, "data format error");
        assertWechatError(
          await call({ path: "/cgi-bin/stable_token" }),
          43002,
          "require POST method",
        );
      });

      test("renewed 5 minutes early; the old token works until its own expiry", async () => {
        const old = await tokenOf(APP);
        await control("POST", "/_fake/advance-clock", { seconds: 7200 - 299 });
        const renewed = await stableToken(APP);
        assert.notEqual(renewed.json.access_token, old);
        assertBetween(renewed.json.expires_in, 7199, 7200);
        assert.equal((await phoneNumber(old, await newPhoneCode(APP))).json.errcode, 0);
        await control("POST", "/_fake/advance-clock", { seconds: 300 });
        assertWechatError(
          await phoneNumber(old, await newPhoneCode(APP)),
          42001,
          "access_token expired",
        );
        assert.equal(
          (await phoneNumber(renewed.json.access_token, await newPhoneCode(APP))).json.errcode,
          0,
        );
      });

      test("a configured lifetime; an expired token gets a new one", async () => {
        await control("POST", "/_fake/mini-programs", { ...APP, tokenLifetime: 60 });
        const first = await stableToken(APP);
        assertBetween(first.json.expires_in, 59, 60);
        await control("POST", "/_fake/advance-clock", { seconds: 61 });
        assertWechatError(
          await phoneNumber(first.json.access_token, await newPhoneCode(APP)),
          42001,
        );
        const next = await stableToken(APP);
        assert.notEqual(next.json.access_token, first.json.access_token);
        assertBetween(next.json.expires_in, 59, 60);
      });

      test("force_refresh replaces the token (old one: 40001), at most every 30 s", async () => {
        const old = await tokenOf(APP);
        const fresh = await tokenOf(APP, { force_refresh: true });
        assert.notEqual(fresh, old);
        assertWechatError(
          await phoneNumber(old, await newPhoneCode(APP)),
          40001,
          "invalid credential, access_token is invalid or not latest",
        );
        assert.equal(await tokenOf(APP, { force_refresh: true }), fresh, "within 30 s: unchanged");
        assert.equal(await tokenOf(APP), fresh);
        await control("POST", "/_fake/advance-clock", { seconds: 30 });
        assert.notEqual(await tokenOf(APP, { force_refresh: true }), fresh);
      });

      test("revoke-token: as if another client force-refreshed", async () => {
        const old = await tokenOf(APP);
        const otherAppToken = await tokenOf(OTHER_APP);
        assert.deepEqual(await control("POST", "/_fake/revoke-token", { appid: APP.appid }), {
          revoked: true,
        });
        assertWechatError(await phoneNumber(old, await newPhoneCode(APP)), 40001);
        const newer = await tokenOf(APP);
        assert.notEqual(newer, old);
        assert.equal((await phoneNumber(newer, await newPhoneCode(APP))).json.errcode, 0);
        assert.equal(await tokenOf(OTHER_APP), otherAppToken, "other mini programs keep theirs");
        await control("POST", "/_fake/reset");
        await control("POST", "/_fake/mini-programs", APP);
        assert.deepEqual(await control("POST", "/_fake/revoke-token", { appid: APP.appid }), {
          revoked: false,
        });
        const unknown = await call({
          method: "POST",
          path: "/_fake/revoke-token",
          json: { appid: "wxunknown" },
        });
        assert.equal(unknown.status, 404);
      });

      test("expire-tokens: every live token answers 42001; stable_token mints anew", async () => {
        const old = await tokenOf(APP);
        await tokenOf(OTHER_APP);
        assert.deepEqual(await control("POST", "/_fake/expire-tokens"), { expired: 2 });
        assertWechatError(await phoneNumber(old, await newPhoneCode(APP)), 42001);
        const next = await stableToken(APP);
        assert.notEqual(next.json.access_token, old);
        assertBetween(next.json.expires_in, 7199, 7200);
      });
    });

    describe("jscode2session", () => {
      test("exchanges a registered code once for openid and session_key (unionid only if registered)", async () => {
        const { code, sessionKey } = await control("POST", "/_fake/login-codes", {
          appid: APP.appid,
          openid: "openid-1",
        });
        assert.match(code, /^[A-Za-z0-9]{32}$/);
        const answer = await jscode2session(APP, code);
        assert.equal(answer.status, 200);
        assert.equal(answer.headers["content-type"], "application/json");
        assert.deepEqual(answer.json, { session_key: sessionKey, openid: "openid-1" });
        assert.equal(Buffer.from(sessionKey, "base64").length, 16);
        assertWechatError(await jscode2session(APP, code), 40163, "code been used");

        await control("POST", "/_fake/login-codes", {
          appid: APP.appid,
          code: "given-code",
          openid: "openid-2",
          unionid: "unionid-2",
          sessionKey: "c2Vzc2lvbi1rZXktMTIzNA==",
        });
        assert.deepEqual((await jscode2session(APP, "given-code")).json, {
          session_key: "c2Vzc2lvbi1rZXktMTIzNA==",
          openid: "openid-2",
          unionid: "unionid-2",
        });
      });

      test("unknown, other app's and expired codes: 40029", async () => {
        assertWechatError(await jscode2session(APP, "never-issued"), 40029, "invalid code");
        const { code } = await control("POST", "/_fake/login-codes", {
          appid: OTHER_APP.appid,
          openid: "o",
        });
        assertWechatError(await jscode2session(APP, code), 40029);
        assert.equal(
          (await jscode2session(OTHER_APP, code)).json.openid,
          "o",
          "still good for its own app",
        );

        const late = (
          await control("POST", "/_fake/login-codes", { appid: APP.appid, openid: "o" })
        ).code;
        await control("POST", "/_fake/advance-clock", { seconds: 300 });
        assertWechatError(await jscode2session(APP, late), 40029);
      });

      test("refusals: appid, secret, grant_type, missing code, method", async () => {
        const { code } = await control("POST", "/_fake/login-codes", {
          appid: APP.appid,
          openid: "o",
        });
        assertWechatError(
          await jscode2session({ ...APP, appid: "wxunknown" }, code),
          40013,
          "invalid appid",
        );
        assertWechatError(
          await jscode2session({ ...APP, secret: "wrong" }, code),
          40125,
          "invalid appsecret",
        );
        assertWechatError(
          await jscode2session(APP, code, { grant_type: "client_credential" }),
          40002,
        );
        assertWechatError(await jscode2session(APP, ""), 41008, "missing code");
        const posted = await call({
          method: "POST",
          path: "/sns/jscode2session",
          query: { appid: APP.appid },
        });
        assertWechatError(posted, 43001, "require GET method");
        assert.equal(
          (await jscode2session(APP, code)).json.openid,
          "o",
          "refused calls left the code unused",
        );
      });
    });

    describe("getuserphonenumber", () => {
      test("exchanges a registered code once for the phone number with a watermark", async () => {
        const token = await tokenOf(APP);
        const code = await newPhoneCode(APP, {
          phoneNumber: "+85251234567",
          purePhoneNumber: "51234567",
          countryCode: "852",
        });
        assert.match(code, /^[0-9a-f]{64}$/);
        const answer = await phoneNumber(token, code);
        assert.equal(answer.status, 200);
        const { timestamp } = answer.json.phone_info.watermark;
        assert.ok(
          Number.isInteger(timestamp) && Math.abs(timestamp - Date.now() / 1000) < 5,
          `${timestamp}`,
        );
        assert.deepEqual(answer.json, {
          errcode: 0,
          errmsg: "ok",
          phone_info: {
            phoneNumber: "+85251234567",
            purePhoneNumber: "51234567",
            countryCode: "852",
            watermark: { timestamp, appid: APP.appid },
          },
        });
        assertWechatError(await phoneNumber(token, code), 40163, "code been used");
      });

      test("watermark appid and timestamp as registered", async () => {
        const code = await newPhoneCode(APP, {
          watermarkAppid: OTHER_APP.appid,
          watermarkTimestamp: 1700000000,
        });
        const { phone_info } = (await phoneNumber(await tokenOf(APP), code)).json;
        assert.deepEqual(phone_info, {
          phoneNumber: "13800138000",
          purePhoneNumber: "13800138000",
          countryCode: "86",
          watermark: { timestamp: 1700000000, appid: OTHER_APP.appid },
        });
      });

      test("codes: unknown, other app's, expired: 40029", async () => {
        const token = await tokenOf(APP);
        assertWechatError(await phoneNumber(token, "f".repeat(64)), 40029, "invalid code");
        assertWechatError(await phoneNumber(token, await newPhoneCode(OTHER_APP)), 40029);
        const late = await newPhoneCode(APP);
        await control("POST", "/_fake/advance-clock", { seconds: 300 });
        assertWechatError(await phoneNumber(await tokenOf(APP), late), 40029);
      });

      test("refusals: token missing or unknown, body malformed, method", async () => {
        const code = await newPhoneCode(APP);
        assertWechatError(await phoneNumber("", code), 41001, "access_token missing");
        assertWechatError(await phoneNumber("not-a-token", code), 40014, "invalid access_token");
        const token = await tokenOf(APP);
        const query = { access_token: token };
        const path = "/wxa/business/getuserphonenumber";
        assertWechatError(await call({ method: "POST", path, query, rawBody: "[1,2" }), 47001);
        assertWechatError(await call({ method: "POST", path, query, json: {} }), 41008);
        assertWechatError(await call({ path, query }), 43002, "require POST method");
        assert.equal(
          (await phoneNumber(token, code)).json.errcode,
          0,
          "refused calls left the code unused",
        );
      });
    });

    describe("faults", () => {
      const addFault = (fault) => control("POST", "/_fake/faults", fault);

      test("an errcode for the next `count` calls, then normal answers", async () => {
        await addFault({ path: "/cgi-bin/stable_token", errcode: -1 });
        assertWechatError(await stableToken(APP), -1, "system error");
        assert.ok((await stableToken(APP)).json.access_token);

        const { code } = await control("POST", "/_fake/login-codes", {
          appid: APP.appid,
          openid: "o",
        });
        assert.deepEqual(
          await addFault({ path: "/sns/jscode2session", errcode: 45011, count: 2 }),
          {
            path: "/sns/jscode2session",
            count: 2,
          },
        );
        const quota = "api minute-quota reach limit mustslower retry next minute";
        assertWechatError(await jscode2session(APP, code), 45011, quota);
        assertWechatError(await jscode2session(APP, code), 45011, quota);
        assert.equal(
          (await jscode2session(APP, code)).json.openid,
          "o",
          "faulted calls did not use the code",
        );
      });

      test("faults of one path apply in the order added; errmsg can be given", async () => {
        await addFault({ path: "/cgi-bin/stable_token", errcode: 45009 });
        await addFault({ path: "/cgi-bin/stable_token", errcode: 40226, errmsg: "risky" });
        assertWechatError(await stableToken(APP), 45009);
        assertWechatError(await stableToken(APP), 40226, "risky");
        assert.ok((await stableToken(APP)).json.access_token);
      });

      test("delayMs: answered normally after the delay", async () => {
        await addFault({ path: "/cgi-bin/stable_token", delayMs: 300 });
        const started = performance.now();
        const answer = await stableToken(APP);
        assert.ok(performance.now() - started >= 290, "delayed");
        assert.ok(answer.json.access_token);
      });

      test("hang: no answer (the client times out); later calls are answered", async () => {
        await addFault({ path: "/cgi-bin/stable_token", hang: true });
        await assert.rejects(
          () =>
            request(fake.url, {
              ca,
              method: "POST",
              path: "/cgi-bin/stable_token",
              json: {},
              timeoutMs: 200,
            }),
          {
            code: "TIMEOUT",
          },
        );
        assert.ok((await stableToken(APP)).json.access_token);
      });

      test("closeConnection: the socket is destroyed unanswered", async () => {
        await addFault({ path: "/sns/jscode2session", closeConnection: true });
        await assert.rejects(
          () => jscode2session(APP, "x"),
          (error) => {
            assert.match(`${error.code} ${error.message}`, /ECONNRESET|socket hang up/);
            return true;
          },
        );
      });

      test("httpStatus and rawBody: a non-WeChat answer such as a proxy's 502 page", async () => {
        await addFault({
          path: "/cgi-bin/stable_token",
          httpStatus: 502,
          rawBody: "<html>Bad Gateway</html>",
        });
        const answer = await stableToken(APP);
        assert.equal(answer.status, 502);
        assert.equal(answer.headers["content-type"], "text/html");
        assert.equal(answer.text, "<html>Bad Gateway</html>");
      });

      test("malformed faults are refused", async () => {
        for (const fault of [
          { path: "/sns/jscode2session" },
          { path: "sns", errcode: -1 },
          { path: "/_fake/health", errcode: -1 },
          { path: "/sns/jscode2session", errcode: -1, hang: true },
          { path: "/sns/jscode2session", errcode: -1, count: 0 },
        ]) {
          const answer = await call({ method: "POST", path: "/_fake/faults", json: fault });
          assert.equal(answer.status, 400, JSON.stringify(fault));
        }
      });
    });

    test("unknown WeChat paths: HTTP 404 with 40066", async () => {
      assertWechatError(await call({ path: "/cgi-bin/nothing?x=1" }), 40066, "invalid url", 404);
      assertWechatError(
        await call({ method: "POST", path: "/sns/jscode2session/" }),
        40066,
        "invalid url",
        404,
      );
    });

    test("bodies over 64 KiB: 47001; exactly 64 KiB is read", async () => {
      const withPadding = (bytes) => {
        const json = {
          grant_type: "client_credential",
          appid: APP.appid,
          secret: APP.secret,
          padding: "",
        };
        json.padding = "x".repeat(bytes - JSON.stringify(json).length);
        return JSON.stringify(json);
      };
      const post = (rawBody) => call({ method: "POST", path: "/cgi-bin/stable_token", rawBody });
      assert.ok((await post(withPadding(64 * 1024))).json.access_token);
      assertWechatError(await post(withPadding(64 * 1024 + 1)), 47001, "data format error");
      const [, last] = (await control("GET", "/_fake/calls")).calls;
      assert.equal(last.body, null, "too large to record");
      assert.equal(last.bodyBytes, 64 * 1024 + 1);
    });

    test("calls: every WeChat call in order, filterable by path; control calls not among them", async () => {
      const before = Date.now();
      await stableToken(APP);
      await stableToken(APP);
      await jscode2session(APP, "some-code");
      await call({ path: "/nowhere" });
      const { calls } = await control("GET", "/_fake/calls");
      assert.deepEqual(
        calls.map(({ method, path }) => `${method} ${path}`),
        [
          "POST /cgi-bin/stable_token",
          "POST /cgi-bin/stable_token",
          "GET /sns/jscode2session",
          "GET /nowhere",
        ],
      );
      assert.deepEqual(calls[0].body, {
        grant_type: "client_credential",
        appid: APP.appid,
        secret: APP.secret,
        force_refresh: false,
      });
      assert.deepEqual(calls[0].query, {});
      assert.deepEqual(calls[2].query, {
        appid: APP.appid,
        secret: APP.secret,
        js_code: "some-code",
        grant_type: "authorization_code",
      });
      assert.equal(calls[2].body, null);
      assert.ok(calls.every((c, i) => c.at >= before && (i === 0 || c.at >= calls[i - 1].at)));
      const tokenCalls = await call({
        path: "/_fake/calls",
        query: { path: "/cgi-bin/stable_token" },
      });
      assert.equal(tokenCalls.json.calls.length, 2);
    });

    test("reset forgets mini programs, codes, tokens, faults, calls and the clock", async () => {
      await control("POST", "/_fake/faults", { path: "/cgi-bin/stable_token", errcode: -1 });
      const { now: advanced } = await control("POST", "/_fake/advance-clock", { seconds: 3600 });
      assertBetween(advanced - Date.now() / 1000, 3598, 3601);
      assert.deepEqual(await control("POST", "/_fake/reset"), { ok: true });
      assert.deepEqual((await control("GET", "/_fake/calls")).calls, []);
      assertWechatError(await stableToken(APP), 40013, "invalid appid"); // no fault left, no mini program
      const { now } = await control("POST", "/_fake/advance-clock", { seconds: 0 });
      assertBetween(now - Date.now() / 1000, -2, 1);
    });

    test("control input is checked", async () => {
      const post = (path, json, rawBody) => call({ method: "POST", path, json, rawBody });
      assert.equal((await post("/_fake/mini-programs", { appid: "wx" })).status, 400);
      assert.equal((await post("/_fake/mini-programs", { ...APP, tokenLifetime: 0 })).status, 400);
      assert.equal(
        (await post("/_fake/login-codes", { appid: "wxunknown", openid: "o" })).status,
        404,
      );
      assert.equal((await post("/_fake/login-codes", { appid: APP.appid })).status, 400);
      await post("/_fake/login-codes", { appid: APP.appid, code: "c1", openid: "o" });
      assert.equal(
        (await post("/_fake/login-codes", { appid: APP.appid, code: "c1", openid: "o" })).status,
        409,
      );
      assert.equal((await post("/_fake/phone-codes", { appid: APP.appid })).status, 400);
      assert.equal((await post("/_fake/advance-clock", { seconds: -1 })).status, 400);
      assert.equal((await post("/_fake/reset", undefined, "{oops")).status, 400);
      assert.equal(
        (await call({ path: "/_fake/reset" })).status,
        404,
        "GET is not a control operation here",
      );
    });

    test("the in-process control is the same API", async () => {
      const { control: inProcess } = fake;
      assert.deepEqual(inProcess.health(), { ok: true });
      const { code } = inProcess.registerLoginCode({ appid: APP.appid, openid: "in-process" });
      assert.equal((await jscode2session(APP, code)).json.openid, "in-process");
      assert.equal(inProcess.calls({ path: "/sns/jscode2session" }).calls.length, 1);
      assert.throws(() => inProcess.registerLoginCode({ appid: "wxunknown", openid: "o" }), {
        status: 404,
      });
      inProcess.addFault({ path: "/cgi-bin/stable_token", errcode: -1 });
      assertWechatError(await stableToken(APP), -1);
    });
  });
}

describe("https", () => {
  let fake;
  before(async () => {
    fake = await startFakeWechat({ tls: TLS });
  });
  after(() => fake.close());
  const health = (options) => request(fake.url, { path: "/_fake/health", ...options });

  test("the URL is https on 127.0.0.1; the test CA verifies it", async () => {
    assert.match(fake.url, /^https:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(fake.url, `https://127.0.0.1:${fake.port}`);
    assert.deepEqual((await health({ ca: CA })).json, { ok: true });
  });

  test("without the test CA, or with another CA, verification fails", async () => {
    const unverified =
      /UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT_IN_CHAIN|UNABLE_TO_GET_ISSUER_CERT/;
    await assert.rejects(() => health({}), { code: unverified });
    await assert.rejects(() => health({ ca: pem(certs.otherCaCert) }), { code: unverified });
  });

  test("plain HTTP on the same port: control served, WeChat calls refused and not recorded", async () => {
    const plain = `http://127.0.0.1:${fake.port}`;
    assert.deepEqual((await request(plain, { path: "/_fake/health" })).json, { ok: true });
    const refused = await request(plain, {
      method: "POST",
      path: "/cgi-bin/stable_token",
      json: {},
    });
    assert.equal(refused.status, 400);
    assert.match(refused.text, /plain HTTP request was sent to HTTPS port/);
    assert.deepEqual((await request(plain, { path: "/_fake/calls" })).json, { calls: [] });
  });
});

describe("certificates", () => {
  test("server certificate: for 127.0.0.1 and localhost, issued by the test CA only", () => {
    const server = new X509Certificate(pem(certs.serverCert));
    const ca = new X509Certificate(pem(certs.caCert));
    const other = new X509Certificate(pem(certs.otherCaCert));
    assert.match(server.subjectAltName, /IP Address:127\.0\.0\.1/);
    assert.match(server.subjectAltName, /DNS:localhost/);
    assert.equal(server.checkIP("127.0.0.1"), "127.0.0.1");
    assert.equal(server.checkHost("localhost"), "localhost");
    assert.ok(server.checkIssued(ca) && server.verify(ca.publicKey));
    assert.ok(!server.checkIssued(other));
    assert.ok(ca.ca && other.ca && !server.ca);
    const days = (new Date(server.validTo) - new Date(server.validFrom)) / 86_400_000;
    assert.equal(Math.round(days), 2);
  });

  test("makeTestCa refuses a folder inside the repository", () => {
    assert.throws(() => makeTestCa(path.join(HERE, "certs")), /inside the repository/);
  });
});

describe("close()", () => {
  for (const tls of [undefined, TLS]) {
    test(`ends hanging requests at once (${tls ? "https" : "http"})`, async () => {
      const fake = await startFakeWechat({ tls });
      fake.control.addFault({ path: "/sns/jscode2session", hang: true, count: 2 });
      fake.control.addFault({ path: "/cgi-bin/stable_token", delayMs: 60_000 });
      const pending = ["/sns/jscode2session", "/sns/jscode2session", "/cgi-bin/stable_token"].map(
        (path) =>
          request(fake.url, { ca: CA, path, timeoutMs: 30_000 }).then(
            () => "answered",
            () => "ended",
          ),
      );
      while (fake.control.calls().calls.length < 3)
        await new Promise((resolve) => setTimeout(resolve, 5));
      const started = performance.now();
      await fake.close();
      assert.deepEqual(await Promise.all(pending), ["ended", "ended", "ended"]);
      assert.ok(performance.now() - started < 1000);
      await fake.close(); // a second close is harmless
    });
  }
});

describe("CLI", () => {
  const SERVER = path.join(HERE, "server.mjs");

  // Starts the CLI and resolves { child, url } once its first stdout line came.
  function startCli(args, stdio = "ignore") {
    const child = spawn(process.execPath, [SERVER, ...args], { stdio: [stdio, "pipe", "pipe"] });
    const exited = new Promise((resolve) =>
      child.once("exit", (code, signal) => resolve({ code, signal })),
    );
    return new Promise((resolve, reject) => {
      let out = "";
      child.stdout.on("data", (chunk) => {
        out += chunk;
        if (out.includes("\n"))
          resolve({ child, exited, firstLine: out.slice(0, out.indexOf("\n")) });
      });
      child.once("exit", (code) => reject(new Error(`exited ${code} before its first line`)));
    });
  }
  const LINE = /^fake-wechat listening on (https?:\/\/127\.0\.0\.1:(\d+))$/;

  test("prints its URL on the first line, serves, exits 0 on SIGTERM", async () => {
    const { child, exited, firstLine } = await startCli([]);
    const [, url] = firstLine.match(LINE);
    assert.match(url, /^http:/);
    assert.deepEqual((await request(url, { path: "/_fake/health" })).json, { ok: true });
    child.kill("SIGTERM");
    assert.deepEqual(await exited, { code: 0, signal: null });
  });

  test("--port and TLS files; SIGINT", async () => {
    const probe = await startFakeWechat(); // a port that was free a moment ago
    const port = probe.port;
    await probe.close();
    const args = [
      "--port",
      String(port),
      "--tls-key",
      certs.serverKey,
      "--tls-cert",
      certs.serverCert,
    ];
    const { child, exited, firstLine } = await startCli(args);
    assert.equal(firstLine, `fake-wechat listening on https://127.0.0.1:${port}`);
    await request(`http://127.0.0.1:${port}`, {
      method: "POST",
      path: "/_fake/mini-programs",
      json: APP,
    });
    const answer = await request(firstLine.match(LINE)[1], {
      ca: CA,
      method: "POST",
      path: "/cgi-bin/stable_token",
      json: { grant_type: "client_credential", appid: APP.appid, secret: APP.secret },
    });
    assert.ok(answer.json.access_token);
    child.kill("SIGINT");
    assert.deepEqual(await exited, { code: 0, signal: null });
  });

  test("--exit-on-stdin-close: exits 0 when its stdin closes", async () => {
    const { child, exited } = await startCli(["--exit-on-stdin-close"], "pipe");
    child.stdin.end();
    assert.deepEqual(await exited, { code: 0, signal: null });
  });

  test("bad arguments: exit 1 with a message", async () => {
    const child = spawn(process.execPath, [SERVER, "--tls-key", certs.serverKey], {
      stdio: "pipe",
    });
    let err = "";
    child.stderr.on("data", (chunk) => (err += chunk));
    const code = await new Promise((resolve) => child.once("exit", resolve));
    assert.equal(code, 1);
    assert.match(err, /--tls-key and --tls-cert go together/);
  });
});
