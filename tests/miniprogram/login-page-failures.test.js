// The login page under miniprogram-simulate with a stubbed `wx`: every
// failure the server or WeChat can answer, what the page then says and
// offers (Retry, scanning again), and what WeChat opened the page with.
import {
  contextData,
  createWx,
  failWith,
  fakeServer,
  noAnswer,
  okWith,
  serverUrl,
} from "./support/fake-wx.js";
import { config, openLoginPage, scanOptions } from "./support/page.js";

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

describe("failures", () => {
  const failureText = () => page.textOf("failure-message");
  const offers = () => ({
    retry: page.element("retry") !== null,
    scan: page.element("scan-again") !== null,
  });

  test.each([
    // [case, route, answer, text, offers]
    [
      "unknown code",
      "context",
      failWith(404, 40403),
      /^This QR code is not known/,
      { retry: false, scan: true },
    ],
    [
      "expired (context)",
      "context",
      failWith(410, 41001),
      /^This QR code has expired. Refresh the QR code on the computer and scan again/,
      { retry: false, scan: true },
    ],
    [
      "expired (scanned)",
      "scanned",
      failWith(410, 41001),
      /has expired/,
      { retry: false, scan: true },
    ],
    [
      "another phone",
      "scanned",
      failWith(409, 40903),
      /^Another phone has already scanned this code/,
      { retry: false, scan: true },
    ],
    [
      "wrong state",
      "scanned",
      failWith(409, 40901),
      /already been confirmed or cancelled/,
      { retry: false, scan: true },
    ],
    [
      "jsCode refused",
      "scanned",
      failWith(400, 40006),
      /^WeChat did not accept the login. Try again/,
      { retry: true, scan: false },
    ],
    [
      "WeChat busy",
      "scanned",
      failWith(503, 50306, "busy", { "Retry-After": "3" }),
      /^WeChat is busy. Try again in 3 seconds/,
      { retry: true, scan: false },
    ],
    [
      "WeChat unreachable",
      "scanned",
      failWith(502, 50201),
      /cannot reach WeChat/,
      { retry: true, scan: false },
    ],
    [
      "misconfigured",
      "scanned",
      failWith(502, 50202),
      /AppID or AppSecret/,
      { retry: false, scan: false },
    ],
    [
      "database down",
      "context",
      failWith(503, 50303),
      /database is unavailable/,
      { retry: true, scan: false },
    ],
    [
      "offline (context)",
      "context",
      noAnswer(),
      /^No connection to the login server/,
      { retry: true, scan: false },
    ],
    [
      "offline (scanned)",
      "scanned",
      noAnswer("request:fail timeout"),
      /^No connection/,
      { retry: true, scan: false },
    ],
  ])("%s", async (_, route, answer, text, offered) => {
    open({ respond: fakeServer({ [route]: answer }) });
    await page.waitForPhase("failed");
    expect(failureText()).toMatch(text);
    expect(offers()).toEqual(offered);
    expect(page.element("confirm")).toBeNull();
  });

  test.each([
    ["expired", 410, 41001, /has expired/],
    ["wrong state", 409, 40901, /already been confirmed or cancelled/],
    ["database down", 503, 50303, /database is unavailable/],
  ])("confirm: %s", async (_, status, errorCode, text) => {
    open({ respond: fakeServer({ confirm: failWith(status, errorCode) }) });
    await page.waitForPhase("ready");
    await page.tap("confirm");
    await page.waitForPhase("failed");
    expect(failureText()).toMatch(text);
  });

  test("the same failures in Chinese", async () => {
    open({ language: "zh_CN", respond: fakeServer({ context: failWith(410, 41001) }) });
    await page.waitForPhase("failed");
    expect(failureText()).toBe("二维码已过期。请在电脑上刷新二维码后重新扫码。");
    expect(page.textOf("scan-again")).toBe("扫码");
  });

  test("offline on open, then Retry reads the context again and goes on", async () => {
    let online = false;
    const server = fakeServer();
    const { wx } = open({ respond: (request) => (online ? server(request) : noAnswer()) });
    await page.waitForPhase("failed");
    online = true;
    await page.tap("retry");
    await page.waitForPhase("ready");
    expect(routes(wx)).toEqual([
      "GET /api/v2/qrcode/context",
      "GET /api/v2/qrcode/context",
      "POST /api/v2/qrcode/scanned",
    ]);
  });

  test("jsCode refused, then Retry asks wx.login for a fresh code", async () => {
    let scans = 0;
    const { wx } = open({
      respond: fakeServer({
        scanned: () =>
          ++scans === 1 ? failWith(400, 40006) : okWith({ status: 1, scanToken: "t2" }),
      }),
    });
    await page.waitForPhase("failed");
    await page.tap("retry");
    await page.waitForPhase("ready");
    expect(
      wx.requests.filter((r) => r.path.endsWith("/scanned")).map((r) => r.body.jsCode),
    ).toEqual(["js-code-1", "js-code-2"]);
  });

  test("WeChat busy on confirm, then Retry confirms with the same phone code", async () => {
    let confirms = 0;
    const { wx } = open({
      respond: fakeServer({
        confirm: () =>
          ++confirms === 1
            ? failWith(503, 50306, "busy", { "Retry-After": "1" })
            : okWith({ status: 2 }),
      }),
    });
    await page.waitFor(() => page.element("share-phone") !== null);
    await page.tap("share-phone", { event: "getphonenumber", detail: { code: "phone-1" } });
    await page.tap("confirm");
    await page.waitForPhase("failed");
    expect(page.textOf("failure-message")).toBe("WeChat is busy. Try again in 1 seconds.");
    await page.tap("retry");
    await page.waitForPhase("confirmed");
    expect(
      wx.requests.filter((r) => r.path.endsWith("/confirm")).map((r) => r.body.phoneCode),
    ).toEqual(["phone-1", "phone-1"]);
  });

  test("offline on cancel, then Retry cancels", async () => {
    let cancels = 0;
    open({
      respond: fakeServer({ cancel: () => (++cancels === 1 ? noAnswer() : okWith({ status: 3 })) }),
    });
    await page.waitForPhase("ready");
    await page.tap("cancel");
    await page.waitForPhase("failed");
    await page.tap("retry");
    await page.waitForPhase("cancelled");
  });

  test("wx.login fails: its reason, and Retry", async () => {
    let attempts = 0;
    open({ login: () => (++attempts === 1 ? { fail: "login:fail timeout" } : { code: "js-ok" }) });
    await page.waitForPhase("failed");
    expect(page.textOf("failure-message")).toBe(
      "WeChat could not sign you in (login:fail timeout). Try again.",
    );
    await page.tap("retry");
    await page.waitForPhase("ready");
  });

  test.each([
    [2, /^This login has already been confirmed\.$/, false],
    [3, /^This login has already been cancelled\.$/, false],
    [-1, /has expired/, true],
  ])("a context with status %d ends before any scan is reported", async (status, text, scan) => {
    const { wx } = open({ respond: fakeServer({ context: okWith(contextData({ status })) }) });
    await page.waitForPhase("failed");
    expect(page.textOf("failure-message")).toMatch(text);
    expect(offers()).toEqual({ retry: false, scan });
    expect(routes(wx)).toEqual(["GET /api/v2/qrcode/context"]);
    expect(wx.logins).toEqual([]);
  });

  test("a demo-mode app: says so, reports no scan", async () => {
    const { wx } = open({
      respond: fakeServer({ context: okWith(contextData({ mode: "demo" })) }),
    });
    await page.waitForPhase("failed");
    expect(page.textOf("failure-message")).toMatch(/demo mode/);
    expect(wx.logins).toEqual([]);
  });
});

