// The login page under miniprogram-simulate with a stubbed `wx`: what it
// shows in each language, a login from scan to confirm or cancel, the
// nickname and avatar, privacy and the phone number (PROTOCOL.md "Phone
// side"). Failures: login-page-failures.test.js.
import {
  contextData,
  createWx,
  failWith,
  fakeServer,
  noAnswer,
  okWith,
  serverUrl,
} from "./support/fake-wx.js";
import { config, miniprogramModule, openLoginPage, scanOptions } from "./support/page.js";

const { formatDateTime } = miniprogramModule("utils/format.js");
const { storageKey } = miniprogramModule("utils/profile.js");

const code = "Code_0123456789abcdef";
let page;

beforeEach(() => {
  config.serverUrl = serverUrl;
});

afterEach(() => {
  page?.close();
  page = null;
});

function open(wxOptions = {}, options = scanOptions(code)) {
  const wx = createWx(wxOptions);
  page = openLoginPage({ wx, options });
  return { wx, page };
}

const routes = (wx) => wx.requests.map((r) => `${r.method} ${r.path.replace(serverUrl, "")}`);

describe("renders in the phone's language", () => {
  test("en-US: the request, the warning and equal choices", async () => {
    const { wx } = open({ language: "en" });
    await page.waitForPhase("ready");
    const created = formatDateTime(contextData().createdAt);
    expect(page.textOf("app-name")).toBe("Example Shop");
    expect(page.textOf("asks")).toBe(
      "A computer asks to log in to Example Shop with your WeChat account.",
    );
    expect(page.textOf("browser")).toBe("Chrome 126 on Windows");
    expect(page.textOf("ip")).toBe("203.0.113.7");
    expect(page.textOf("requested-at")).toBe(created);
    expect(page.textOf("warning")).toMatch(
      /^Confirm only a login you started yourself on a computer/,
    );
    expect(page.text()).toContain("Requested at");
    expect(page.textOf("confirm")).toBe("Log in");
    expect(page.textOf("cancel")).toBe("Cancel");
    // Equal visual weight: one style for both.
    expect(page.element("confirm").attrs.class).toBe(page.element("cancel").attrs.class);
    expect(wx.titles).toEqual(["Log in on a computer"]);
  });

  test("zh-CN", async () => {
    const { wx } = open({ language: "zh_CN" });
    await page.waitForPhase("ready");
    expect(page.textOf("asks")).toBe("一台电脑请求使用你的微信账号登录 Example Shop。");
    expect(page.textOf("warning")).toMatch(/^请只确认你本人在面前的电脑上发起的登录/);
    expect(page.text()).toContain("请求时间");
    expect(page.textOf("confirm")).toBe("确认登录");
    expect(page.textOf("cancel")).toBe("取消");
    expect(page.textOf("share-phone")).toBe("提供我的手机号");
    expect(wx.titles).toEqual(["在电脑上登录"]);
  });

  test("an old WeChat: the language from getSystemInfoSync", async () => {
    const wx = createWx({ language: "zh_CN" });
    delete wx.getAppBaseInfo;
    page = openLoginPage({ wx, options: scanOptions(code) });
    await page.waitForPhase("ready");
    expect(page.textOf("confirm")).toBe("确认登录");
  });

  test("the app's logo when it has one; missing facts say unknown", async () => {
    open({
      respond: fakeServer({
        context: okWith(
          contextData({ appLogo: "https://shop.test/logo.png", browser: "", ip: "" }),
        ),
      }),
    });
    await page.waitForPhase("ready");
    expect(page.textOf("browser")).toBe("unknown");
    expect(page.textOf("ip")).toBe("unknown");
    expect(page.component.querySelector(".app-logo")).toBeTruthy();
  });
});

