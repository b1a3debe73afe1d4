/**
 * @jest-environment node
 */
// The mini program against the REAL server (`wechat` apps) and the fake
// WeChat API (tests/fake-wechat): the page under miniprogram-simulate, its
// wx.request sent over loopback HTTP, its wx.login codes minted by the fake
// for the phone's WeChat user. The PC side and the site's backend are plain
// HTTP calls. Node environment (the fake and crypto need Node's globals),
// with a jsdom window for simulate.
import "./support/install-dom.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { startFakeWechat } from "../fake-wechat/server.mjs";
import { createNodeWx } from "./support/node-wx.js";
import { config, openLoginPage } from "./support/page.js";
import {
  codeOf,
  ok,
  pcClient,
  startWechatServer,
  verifiedJwtPayload,
  wechatApp,
  requireWechatServer,
} from "./support/real-server.js";
import { waitUntil } from "../browser/deploy-cluster.js";

requireWechatServer();

const shop = wechatApp({ name: "Mini Shop" });
const shortLived = wechatApp({ name: "Short Lived", qrExpiresIn: 1 });
const misconfigured = wechatApp({ name: "Wrong Secret" });
const other = wechatApp({ name: "Another Mini Program" });

let fake;
let server;
let page;
let phoneCount = 0;

describe("the mini program with the real server and the fake WeChat", () => {
  beforeAll(async () => {
    fake = await startFakeWechat({ port: 0 });
    for (const app of [shop, shortLived, other]) {
      fake.control.registerMiniProgram({
        appid: app.miniProgram.appId,
        secret: app.miniProgram.appSecret,
      });
    }
    // WeChat knows this AppID with another secret than the site configured.
    fake.control.registerMiniProgram({
      appid: misconfigured.miniProgram.appId,
      secret: "the-real-secret",
    });
    server = await startWechatServer({
      wechatApiBase: fake.url,
      apps: [shop, shortLived, misconfigured, other],
    });
    config.serverUrl = server.url;
  });

  afterAll(async () => {
    await server?.stop();
    await fake?.close();
  });

  afterEach(() => {
    page?.close();
    page = null;
  });

  /** A phone whose WeChat user is `openid` in `app`'s mini program; each wx.login gets a fresh code. */
  function phone(
    app,
    { openid = `o-phone-${++phoneCount}-${process.pid}`, unionid, language = "en" } = {},
  ) {
    const wx = createNodeWx({
      language,
      login: () =>
        fake.control.registerLoginCode({
          appid: app.miniProgram.appId,
          openid,
          ...(unionid ? { unionid } : {}),
        }).code,
    });
    wx.openid = openid;
    return wx;
  }

  /** The PC asks for a code: {pc, random, qrcodeContent, code}. */
  async function pcLogin(app) {
    const pc = pcClient(server.url, app);
    const gene = ok(await pc.gene(), "gene");
    return { pc, ...gene, code: codeOf(gene.qrcodeContent) };
  }

  /** WeChat opens the mini program for the scanned QR content. */
  function scan(wx, qrcodeContent) {
    page = openLoginPage({
      wx,
      options: {
        q: encodeURIComponent(qrcodeContent),
        scancode_time: String(Math.floor(Date.now() / 1000)),
      },
    });
    return page;
  }

  const phoneCodeFor = (app, purePhoneNumber, extra = {}) =>
    fake.control.registerPhoneCode({
      appid: app.miniProgram.appId,
      purePhoneNumber,
      countryCode: "86",
      ...extra,
    }).code;

  test("scan, share the phone, confirm: the PC's ticket gives the verified user and token", async () => {
    const login = await pcLogin(shop);
    const wx = phone(shop, { unionid: "u-ada" });
    scan(wx, login.qrcodeContent);
    await page.waitForPhase("ready");
    expect(page.textOf("app-name")).toBe("Mini Shop");
    expect(page.textOf("ip")).toBe("127.0.0.1");
    expect(page.textOf("browser")).not.toBe("");
    expect(ok(await login.pc.check(login.random), "check").status).toBe(1);

    await page.tap("nickname", { event: "blur", detail: { value: "Ada" } });
    await page.tap("share-phone", {
      event: "getphonenumber",
      detail: { errMsg: "getPhoneNumber:ok", code: phoneCodeFor(shop, "13800138000") },
    });
    await page.tap("real-name", { event: "input", detail: { value: "Ada Lovelace" } });
    await page.tap("confirm");
    await page.waitForPhase("confirmed");

    const checked = ok(await login.pc.check(login.random), "check");
    expect(checked.status).toBe(2);
    expect(checked.ticket).toBeTruthy();
    const user = ok(await login.pc.exchange(checked.ticket), "exchange");
    expect(user).toMatchObject({
      phone: "13800138000",
      phoneVerified: true,
      name: "Ada Lovelace",
      openid: wx.openid,
      unionid: "u-ada",
    });
    const claims = verifiedJwtPayload(user.token, (await login.pc.jwks()).json);
    expect(claims).toMatchObject({
      aud: shop.appId,
      sub: user.id,
      phone_number: "13800138000",
      phone_number_verified: true,
    });

    // The next login on this phone sends the nickname chosen here, and the
    // same WeChat user reaches the same account without sharing the phone.
    page.close();
    const again = await pcLogin(shop);
    scan(wx, again.qrcodeContent);
    await page.waitForPhase("ready");
    expect(ok(await again.pc.check(again.random), "check").userInfo).toMatchObject({
      nickname: "Ada",
    });
    await page.tap("confirm");
    await page.waitForPhase("confirmed");
    const second = ok(
      await again.pc.exchange(ok(await again.pc.check(again.random), "check").ticket),
      "exchange",
    );
    expect(second.id).toBe(user.id);
    expect(second.loginsCount).toBe(user.loginsCount + 1);
  });

  test("the avatar the person picks is uploaded, served back and lands on the account", async () => {
    const login = await pcLogin(shop);
    scan(phone(shop), login.qrcodeContent);
    await page.waitForPhase("ready");
    // A real file on disk, as WeChat's chooseAvatar hands a temporary one.
    const dir = mkdtempSync(path.join(tmpdir(), "scan-login-avatar-"));
    const file = path.join(dir, "avatar.png");
    const picture = Buffer.from("89504e470d0a1a0a0000000d49484452000000010000000108060000", "hex");
    writeFileSync(file, picture);
    try {
      await page.tap("choose-avatar", { event: "chooseavatar", detail: { avatarUrl: file } });
      await page.waitFor((p) => /saved|could not/.test(p.textOf("avatar-note") || ""), {
        what: "avatar outcome",
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    await page.tap("confirm");
    await page.waitForPhase("confirmed");
    const checked = ok(await login.pc.check(login.random), "check");
    expect(checked.status).toBe(2);
    const user = ok(await login.pc.exchange(checked.ticket), "exchange");
    expect(user.photo).toMatch(/\/avatars\/[0-9a-f]{64}\.png$/);
    const served = await fetch(user.photo);
    expect(served.headers.get("content-type")).toBe("image/png");
    expect(Buffer.from(await served.arrayBuffer()).equals(picture)).toBe(true);
  });

  test("cancel on the phone: the PC sees status 3", async () => {
    const login = await pcLogin(shop);
    scan(phone(shop, { language: "zh_CN" }), login.qrcodeContent);
    await page.waitForPhase("ready");
    expect(page.textOf("cancel")).toBe("取消");
    await page.tap("cancel");
    await page.waitForPhase("cancelled");
    expect(ok(await login.pc.check(login.random), "check").status).toBe(3);
  });

  test("an expired code: refresh and scan again", async () => {
    const login = await pcLogin(shortLived);
    await waitUntil(async () => (await login.pc.check(login.random)).json?.data?.status === -1, {
      timeoutMs: 10_000,
      what: "the code expired",
    });
    const wx = phone(shortLived);
    scan(wx, login.qrcodeContent);
    await page.waitForPhase("failed");
    expect(page.textOf("failure-message")).toBe(
      "This QR code has expired. Refresh the QR code on the computer and scan again.",
    );
    expect(page.element("scan-again")).not.toBeNull();
  });

  test("a second phone cannot take a scanned code", async () => {
    const login = await pcLogin(shop);
    scan(phone(shop), login.qrcodeContent);
    await page.waitForPhase("ready");
    const first = page;
    page = null;
    try {
      scan(phone(shop), login.qrcodeContent);
      await page.waitForPhase("failed");
      expect(page.textOf("failure-message")).toMatch(
        /^Another phone has already scanned this code/,
      );
      // The first phone still confirms.
      await first.tap("confirm");
      await first.waitForPhase("confirmed");
    } finally {
      first.close();
    }
    expect(ok(await login.pc.check(login.random), "check").status).toBe(2);
  });

  test("WeChat busy: the phone says when to retry, and Retry then logs in", async () => {
    const login = await pcLogin(shop);
    fake.control.addFault({ path: "/sns/jscode2session", count: 1, errcode: 45011 });
    scan(phone(shop), login.qrcodeContent);
    await page.waitForPhase("failed");
    expect(page.textOf("failure-message")).toMatch(/^WeChat is busy\. Try again in \d+ seconds\.$/);
    expect(ok(await login.pc.check(login.random), "check").status).toBe(0);
    await page.tap("retry");
    await page.waitForPhase("ready");
    await page.tap("confirm");
    await page.waitForPhase("confirmed");
  });

  test("WeChat refuses the phone code: tap the phone button again, then confirm", async () => {
    const login = await pcLogin(shop);
    scan(phone(shop), login.qrcodeContent);
    await page.waitForPhase("ready");
    // A code WeChat never issued to this mini program (another one's).
    await page.tap("share-phone", {
      event: "getphonenumber",
      detail: { code: phoneCodeFor(other, "13900139000") },
    });
    await page.tap("confirm");
    await page.waitFor((p) => p.textOf("phone-note") !== null, { what: "phone note" });
    expect(page.textOf("phone-note")).toBe(
      "WeChat did not accept the phone number. Tap “Share my phone number” again.",
    );
    expect(ok(await login.pc.check(login.random), "check").status).toBe(1);
    await page.tap("share-phone", {
      event: "getphonenumber",
      detail: { code: phoneCodeFor(shop, "13900139000") },
    });
    await page.tap("confirm");
    await page.waitForPhase("confirmed");
    const user = ok(
      await login.pc.exchange(ok(await login.pc.check(login.random), "check").ticket),
      "exchange",
    );
    expect(user.phone).toBe("13900139000");
  });

  test("a site whose mini program secret is wrong: the operator must fix it", async () => {
    const login = await pcLogin(misconfigured);
    scan(phone(misconfigured), login.qrcodeContent);
    await page.waitForPhase("failed");
    expect(page.textOf("failure-message")).toMatch(/AppID or AppSecret/);
    expect(page.element("retry")).toBeNull();
  });

  test("the server gone: no connection, retry", async () => {
    const login = await pcLogin(shop);
    const saved = config.serverUrl;
    config.serverUrl = "http://127.0.0.1:9"; // discard port: nothing listens
    try {
      scan(phone(shop), login.qrcodeContent);
      await page.waitForPhase("failed");
      expect(page.textOf("failure-message")).toBe(
        "No connection to the login server. Check your network and retry.",
      );
      expect(page.element("retry")).not.toBeNull();
    } finally {
      config.serverUrl = saved;
    }
  });
});
