// WeChat's error answers: HTTP 200 with {"errcode": N, "errmsg": "..."}.
// Like the real API, every errmsg ends in ", rid: <request id>", so clients
// must branch on errcode and never compare errmsg.
import { newRid } from "./ids.mjs";

export const ERRMSG = new Map([
  [-1, "system error"],
  [40001, "invalid credential, access_token is invalid or not latest"],
  [40002, "invalid grant_type"],
  [40013, "invalid appid"],
  [40014, "invalid access_token"],
  [40029, "invalid code"],
  [40066, "invalid url"],
  [40125, "invalid appsecret"],
  [40163, "code been used"],
  [40226, "high risk user"],
  [41001, "access_token missing"],
  [41002, "appid missing"],
  [41004, "appsecret missing"],
  [41008, "missing code"],
  [42001, "access_token expired"],
  [43001, "require GET method"],
  [43002, "require POST method"],
  [45009, "reach max api daily quota limit"],
  [45011, "api minute-quota reach limit mustslower retry next minute"],
  [47001, "data format error"],
]);

// `errmsg` overrides the table's text (a fault may ask for any message).
export function wechatError(errcode, errmsg = ERRMSG.get(errcode) ?? "fake error") {
  return { errcode, errmsg: `${errmsg}, rid: ${newRid()}` };
}