describe("a login", () => {
  test("open -> context, wx.login, scanned; phone and name -> confirm: logged in", async () => {
    const { wx } = open();
    expect(page.data.phase).toBe("loading");
    await page.waitForPhase("ready");
    expect(routes(wx)).toEqual(["GET /api/v2/qrcode/context", "POST /api/v2/qrcode/scanned"]);
    expect(wx.requests[0].query).toEqual({ code });
    expect(wx.requests[1].body).toEqual({ code, jsCode: "js-code-1" });

    await page.tap("share-phone", {
      event: "getphonenumber",
      detail: { errMsg: "getPhoneNumber:ok", code: "phone-1" },
    });
    await page.waitFor(() => page.element("phone-shared") !== null, { what: "phone shared" });
    expect(page.element("share-phone")).toBeNull();
    await page.tap("real-name", { event: "input", detail: { value: " Ada Lovelace " } });
    await page.tap("confirm");
    await page.waitForPhase("confirmed");
    expect(wx.requests[2].body).toEqual({
      code,
      scanToken: "scan-token-1",
      phoneCode: "phone-1",
      realName: "Ada Lovelace",
    });
    expect(page.textOf("done")).toBe(
      "You are logged in on your computer. You can close this page.",
    );
  });

  test("confirm without a phone number sends neither phoneCode nor realName", async () => {
    const { wx } = open();
    await page.waitForPhase("ready");
    await page.tap("confirm");
    await page.waitForPhase("confirmed");
    expect(wx.requests[2].body).toEqual({ code, scanToken: "scan-token-1" });
  });

  test("cancel", async () => {
    const { wx } = open();
    await page.waitForPhase("ready");
    await page.tap("cancel");
    await page.waitForPhase("cancelled");
    expect(wx.requests[2].path).toBe(`${serverUrl}/api/v2/qrcode/cancel`);
    expect(wx.requests[2].body).toEqual({ code, scanToken: "scan-token-1" });
    expect(page.textOf("done")).toBe("Login cancelled. Nothing was given to the site.");
  });

  test("a second tap while confirming sends nothing more", async () => {
    let release;
    const held = new Promise((resolve) => (release = resolve));
    const { wx } = open({
      respond: fakeServer({ confirm: () => held.then(() => okWith({ status: 2 })) }),
    });
    await page.waitForPhase("ready");
    await page.tap("confirm");
    await page.waitFor(() => page.data.busy, { what: "busy" });
    expect(page.element("confirm").attrs.disabled).toBe(true);
    expect(page.element("cancel").attrs.disabled).toBe(true);
    page.component.instance.onConfirm();
    page.component.instance.onCancel();
    release();
    await page.waitForPhase("confirmed");
    expect(routes(wx).filter((r) => r.endsWith("confirm") || r.endsWith("cancel"))).toEqual([
      "POST /api/v2/qrcode/confirm",
    ]);
  });

  test("the scanned call carries the nickname and photo saved before", async () => {
    const { wx } = open({
      storage: { [storageKey]: { nickname: "Ada", photo: "https://login.test/avatars/ada.jpg" } },
    });
    await page.waitForPhase("ready");
    expect(wx.requests[1].body).toEqual({
      code,
      jsCode: "js-code-1",
      wechatUser: { nickname: "Ada", photo: "https://login.test/avatars/ada.jpg" },
    });
    expect(page.element("nickname").attrs.value).toBe("Ada");
  });

  test("the context already scanned by this phone: the scan is reported again", async () => {
    const { wx } = open({ respond: fakeServer({ context: okWith(contextData({ status: 1 })) }) });
    await page.waitForPhase("ready");
    expect(routes(wx)).toContain("POST /api/v2/qrcode/scanned");
  });
});

