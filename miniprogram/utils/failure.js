// What a failed server call means to the person holding the phone: which
// text to show (a key of i18n/*.js, with its parameters) and what can be
// done next. Pure: the page turns it into view data.
//
// Actions:
//   "retry"  the same step may succeed later: offer Retry (it repeats the
//            step; for the scan that includes a fresh wx.login)
//   "phone"  the phone code was refused: stay on the request, ask for the
//            phone button again (the rest of the login is unharmed)
//   "rescan" this code is of no more use: refresh the QR on the computer
//            and scan again (offer the scanner)
//   "none"   nothing the phone can do (an operator problem, or the login is over)

const { NO_ENVELOPE } = require("./api.js");
const { ErrorCode } = require("./codes.js");

const byCode = {
  [ErrorCode.unknownCode]: { key: "unknownCode", action: "rescan" },
  [ErrorCode.codeExpired]: { key: "expired", action: "rescan" },
  [ErrorCode.otherScanner]: { key: "otherPhone", action: "rescan" },
  [ErrorCode.wrongState]: { key: "wrongState", action: "rescan" },
  [ErrorCode.wechatPhoneMismatch]: { key: "phoneOtherApp", action: "phone" },
  [ErrorCode.wechatRefused]: { key: "accountRefused", action: "none" },
  [ErrorCode.accountBlocked]: { key: "accountBlocked", action: "none" },
  [ErrorCode.wechatUnreachable]: { key: "wechatUnreachable", action: "retry" },
  [ErrorCode.wechatMisconfigured]: { key: "wechatMisconfigured", action: "none" },
  [ErrorCode.storeUnavailable]: { key: "storeUnavailable", action: "retry" },
  [ErrorCode.tooManyCodes]: { key: "serverBusy", action: "retry" },
  [ErrorCode.shuttingDown]: { key: "serverBusy", action: "retry" },
  [ErrorCode.tooManyConnections]: { key: "serverBusy", action: "retry" },
  [ErrorCode.rateLimited]: { key: "serverBusy", action: "retry" },
};

/**
 * `result`: a failed api.js result; `step`: "context", "scan", "confirm" or
 * "cancel" (the call that failed); `sentPhoneCode`: whether the confirm
 * carried a phone code. Returns {key, params, action}.
 */
function describeFailure(result, step, { sentPhoneCode = false } = {}) {
  const { code, httpStatus } = result;
  if (code === NO_ENVELOPE && httpStatus === 0)
    return { key: "offline", params: {}, action: "retry" };
  if (code === ErrorCode.wechatBadCode) {
    // WeChat refused a one-use code: the scan's jsCode, or the confirm's phone code.
    return step === "confirm" && sentPhoneCode
      ? { key: "phoneRefused", params: {}, action: "phone" }
      : { key: "loginRefused", params: {}, action: "retry" };
  }
  if (code === ErrorCode.wechatBusy) {
    return result.retryAfter
      ? { key: "wechatBusy", params: { seconds: result.retryAfter }, action: "retry" }
      : { key: "wechatBusyNoTime", params: {}, action: "retry" };
  }
  const known = byCode[code];
  if (known && (known.action !== "phone" || sentPhoneCode)) {
    return { key: known.key, params: {}, action: known.action };
  }
  // By HTTP status when the code is one this page does not know.
  if (httpStatus === 404) return { key: "unknownCode", params: {}, action: "rescan" };
  if (httpStatus === 410) return { key: "expired", params: {}, action: "rescan" };
  if (httpStatus === 409) return { key: "wrongState", params: {}, action: "rescan" };
  return {
    key: "failed",
    params: { code: code || httpStatus, message: result.message || "" },
    action: httpStatus >= 500 || httpStatus === 429 ? "retry" : "none",
  };
}

module.exports = { describeFailure };
