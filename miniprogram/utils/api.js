// Every call the mini program makes to the scan-login server (PROTOCOL.md
// "Phone side"), through `wx.request`. Each resolves, never rejects, with
//   {ok: true, data}                      the envelope's data (HTTP 200, code 200)
//   {ok: false, code, httpStatus, message, retryAfter}
// where `code` is the envelope's stable code (e.g. 41001), or 0 when there
// was no envelope: httpStatus 0 = no answer at all (offline, timeout, DNS),
// otherwise an answer that was not the server's JSON (a proxy's error page).
// `retryAfter` is the Retry-After header in seconds, or null.

/** The `code` of a failure without an envelope. */
const NO_ENVELOPE = 0;

function header(headers, name) {
  const wanted = name.toLowerCase();
  for (const key of Object.keys(headers || {})) {
    if (key.toLowerCase() === wanted) return headers[key];
  }
  return undefined;
}

function retryAfterSeconds(headers) {
  const value = header(headers, "retry-after");
  return value !== undefined && /^\s*\d+\s*$/.test(String(value)) ? Number(value) : null;
}

/** wx.request's success -> a result (see the top of this file). */
function resultOfAnswer(res) {
  const httpStatus = res.statusCode;
  let body = res.data;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch (e) {
      body = null;
    }
  }
  const retryAfter = retryAfterSeconds(res.header);
  const enveloped = body && typeof body === "object" && typeof body.code === "number";
  if (enveloped && httpStatus === 200 && body.code === 200) return { ok: true, data: body.data };
  if (enveloped) {
    return {
      ok: false,
      code: body.code,
      httpStatus,
      message: String(body.message || ""),
      retryAfter,
    };
  }
  return {
    ok: false,
    code: NO_ENVELOPE,
    httpStatus,
    message: `unexpected answer (HTTP ${httpStatus})`,
    retryAfter,
  };
}

/** wx.request's fail -> a result. */
function resultOfNoAnswer(error) {
  return {
    ok: false,
    code: NO_ENVELOPE,
    httpStatus: 0,
    message: String((error && error.errMsg) || "request:fail"),
    retryAfter: null,
  };
}

function queryString(params) {
  return Object.keys(params)
    .map((key) => `${encodeURIComponent(key)}=${encodeURIComponent(params[key])}`)
    .join("&");
}

/**
 * The server's phone-side API at `serverUrl` (no trailing slash), sending
 * through `request` (wx.request's signature; the global `wx.request` by
 * default, looked up at each call) with `timeoutMs` per request.
 */
function createApi({ serverUrl, timeoutMs = 15000, request }) {
  const base = String(serverUrl).replace(/\/+$/, "");
  const send = (options) =>
    new Promise((resolve) => {
      const doRequest = request || ((o) => wx.request(o));
      try {
        doRequest({
          timeout: timeoutMs,
          dataType: "json",
          responseType: "text",
          ...options,
          success: (res) => resolve(resultOfAnswer(res)),
          fail: (error) => resolve(resultOfNoAnswer(error)),
        });
      } catch (error) {
        resolve(resultOfNoAnswer({ errMsg: `request:fail ${error && error.message}` }));
      }
    });
  const post = (path, data) =>
    send({
      url: base + path,
      method: "POST",
      header: { "content-type": "application/json" },
      data,
    });

  return {
    /** What the phone shows before anyone acts; reading it changes nothing. */
    context: (code) =>
      send({ url: `${base}/api/v2/qrcode/context?${queryString({ code })}`, method: "GET" }),

    /**
     * Reports the scan with `jsCode` from wx.login; `wechatUser` ({nickname,
     * photo}, display data the person chose) is left out when empty.
     * Data: {status: 1, scanToken}.
     */
    scanned: (code, jsCode, wechatUser) => {
      const body = { code, jsCode };
      if (wechatUser && (wechatUser.nickname || wechatUser.photo)) {
        body.wechatUser = { nickname: wechatUser.nickname || "", photo: wechatUser.photo || "" };
      }
      return post("/api/v2/qrcode/scanned", body);
    },

    /**
     * Uploads an avatar picture (`bytes`, an ArrayBuffer of `contentType`
     * image/jpeg, image/png or image/webp). Data: {photo} (its URL).
     */
    avatar: (code, scanToken, contentType, bytes) =>
      send({
        url: `${base}/api/v2/qrcode/avatar?${queryString({ code, scanToken })}`,
        method: "POST",
        header: { "content-type": contentType },
        data: bytes,
      }),

    /**
     * Confirms the login; `phoneCode` (from the getPhoneNumber button),
     * `realName` and the display data the person picked on this page
     * (`nickname`, `photo`: the uploaded avatar's URL) are sent only when not
     * empty. Data: {status: 2}.
     */
    confirm: (code, scanToken, { phoneCode, realName, nickname, photo } = {}) => {
      const body = { code, scanToken };
      if (phoneCode) body.phoneCode = phoneCode;
      if (realName) body.realName = realName;
      if (nickname || photo) body.wechatUser = { nickname: nickname || "", photo: photo || "" };
      return post("/api/v2/qrcode/confirm", body);
    },

    /** Cancels the login. Data: {status: 3}. */
    cancel: (code, scanToken) => post("/api/v2/qrcode/cancel", { code, scanToken }),
  };
}

module.exports = { createApi, resultOfAnswer, resultOfNoAnswer, NO_ENVELOPE };