describe("nickname and avatar", () => {
  test("a chosen nickname and uploaded avatar are kept for the next scan", async () => {
    const jpeg = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const { wx } = open({ files: { "wxfile://tmp/avatar.jpeg": jpeg } });
    await page.waitForPhase("ready");
    await page.tap("nickname", { event: "blur", detail: { value: "  Grace  " } });
    await page.tap("choose-avatar", {
      event: "chooseavatar",
      detail: { avatarUrl: "wxfile://tmp/avatar.jpeg" },
    });
    await page.waitFor(() => page.textOf("avatar-note") === "Picture saved for your next logins.", {
      what: "avatar saved",
    });
    const upload = wx.requests.find((r) => r.path.endsWith("/avatar"));
    expect(upload.method).toBe("POST");
    expect(upload.query).toEqual({ code, scanToken: "scan-token-1" });
    expect(upload.header).toEqual({ "content-type": "image/jpeg" });
    expect(new Uint8Array(upload.data)).toEqual(jpeg);
    expect(wx.storage.get(storageKey)).toEqual({
      nickname: "Grace",
      photo: `${serverUrl}/avatars/a1.jpg`,
    });

    // The next scan on this phone sends them.
    page.close();
    const next = createWx({ storage: Object.fromEntries(wx.storage) });
    page = openLoginPage({ wx: next, options: scanOptions("NextCode_123") });
    await page.waitForPhase("ready");
    expect(next.requests[1].body.wechatUser).toEqual({
      nickname: "Grace",
      photo: `${serverUrl}/avatars/a1.jpg`,
    });
  });

  test.each([
    ["the server has no avatar route (404)", failWith(404, 40405, "unknown route")],
    ["the server refuses the picture (413)", failWith(413, 41301, "too large")],
    ["no connection", noAnswer()],
  ])("%s: a soft note, and the login goes on", async (_, answer) => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const { wx } = open({
      files: { "wxfile://tmp/a.png": png },
      respond: fakeServer({ avatar: answer }),
    });
    await page.waitForPhase("ready");
    await page.tap("choose-avatar", {
      event: "chooseavatar",
      detail: { avatarUrl: "wxfile://tmp/a.png" },
    });
    await page.waitFor(() => /could not be uploaded/.test(page.textOf("avatar-note") || ""), {
      what: "avatar note",
    });
    expect(wx.requests.find((r) => r.path.endsWith("/avatar")).header).toEqual({
      "content-type": "image/png",
    });
    expect(wx.storage.get(storageKey)?.photo ?? "").toBe("");
    await page.tap("confirm");
    await page.waitForPhase("confirmed");
  });

  test("an unreadable file: a soft note, nothing uploaded", async () => {
    const { wx } = open();
    await page.waitForPhase("ready");
    await page.tap("choose-avatar", {
      event: "chooseavatar",
      detail: { avatarUrl: "wxfile://gone.jpg" },
    });
    await page.waitFor(
      () => page.textOf("avatar-note") !== null && !/Uploading/.test(page.textOf("avatar-note")),
    );
    expect(page.textOf("avatar-note")).toBe(
      "Your picture could not be uploaded; you can log in without it.",
    );
    expect(routes(wx)).not.toContain("POST /api/v2/qrcode/avatar");
  });

  test("a nickname WeChat's review rejects is not kept", async () => {
    const { wx } = open();
    await page.waitForPhase("ready");
    await page.tap("nickname", { event: "blur", detail: { value: "bad name" } });
    await page.tap("nickname", {
      event: "nicknamereview",
      detail: { pass: false, timeout: false },
    });
    await page.waitFor(() => page.textOf("avatar-note") !== null);
    expect(page.textOf("avatar-note")).toBe(
      "WeChat did not accept this nickname; choose another one.",
    );
    expect(wx.storage.get(storageKey).nickname).toBe("");
  });
});

