// The control API that tests use to set up and inspect the fake. The same
// operations are offered in process (control.<name>(args), synchronous,
// throwing ControlError on bad input) and over HTTP (CONTROL_ROUTES: JSON
// body or, for GET, the query string as args; a ControlError becomes its
// HTTP status with {"error"}).
import { newLoginCode, newPhoneCode, newSessionKey } from "./ids.mjs";

export class ControlError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

export const CONTROL_ROUTES = new Map([
  ["POST /_fake/mini-programs", "registerMiniProgram"],
  ["POST /_fake/login-codes", "registerLoginCode"],
  ["POST /_fake/phone-codes", "registerPhoneCode"],
  ["POST /_fake/revoke-token", "revokeToken"],
  ["POST /_fake/expire-tokens", "expireTokens"],
  ["POST /_fake/faults", "addFault"],
  ["POST /_fake/advance-clock", "advanceClock"],
  ["GET /_fake/calls", "calls"],
  ["POST /_fake/reset", "reset"],
  ["GET /_fake/health", "health"],
]);

const DEFAULT_TOKEN_LIFETIME_SECONDS = 7200;
const WECHAT_RENEW_BEFORE_SECONDS = 300;

export function createControl(world) {
  const programOf = (appid) => {
    const program = world.miniPrograms.get(appid);
    if (program === undefined) throw new ControlError(404, `no mini program ${appid}`);
    return program;
  };

  return {
    // Registers (or re-registers, e.g. with a rotated secret) a mini program.
    // renewBefore: seconds before expiry at which normal-mode stable_token
    // mints the next token; default WeChat's 300, at most half the lifetime.
    registerMiniProgram({ appid, secret, tokenLifetime, renewBefore } = {}) {
      requireText("appid", appid);
      requireText("secret", secret);
      tokenLifetime = optionalInteger("tokenLifetime", tokenLifetime, 1);
      tokenLifetime ??= DEFAULT_TOKEN_LIFETIME_SECONDS;
      renewBefore = optionalInteger("renewBefore", renewBefore, 0);
      renewBefore ??= Math.min(WECHAT_RENEW_BEFORE_SECONDS, Math.floor(tokenLifetime / 2));
      if (renewBefore >= tokenLifetime) {
        throw new ControlError(400, "renewBefore: less than tokenLifetime");
      }
      world.miniPrograms.set(appid, { appid, secret, tokenLifetime, renewBefore });
      return { appid, tokenLifetime, renewBefore };
    },

    // A wx.login code of `appid` that jscode2session exchanges once for this
    // openid (and unionid, when given). sessionKey: random unless given.
    registerLoginCode({ appid, code, openid, unionid, sessionKey } = {}) {
      programOf(appid);
      code = newCode(world.loginCodes, code, newLoginCode);
      requireText("openid", openid);
      if (unionid !== undefined) requireText("unionid", unionid);
      if (sessionKey !== undefined) requireText("sessionKey", sessionKey);
      sessionKey ??= newSessionKey();
      world.loginCodes.add(code, appid, { openid, unionid, sessionKey });
      return { code, sessionKey };
    },

    // A getPhoneNumber code of `appid` that getuserphonenumber exchanges once.
    // purePhoneNumber is required; phoneNumber defaults to it, countryCode to
    // "86", watermarkAppid to appid and watermarkTimestamp to now (seconds).
    registerPhoneCode({
      appid,
      code,
      phoneNumber,
      purePhoneNumber,
      countryCode = "86",
      watermarkAppid = appid,
      watermarkTimestamp,
    } = {}) {
      programOf(appid);
      code = newCode(world.phoneCodes, code, newPhoneCode);
      requireText("purePhoneNumber", purePhoneNumber);
      phoneNumber ??= purePhoneNumber;
      requireText("phoneNumber", phoneNumber);
      requireText("countryCode", countryCode);
      requireText("watermarkAppid", watermarkAppid);
      watermarkTimestamp = optionalInteger("watermarkTimestamp", watermarkTimestamp, 0);
      watermarkTimestamp ??= world.clock.nowSeconds();
      world.phoneCodes.add(code, appid, {
        phoneNumber,
        purePhoneNumber,
        countryCode,
        watermark: { timestamp: watermarkTimestamp, appid: watermarkAppid },
      });
      return { code };
    },

    // As if another client force-refreshed: the live token of appid answers
    // 40001 from now on and stable_token hands out a newer one.
    revokeToken({ appid } = {}) {
      return { revoked: world.tokens.revoke(programOf(appid)) };
    },

    // Every live token expires now (their use answers 42001).
    expireTokens() {
      return { expired: world.tokens.expireAll() };
    },

    // Queues `count` (default 1) faulty answers for calls to `path`:
    // errcode (+ errmsg) answers that WeChat error; httpStatus (+ rawBody,
    // contentType) answers those raw bytes instead of JSON; closeConnection
    // destroys the socket unanswered; hang never answers (until close());
    // delayMs waits first, then applies the others or answers normally.
    addFault(args = {}) {
      const fault = validFault(args);
      world.faults.add(fault);
      return { path: fault.path, count: fault.count };
    },

    advanceClock({ seconds } = {}) {
      if (typeof seconds !== "number" || !Number.isFinite(seconds) || seconds < 0) {
        throw new ControlError(400, "seconds: a number >= 0");
      }
      world.clock.advance(seconds);
      return { now: world.clock.nowSeconds() };
    },

    // Every WeChat call received, oldest first; `path` filters on it.
    calls({ path } = {}) {
      const calls = world.calls.filter((call) => path === undefined || call.path === path);
      return { calls: structuredClone(calls) };
    },

    reset() {
      world.reset();
      return { ok: true };
    },

    health() {
      return { ok: true };
    },
  };
}

