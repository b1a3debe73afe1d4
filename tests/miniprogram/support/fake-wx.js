// A stand-in for WeChat's `wx` as the login page uses it, for tests that run
// the page under miniprogram-simulate. Every call is recorded; requests go to
// `respond`, which plays the server (a function of the request, see below),
// so a test can answer each route as it needs.
//
//   const wx = createWx({ language: "en", respond: fakeServer({ confirm: failWith(410, 41001) }) });
//   globalThis.wx = wx;
//   ... wx.requests, wx.logins, wx.storage ...

export const serverUrl = "https://login.test";

// By tag, not instanceof: jest's test realm and Node's each have their own ArrayBuffer.
const isArrayBuffer = (value) => Object.prototype.toString.call(value) === "[object ArrayBuffer]";

// jsdom has no structuredClone; answers and storage are JSON anyway.
const clone = (value) => (value === undefined ? value : JSON.parse(JSON.stringify(value)));

/** An envelope failure answer: `failWith(410, 41001, "expired", {"Retry-After": "3"})`. */
export function failWith(statusCode, code, message = "refused", header = {}) {
  return { statusCode, header, data: { code, message, data: null } };
}

/** wx.request's fail callback (no answer at all), e.g. `noAnswer("request:fail timeout")`. */
export function noAnswer(errMsg = "request:fail net::ERR_INTERNET_DISCONNECTED") {
  return { fail: errMsg };
}

/** A success envelope around `data`. */
export function okWith(data) {
  return { statusCode: 200, header: {}, data: { code: 200, message: "ok", data } };
}

/** The context a fresh code has; `overrides` replace fields. */
export function contextData(overrides = {}) {
  return {
    status: 0,
    appName: "Example Shop",
    appLogo: null,
    mode: "wechat",
    browser: "Chrome 126 on Windows",
    ip: "203.0.113.7",
    createdAt: Date.UTC(2024, 4, 1, 6, 30, 15),
    expireAt: Date.UTC(2024, 4, 1, 6, 32, 15),
    expiresIn: 120,
    ...overrides,
  };
}

/**
 * A `respond` playing a server whose every route succeeds, unless `answers`
 * names the route ("context", "scanned", "avatar", "confirm", "cancel") with
 * an answer (okWith / failWith / noAnswer) or a function of the request
 * giving one (called each time: answers can change between calls).
 */
export function fakeServer(answers = {}) {
  const defaults = {
    context: okWith(contextData()),
    scanned: okWith({ status: 1, scanToken: "scan-token-1" }),
    avatar: okWith({ photo: `${serverUrl}/avatars/a1.jpg` }),
    confirm: okWith({ status: 2 }),
    cancel: okWith({ status: 3 }),
  };
  return (request) => {
    const route = /\/api\/v2\/qrcode\/(\w+)/.exec(request.url)?.[1];
    const answer = route in answers ? answers[route] : defaults[route];
    if (answer === undefined) return failWith(404, 40405, `no route ${request.url}`);
    return typeof answer === "function" ? answer(request) : answer;
  };
}

/**
 * The fake `wx`. Options:
 * - language: WeChat's language setting ("zh_CN", "en", ...)
 * - respond(request) -> answer or Promise of one; request is
 *   {method, url, header, data, path, query, body} (body: parsed JSON when the
 *   data is an object)
 * - login(): {code} or {fail: errMsg}; default a fresh "js-code-N" each call
 * - privacy: "agreed" (asked before), "ask" (WeChat will announce a need:
 *   the page must show its dialog) or "none" (an old WeChat without the APIs)
 * - files: {path: Uint8Array} readable through getFileSystemManager
 * - storage: initial wx.setStorageSync contents
 * - scanResult: what wx.scanCode reads
 */
export function createWx({
  language = "en",
  respond = fakeServer(),
  login,
  privacy = "agreed",
  files = {},
  storage = {},
  scanResult,
} = {}) {
  const requests = [];
  const logins = [];
  const store = new Map(Object.entries(storage));
  let privacyListener = null;
  let privacyAgreed = privacy !== "ask";
  let loginCount = 0;

  const wx = {
    requests,
    logins,
    storage: store,
    privacyResolutions: [],
    titles: [],
    contractsOpened: 0,

    getAppBaseInfo: () => ({ language, SDKVersion: "3.4.0" }),
    getSystemInfoSync: () => ({ language }),
    setNavigationBarTitle: ({ title }) => wx.titles.push(title),
    getStorageSync: (key) => (store.has(key) ? clone(store.get(key)) : ""),
    setStorageSync: (key, value) => store.set(key, clone(value)),

    login({ success, fail }) {
      const answer = login ? login() : { code: `js-code-${++loginCount}` };
      logins.push(answer);
      Promise.resolve(answer).then((a) => (a.fail ? fail({ errMsg: a.fail }) : success(a)));
    },

    request(options) {
      const { url, method = "GET", header = {}, data } = options;
      const [path, query = ""] = url.split("?");
      const request = {
        method,
        url,
        header,
        data,
        path,
        query: Object.fromEntries(new URLSearchParams(query)),
        body: data && !isArrayBuffer(data) && typeof data === "object" ? data : null,
      };
      requests.push(request);
      Promise.resolve()
        .then(() => respond(request))
        .then((answer) => {
          if (answer.fail) options.fail({ errMsg: answer.fail });
          else options.success({ header: {}, ...answer, data: clone(answer.data) });
        });
      return { abort() {} };
    },

    getFileSystemManager: () => ({
      readFile({ filePath, success, fail }) {
        Promise.resolve().then(() =>
          filePath in files
            ? success({ data: files[filePath].slice().buffer })
            : fail({ errMsg: `readFile:fail no such file ${filePath}` }),
        );
      },
    }),

    scanCode({ success, fail }) {
      Promise.resolve().then(() =>
        scanResult === undefined
          ? fail?.({ errMsg: "scanCode:fail cancel" })
          : success({ result: scanResult }),
      );
    },

    openPrivacyContract() {
      wx.contractsOpened++;
    },
  };

  if (privacy !== "none") {
    wx.onNeedPrivacyAuthorization = (listener) => {
      privacyListener = listener;
    };
    wx.requirePrivacyAuthorize = ({ success, fail }) => {
      if (privacyAgreed) return Promise.resolve().then(() => success({}));
      if (!privacyListener) return Promise.resolve().then(() => fail({ errMsg: "no listener" }));
      return privacyListener(
        (answer) => {
          wx.privacyResolutions.push(answer);
          if (answer.event === "agree") {
            privacyAgreed = true;
            success({});
          } else if (answer.event === "disagree") {
            fail({ errMsg: "requirePrivacyAuthorize:fail privacy permission is not authorized" });
          }
        },
        { referrer: "requirePrivacyAuthorize" },
      );
    };
  }
  return wx;
}