describe("privacy and the phone number", () => {
  test("the phone button appears only after the privacy agreement", async () => {
    const { wx } = open({ privacy: "ask" });
    await page.waitForPhase("ready");
    await page.waitFor(() => page.data.privacy === "needed", { what: "privacy dialog" });
    expect(page.element("share-phone")).toBeNull();
    expect(page.element("agree-privacy").attrs.openType).toBe("agreePrivacyAuthorization");
    await page.tap("privacy-contract");
    expect(wx.contractsOpened).toBe(1);
    await page.tap("agree-privacy", { event: "agreeprivacyauthorization" });
    await page.waitFor(() => page.element("share-phone") !== null, { what: "phone button" });
    expect(wx.privacyResolutions).toEqual([{ buttonId: "agree-privacy", event: "agree" }]);
    expect(page.element("share-phone").attrs.openType).toBe("getPhoneNumber");
    expect(page.element("privacy")).toBeNull();
  });

  test("not agreeing: no phone button, confirming still works", async () => {
    const { wx } = open({ privacy: "ask" });
    await page.waitFor(() => page.data.privacy === "needed", { what: "privacy dialog" });
    await page.tap("privacy-disagree");
    await page.waitFor(() => page.data.privacy === "refused");
    expect(wx.privacyResolutions).toEqual([{ event: "disagree" }]);
    expect(page.element("share-phone")).toBeNull();
    expect(page.textOf("privacy-refused")).toBe(
      "Without agreeing you can still log in, but without your phone number.",
    );
    // Changing one's mind asks again.
    await page.tap("ask-privacy");
    await page.waitFor(() => page.data.privacy === "needed", { what: "privacy dialog again" });
    await page.tap("privacy-disagree");
    await page.waitFor(() => page.data.privacy === "refused");
    await page.tap("confirm");
    await page.waitForPhase("confirmed");
    expect(wx.requests.at(-1).body).toEqual({ code, scanToken: "scan-token-1" });
  });

  test("agreed before: the phone button at once", async () => {
    open({ privacy: "agreed" });
    await page.waitForPhase("ready");
    await page.waitFor(() => page.element("share-phone") !== null, { what: "phone button" });
  });

  test("a WeChat without privacy APIs: the phone button at once", async () => {
    open({ privacy: "none" });
    await page.waitForPhase("ready");
    await page.waitFor(() => page.element("share-phone") !== null, { what: "phone button" });
  });

  test("refusing the phone number: a note, and Confirm without one", async () => {
    const { wx } = open();
    await page.waitFor(() => page.element("share-phone") !== null);
    await page.tap("share-phone", {
      event: "getphonenumber",
      detail: { errMsg: "getPhoneNumber:fail user deny" },
    });
    await page.waitFor(() => page.textOf("phone-note") !== null);
    expect(page.textOf("phone-note")).toBe(
      "You did not share your phone number. You can confirm without it, or tap the button again.",
    );
    expect(page.element("share-phone")).not.toBeNull();
    await page.tap("confirm");
    await page.waitForPhase("confirmed");
    expect(wx.requests.at(-1).body).toEqual({ code, scanToken: "scan-token-1" });
  });

  test("WeChat gives no phone code for another reason: the reason is shown", async () => {
    open({ language: "zh_CN" });
    await page.waitFor(() => page.element("share-phone") !== null);
    await page.tap("share-phone", {
      event: "getphonenumber",
      detail: { errMsg: "getPhoneNumber:fail no permission" },
    });
    await page.waitFor(() => page.textOf("phone-note") !== null);
    expect(page.textOf("phone-note")).toBe(
      "微信未能提供你的手机号（getPhoneNumber:fail no permission）。可以不提供手机号直接确认。",
    );
  });

  test.each([
    [40006, "WeChat did not accept the phone number. Tap “Share my phone number” again."],
    [
      40007,
      "That phone number was shared with another mini program. Tap “Share my phone number” again.",
    ],
  ])(
    "confirm refused with %d: the phone button again, then a new code logs in",
    async (errorCode, note) => {
      let confirms = 0;
      const { wx } = open({
        respond: fakeServer({
          confirm: () =>
            ++confirms === 1
              ? failWith(400, errorCode, "phone code refused")
              : okWith({ status: 2 }),
        }),
      });
      await page.waitFor(() => page.element("share-phone") !== null);
      await page.tap("share-phone", { event: "getphonenumber", detail: { code: "phone-old" } });
      await page.tap("confirm");
      await page.waitFor(() => page.textOf("phone-note") === note, { what: "phone note" });
      expect(page.data.phase).toBe("ready");
      expect(page.element("share-phone")).not.toBeNull();
      await page.tap("share-phone", { event: "getphonenumber", detail: { code: "phone-new" } });
      await page.tap("confirm");
      await page.waitForPhase("confirmed");
      expect(
        wx.requests.filter((r) => r.path.endsWith("/confirm")).map((r) => r.body.phoneCode),
      ).toEqual(["phone-old", "phone-new"]);
    },
  );
});
