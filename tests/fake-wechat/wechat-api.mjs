// WeChat's server API as the fake answers it. A handler gets the world and
// one call { method, query, json } (json: the parsed body object of a POST
// endpoint, or undefined when the body was not a JSON object within the size
// limit) and returns the answer body. WeChat answers errors with HTTP 200 and
// {"errcode", "errmsg"}; only an unknown path gets HTTP 404.
import { wechatError } from "./wechat-errors.mjs";

// POST /cgi-bin/stable_token {"grant_type":"client_credential","appid","secret","force_refresh"?}
function stableToken(world, { json }) {
  if (json === undefined) return wechatError(47001);
  if (json.force_refresh !== undefined && typeof json.force_refresh !== "boolean") {
    return wechatError(47001);
  }
  if (json.grant_type !== "client_credential") return wechatError(40002);
  const program = authenticate(world, json.appid, json.secret);
  if (program.errcode !== undefined) return program;
  return world.tokens.fetch(program, json.force_refresh === true);
}

// GET /sns/jscode2session?appid=&secret=&js_code=&grant_type=authorization_code
function jscode2session(world, { query }) {
  const program = authenticate(world, query.appid, query.secret);
  if (program.errcode !== undefined) return program;
  if (query.grant_type !== "authorization_code") return wechatError(40002);
  if (!query.js_code) return wechatError(41008);
  const redeemed = world.loginCodes.redeem(query.js_code, program.appid);
  if (redeemed.errcode !== undefined) return wechatError(redeemed.errcode);
  const { openid, unionid, sessionKey } = redeemed.facts;
  return { session_key: sessionKey, openid, ...(unionid === undefined ? {} : { unionid }) };
}

// POST /wxa/business/getuserphonenumber?access_token=T {"code"}
function userPhoneNumber(world, { query, json }) {
  if (!query.access_token) return wechatError(41001);
  const token = world.tokens.check(query.access_token);
  if (token.errcode !== undefined) return wechatError(token.errcode);
  if (json === undefined) return wechatError(47001);
  if (typeof json.code !== "string" || json.code === "") return wechatError(41008);
  const redeemed = world.phoneCodes.redeem(json.code, token.appid);
  if (redeemed.errcode !== undefined) return wechatError(redeemed.errcode);
  return { errcode: 0, errmsg: "ok", phone_info: redeemed.facts };
}

// The mini program named by appid when secret is its AppSecret, else WeChat's
// error answer (41002/40013 for the appid, 41004/40125 for the secret).
function authenticate(world, appid, secret) {
  if (!appid) return wechatError(41002);
  const program = typeof appid === "string" ? world.miniPrograms.get(appid) : undefined;
  if (program === undefined) return wechatError(40013);
  if (!secret) return wechatError(41004);
  if (secret !== program.secret) return wechatError(40125);
  return program;
}

const ROUTES = new Map([
  ["/cgi-bin/stable_token", { method: "POST", handle: stableToken }],
  ["/sns/jscode2session", { method: "GET", handle: jscode2session }],
  ["/wxa/business/getuserphonenumber", { method: "POST", handle: userPhoneNumber }],
]);

// Whether calls to `path` carry a JSON body the endpoint reads.
export const takesJsonBody = (path) => ROUTES.get(path)?.method === "POST";

// Answers one WeChat call: { status, body }.
export function answerWechatCall(world, path, call) {
  const route = ROUTES.get(path);
  if (route === undefined) return { status: 404, body: wechatError(40066) };
  if (call.method !== route.method) {
    return { status: 200, body: wechatError(route.method === "GET" ? 43001 : 43002) };
  }
  return { status: 200, body: route.handle(world, call) };
}