describe("what WeChat opened the page with", () => {
  test("not a login URL: a clear message, nothing sent; scanning a good code goes on", async () => {
    const { wx } = open(
      { scanResult: "https://login.test/m/Fresh_Code_42" },
      { q: encodeURIComponent("https://evil.test/phish"), scancode_time: "1" },
    );
    await page.waitForPhase("failed");
    expect(page.textOf("failure-message")).toBe(
      "This is not a login QR code of this mini program. Scan the QR code shown on the computer.",
    );
    expect(wx.requests).toEqual([]);
    await page.tap("scan-again");
    await page.waitForPhase("ready");
    expect(wx.requests[0].query).toEqual({ code: "Fresh_Code_42" });
  });

  test("opened without a scan", async () => {
    const { wx } = open({ language: "zh_CN" }, {});
    await page.waitForPhase("failed");
    expect(page.textOf("failure-message")).toBe("请扫描电脑上显示的登录二维码来打开本小程序。");
    expect(wx.requests).toEqual([]);
  });

  test("the scanner cancelled: the page stays as it was", async () => {
    open({}, {});
    await page.waitForPhase("failed");
    await page.tap("scan-again");
    expect(page.data.phase).toBe("failed");
  });

  test("the page closed while a request is out: nothing more happens", async () => {
    let release;
    const held = new Promise((resolve) => (release = resolve));
    const { wx } = open({
      respond: fakeServer({ context: () => held.then(() => okWith(contextData())) }),
    });
    page.close();
    page = null;
    release();
    await held;
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(wx.logins).toEqual([]);
  });
});
