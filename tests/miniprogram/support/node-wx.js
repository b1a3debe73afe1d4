// A `wx` whose network is real: `wx.request` sends HTTP with Node's http
// module (loopback only), `wx.login` asks the fake WeChat for a code of this
// phone's WeChat user, files are read from disk. Storage lives in a Map, so
// one phone can scan several times and remember what the person chose.
//
//   const phone = createNodeWx({ login: () => fake.loginCode(openid), language: "en" });
//   globalThis.wx = phone;
import { readFile } from "node:fs/promises";
import { Buffer } from "node:buffer";
import http from "node:http";

// By tag, not instanceof: jest's test realm and Node's each have their own ArrayBuffer.
const isArrayBuffer = (value) => Object.prototype.toString.call(value) === "[object ArrayBuffer]";

function isLoopback(url) {
  const { protocol, hostname } = new URL(url);
  return protocol === "http:" && /^(127\.\d+\.\d+\.\d+|localhost|\[::1\])$/.test(hostname);
}

/**
 * wx.request over Node's http: `data` objects go as JSON (as WeChat sends
 * them with content-type application/json), ArrayBuffers as raw bytes; the
 * answer's body is parsed as JSON when it is JSON (dataType "json"), else
 * left as text. A network error or `timeout` calls `fail` with an errMsg as
 * WeChat words it. Refuses anything but loopback http.
 */
export function nodeRequest(options) {
  const { url, method = "GET", header = {}, data, timeout = 15_000, success, fail } = options;
  if (!isLoopback(url)) {
    queueMicrotask(() => fail({ errMsg: `request:fail url not in domain list: ${url}` }));
    return { abort() {} };
  }
  let payload = null;
  if (isArrayBuffer(data)) payload = Buffer.from(data);
  else if (data !== undefined && method !== "GET") payload = Buffer.from(JSON.stringify(data));
  const headers = { ...header };
  if (payload && !Object.keys(headers).some((k) => k.toLowerCase() === "content-type")) {
    headers["content-type"] = "application/json";
  }
  const req = http.request(url, { method, headers, agent: false });
  let done = false;
  const finish = (fn, value) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    fn(value);
  };
  const timer = setTimeout(() => {
    req.destroy();
    finish(fail, { errMsg: "request:fail timeout" });
  }, timeout);
  req.once("error", (e) => finish(fail, { errMsg: `request:fail ${e.code || e.message}` }));
  req.once("response", (res) => {
    const chunks = [];
    res.on("data", (chunk) => chunks.push(chunk));
    res.once("error", (e) => finish(fail, { errMsg: `request:fail ${e.message}` }));
    res.once("end", () => {
      const text = Buffer.concat(chunks).toString("utf8");
      let body = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: WeChat hands the text over as it is
      }
      finish(success, { statusCode: res.statusCode, header: res.headers, data: body });
    });
  });
  req.end(payload ?? undefined);
  return {
    abort() {
      req.destroy();
      finish(fail, { errMsg: "request:fail abort" });
    },
  };
}

/**
 * The phone. Options:
 * - login(): Promise of a wx.login code (from the fake WeChat), or of
 *   {fail: errMsg}
 * - language: WeChat's language ("en", "zh_CN")
 * - storage: a Map shared across this phone's page opens
 * - privacy: "agreed" (the person agreed before) or "ask" (the page's dialog
 *   must be agreed to; `wx.privacyResolutions` records the page's answers)
 */
export function createNodeWx({
  login,
  language = "en",
  storage = new Map(),
  privacy = "agreed",
} = {}) {
  let privacyListener = null;
  let agreed = privacy === "agreed";
  const wx = {
    storage,
    privacyResolutions: [],
    getAppBaseInfo: () => ({ language, SDKVersion: "3.4.0" }),
    getSystemInfoSync: () => ({ language }),
    setNavigationBarTitle() {},
    getStorageSync: (key) => (storage.has(key) ? JSON.parse(storage.get(key)) : ""),
    setStorageSync: (key, value) => storage.set(key, JSON.stringify(value)),
    request: nodeRequest,
    login({ success, fail }) {
      Promise.resolve()
        .then(login)
        .then(
          (answer) =>
            typeof answer === "string"
              ? success({ code: answer, errMsg: "login:ok" })
              : fail({ errMsg: answer.fail }),
          (e) => fail({ errMsg: `login:fail ${e.message}` }),
        );
    },
    getFileSystemManager: () => ({
      readFile({ filePath, success, fail }) {
        readFile(filePath).then(
          (bytes) =>
            success({
              data: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
            }),
          (e) => fail({ errMsg: `readFile:fail ${e.message}` }),
        );
      },
    }),
    scanCode({ fail }) {
      queueMicrotask(() => fail?.({ errMsg: "scanCode:fail cancel" }));
    },
    onNeedPrivacyAuthorization(listener) {
      privacyListener = listener;
    },
    requirePrivacyAuthorize({ success, fail }) {
      if (agreed) return queueMicrotask(() => success({}));
      return privacyListener((answer) => {
        wx.privacyResolutions.push(answer);
        if (answer.event === "agree") {
          agreed = true;
          success({});
        } else if (answer.event === "disagree") {
          fail({ errMsg: "requirePrivacyAuthorize:fail privacy permission is not authorized" });
        }
      });
    },
    openPrivacyContract() {},
  };
  return wx;
}