// The code to register: the caller's (which must be new) or a fresh one.
function newCode(book, code, generate) {
  if (code === undefined) return generate();
  requireText("code", code);
  if (book.has(code)) throw new ControlError(409, `code ${code} is already registered`);
  return code;
}

function validFault(args) {
  const { path, errcode, errmsg, hang, closeConnection, httpStatus, rawBody, contentType } = args;
  if (typeof path !== "string" || !path.startsWith("/") || path.startsWith("/_fake/")) {
    throw new ControlError(400, "path: a WeChat path such as /sns/jscode2session");
  }
  const count = optionalInteger("count", args.count, 1) ?? 1;
  const delayMs = optionalInteger("delayMs", args.delayMs, 0) ?? 0;
  if (errcode !== undefined && !Number.isInteger(errcode)) {
    throw new ControlError(400, "errcode: an integer");
  }
  if (errmsg !== undefined) requireText("errmsg", errmsg);
  for (const [name, value] of Object.entries({ hang, closeConnection })) {
    if (value !== undefined && typeof value !== "boolean") {
      throw new ControlError(400, `${name}: a boolean`);
    }
  }
  if (
    httpStatus !== undefined &&
    !(Number.isInteger(httpStatus) && httpStatus >= 200 && httpStatus <= 599)
  ) {
    throw new ControlError(400, "httpStatus: an integer from 200 to 599");
  }
  if (rawBody !== undefined && typeof rawBody !== "string")
    throw new ControlError(400, "rawBody: a string");
  if (contentType !== undefined) requireText("contentType", contentType);
  const raw = httpStatus !== undefined || rawBody !== undefined;
  const outcomes = [errcode !== undefined, raw, hang === true, closeConnection === true];
  if (outcomes.filter(Boolean).length > 1) {
    throw new ControlError(400, "one of errcode, httpStatus/rawBody, hang, closeConnection");
  }
  if (!outcomes.some(Boolean) && delayMs === 0) {
    throw new ControlError(
      400,
      "a fault needs errcode, httpStatus/rawBody, hang, closeConnection or delayMs",
    );
  }
  return {
    path,
    count,
    delayMs,
    errcode,
    errmsg,
    hang: hang === true,
    closeConnection: closeConnection === true,
    httpStatus: raw ? (httpStatus ?? 200) : undefined,
    rawBody: raw ? (rawBody ?? "") : undefined,
    contentType: raw ? (contentType ?? "text/html") : undefined,
  };
}

function requireText(name, value) {
  if (typeof value !== "string" || value === "")
    throw new ControlError(400, `${name}: a non-empty string`);
}

// Integers arrive as numbers in process and as JSON numbers over HTTP.
function optionalInteger(name, value, min) {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min)
    throw new ControlError(400, `${name}: an integer >= ${min}`);
  return value;
}
