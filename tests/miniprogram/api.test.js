// utils/api.js (requests and the {ok, ...} results) and utils/failure.js
// (what each failure tells the person and lets them do).
import { miniprogramModule } from "./support/page.js";

const { createApi, resultOfAnswer, resultOfNoAnswer, NO_ENVELOPE } =
  miniprogramModule("utils/api.js");
const { describeFailure } = miniprogramModule("utils/failure.js");
const { translator } = miniprogramModule("i18n/index.js");

/** An api over a recording request that answers every call with `answer`. */
function recordingApi(answer = { statusCode: 200, header: {}, data: { code: 200, data: {} } }) {
  const sent = [];
  const api = createApi({
    serverUrl: "https://login.test/",
    timeoutMs: 1234,
    request: (options) => {
      sent.push(options);
      if (answer.fail) options.fail({ errMsg: answer.fail });
      else options.success(answer);
    },
  });
  return { api, sent };
}

describe("requests", () => {
  test("context is a GET with the code in the query", async () => {
    const { api, sent } = recordingApi();
    await api.context("a b&c");
    expect(sent[0]).toMatchObject({
      url: "https://login.test/api/v2/qrcode/context?code=a%20b%26c",
      method: "GET",
      timeout: 1234,
    });
    expect(sent[0].data).toBeUndefined();
  });

  test("scanned sends the jsCode, and the chosen nickname and photo only when there are any", async () => {
    const { api, sent } = recordingApi();
    await api.scanned("C", "J");
    await api.scanned("C", "J", { nickname: "", photo: "" });
    await api.scanned("C", "J", { nickname: "Ada" });
    for (const call of sent) {
      expect(call).toMatchObject({
        url: "https://login.test/api/v2/qrcode/scanned",
        method: "POST",
        header: { "content-type": "application/json" },
      });
    }
    expect(sent.map((call) => call.data)).toEqual([
      { code: "C", jsCode: "J" },
      { code: "C", jsCode: "J" },
      { code: "C", jsCode: "J", wechatUser: { nickname: "Ada", photo: "" } },
    ]);
  });

  test("confirm sends phoneCode and realName only when given; cancel sends the scan token", async () => {
    const { api, sent } = recordingApi();
    await api.confirm("C", "T");
    await api.confirm("C", "T", { phoneCode: "P", realName: "Ada Lovelace" });
    await api.cancel("C", "T");
    expect(sent.map((call) => [call.url.replace("https://login.test", ""), call.data])).toEqual([
      ["/api/v2/qrcode/confirm", { code: "C", scanToken: "T" }],
      [
        "/api/v2/qrcode/confirm",
        { code: "C", scanToken: "T", phoneCode: "P", realName: "Ada Lovelace" },
      ],
      ["/api/v2/qrcode/cancel", { code: "C", scanToken: "T" }],
    ]);
  });

  test("avatar posts the file's bytes with its content type", async () => {
    const { api, sent } = recordingApi();
    const bytes = new Uint8Array([0xff, 0xd8, 0xff]).buffer;
    await api.avatar("C", "T/+", "image/png", bytes);
    expect(sent[0]).toMatchObject({
      url: "https://login.test/api/v2/qrcode/avatar?code=C&scanToken=T%2F%2B",
      method: "POST",
      header: { "content-type": "image/png" },
    });
    expect(sent[0].data).toBe(bytes);
  });

  test("a request function that throws counts as no answer", async () => {
    const api = createApi({
      serverUrl: "https://login.test",
      request: () => {
        throw new Error("url not in domain list");
      },
    });
    expect(await api.context("C")).toEqual({
      ok: false,
      code: NO_ENVELOPE,
      httpStatus: 0,
      message: "request:fail url not in domain list",
      retryAfter: null,
    });
  });
});

describe("results", () => {
  test("HTTP 200 with code 200 gives the data", () => {
    expect(
      resultOfAnswer({
        statusCode: 200,
        header: {},
        data: { code: 200, message: "ok", data: { a: 1 } },
      }),
    ).toEqual({ ok: true, data: { a: 1 } });
  });

  test("a body WeChat left as text is parsed", () => {
    expect(
      resultOfAnswer({
        statusCode: 200,
        header: {},
        data: '{"code":200,"message":"ok","data":{"a":1}}',
      }),
    ).toEqual({ ok: true, data: { a: 1 } });
  });

  test("an envelope failure keeps code, status, message and Retry-After (any case)", () => {
    expect(
      resultOfAnswer({
        statusCode: 503,
        header: { "retry-after": "7" },
        data: { code: 50306, message: "WeChat is busy", data: null },
      }),
    ).toEqual({
      ok: false,
      code: 50306,
      httpStatus: 503,
      message: "WeChat is busy",
      retryAfter: 7,
    });
    expect(
      resultOfAnswer({ statusCode: 503, header: { "Retry-After": " 3 " }, data: { code: 50306 } }),
    ).toMatchObject({ retryAfter: 3, message: "" });
    expect(
      resultOfAnswer({
        statusCode: 503,
        header: { "Retry-After": "Wed, 21 Oct 2015 07:28:00 GMT" },
        data: { code: 50306 },
      }).retryAfter,
    ).toBeNull();
  });

  test("an answer that is not an envelope has code 0 and its HTTP status", () => {
    expect(
      resultOfAnswer({ statusCode: 502, header: {}, data: "<html>Bad gateway</html>" }),
    ).toEqual({
      ok: false,
      code: NO_ENVELOPE,
      httpStatus: 502,
      message: "unexpected answer (HTTP 502)",
      retryAfter: null,
    });
    expect(resultOfAnswer({ statusCode: 200, header: {}, data: { hello: 1 } })).toMatchObject({
      ok: false,
      code: NO_ENVELOPE,
      httpStatus: 200,
    });
  });

  test("a 200 whose envelope says failure is a failure", () => {
    expect(
      resultOfAnswer({ statusCode: 200, header: {}, data: { code: 40001, message: "x" } }),
    ).toMatchObject({ ok: false, code: 40001, httpStatus: 200 });
  });

  test("no answer: httpStatus 0 and WeChat's errMsg", () => {
    expect(resultOfNoAnswer({ errMsg: "request:fail timeout" })).toEqual({
      ok: false,
      code: NO_ENVELOPE,
      httpStatus: 0,
      message: "request:fail timeout",
      retryAfter: null,
    });
  });
});

describe("what each failure means", () => {
  const failure = (httpStatus, code, retryAfter = null) => ({
    ok: false,
    code,
    httpStatus,
    message: "m",
    retryAfter,
  });
  const en = translator("en-US");
  const zh = translator("zh-CN");

  test.each([
    // [case, result, step, details, key, action]
    ["unknown code", failure(404, 40403), "context", {}, "unknownCode", "rescan"],
    ["expired", failure(410, 41001), "scan", {}, "expired", "rescan"],
    ["another phone", failure(409, 40903), "scan", {}, "otherPhone", "rescan"],
    ["wrong state", failure(409, 40901), "confirm", {}, "wrongState", "rescan"],
    ["jsCode refused", failure(400, 40006), "scan", {}, "loginRefused", "retry"],
    [
      "phone code refused",
      failure(400, 40006),
      "confirm",
      { sentPhoneCode: true },
      "phoneRefused",
      "phone",
    ],
    ["40006 on confirm without phone", failure(400, 40006), "confirm", {}, "loginRefused", "retry"],
    [
      "phone of another app",
      failure(400, 40007),
      "confirm",
      { sentPhoneCode: true },
      "phoneOtherApp",
      "phone",
    ],
    ["account refused by WeChat", failure(403, 40307), "scan", {}, "accountRefused", "none"],
    ["account blocked by the site", failure(403, 40308), "scan", {}, "accountBlocked", "none"],
    ["blocked at confirm", failure(403, 40308), "confirm", {}, "accountBlocked", "none"],
    ["WeChat busy", failure(503, 50306, 4), "scan", {}, "wechatBusy", "retry"],
    ["WeChat busy, no time", failure(503, 50306), "scan", {}, "wechatBusyNoTime", "retry"],
    ["WeChat unreachable", failure(502, 50201), "scan", {}, "wechatUnreachable", "retry"],
    ["misconfigured", failure(502, 50202), "scan", {}, "wechatMisconfigured", "none"],
    ["database down", failure(503, 50303), "confirm", {}, "storeUnavailable", "retry"],
    ["rate limited", failure(429, 42901), "context", {}, "serverBusy", "retry"],
    ["process stopping", failure(503, 50304), "context", {}, "serverBusy", "retry"],
    ["offline", failure(0, NO_ENVELOPE), "confirm", {}, "offline", "retry"],
    ["proxy error page", failure(502, NO_ENVELOPE), "context", {}, "failed", "retry"],
    ["unknown 404 code", failure(404, 40499), "context", {}, "unknownCode", "rescan"],
    ["unknown 410 code", failure(410, 41099), "context", {}, "expired", "rescan"],
    ["unknown 409 code", failure(409, 40999), "cancel", {}, "wrongState", "rescan"],
    ["bad field", failure(400, 40001), "confirm", {}, "failed", "none"],
  ])("%s", (_, result, step, details, key, action) => {
    const described = describeFailure(result, step, details);
    expect([described.key, described.action]).toEqual([key, action]);
    // Each has a text in both languages, parameters filled.
    for (const { t } of [en, zh]) {
      const text = t(described.key, described.params);
      expect(text).not.toBe(described.key);
      expect(text).not.toMatch(/\{\w+\}/);
    }
  });

  test("texts carry the numbers that help", () => {
    const busy = describeFailure(failure(503, 50306, 4), "scan");
    expect(en.t(busy.key, busy.params)).toBe("WeChat is busy. Try again in 4 seconds.");
    const odd = describeFailure({ ...failure(400, 40001), message: "code: is required" }, "scan");
    expect(en.t(odd.key, odd.params)).toBe("Something went wrong (code 40001): code: is required");
  });
});
