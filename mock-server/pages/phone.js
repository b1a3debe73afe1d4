// The phone page (/m/<code>) of a `demo` app: plays the mini program (a
// wechat app's QR opened here is told to scan with WeChat instead). Each
// browser is its own stand-in person: a random openid, phone number and
// name kept in localStorage, never one shared by every visitor. Looks up the code's
// context (which tells the PC nothing), reports the scan with a simulated
// WeChat identity only when the person taps Continue (PROTOCOL.md "Phone
// side": a link preview or a stray open must not tell the PC anything),
// then confirms or cancels with the scan token the server returned.

import { ErrorCode, QrStatus, SUCCESS_CODE } from "./codes.js";

const code = decodeURIComponent(location.pathname.split("/m/")[1] || "");
const $ = (id) => document.getElementById(id);

// The page speaks the phone's language, as WeChat does: Chinese for zh-*,
// English otherwise. Markup carries the English text and data-i18n keys.
const zh = {
  loading: "加载中…",
  demoBanner: "演示：本页面代替微信小程序，这里的信息均未经微信验证。",
  lookingUp: "正在查询登录请求…",
  asks: "一台电脑请求使用你的微信账号登录。",
  browser: "浏览器",
  ip: "IP 地址",
  requestedAt: "请求时间",
  warningStrong: "请只确认你本人发起的登录",
  warningRest: "（在你面前的电脑上）。如果是别人发给你的二维码，请点击取消。",
  share: "向该网站提供我的手机号",
  phone: "手机号",
  realName: "真实姓名",
  cancel: "取消",
  continue: "继续",
  confirm: "确认登录",
  identity: "模拟的微信身份",
  identityNote: "本页面代替小程序。修改将在下次扫码时生效。",
  nickname: "昵称",
  avatar: "头像 URL",
  unionid: "unionid（可选）",
  unknown: "二维码无效（unknown）。请在电脑上刷新二维码后重新扫码。",
  expired: "二维码已过期。请在电脑上刷新二维码后重新扫码。",
  otherPhone: "该二维码已被另一部手机扫描。",
  used: "该二维码已被使用（already used）。",
  failed: "出错了，请重试。",
  loggedIn: "电脑已登录，可以关闭本页面。",
  cancelled: "已取消登录。",
  cancelledEarly: "已取消，电脑没有收到任何信息。可以关闭本页面。",
  offline: "无法连接服务器。请检查网络后重新扫码。",
};
const en = {
  unknown: "This code is unknown. Refresh the QR code on your computer and scan again.",
  expired: "This code has expired. Refresh the QR code on your computer and scan again.",
  otherPhone: "Another phone already scanned this code.",
  used: "This code was already used.",
  failed: "Something went wrong. Try again.",
  loggedIn: "Logged in on your computer. You can close this page.",
  cancelled: "Login cancelled.",
  cancelledEarly: "Cancelled. Nothing was sent to the computer; you can close this page.",
  offline: "The server cannot be reached. Check your connection and scan again.",
};
const chinese = /^zh\b/i.test(navigator.language || "");
const t = (key) => (chinese ? zh[key] : en[key]) || key;
if (chinese) {
  document.documentElement.lang = "zh-CN";
  document.title = "确认登录";
  for (const element of document.querySelectorAll("[data-i18n]")) {
    element.textContent = zh[element.dataset.i18n];
  }
}

// This browser's stand-in person, made once: its own openid, and a phone
// number in 170, a block Chinese carriers give to virtual operators, so a
// demo number is unlikely to be anyone's real one.
function identity() {
  const saved = JSON.parse(localStorage.getItem("scan-login-wechat") || "null");
  if (saved && saved.openid && saved.phone) return saved;
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const suffix = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const digits = Array.from(bytes.slice(0, 8), (b) => b % 10).join("");
  const fresh = {
    openid: "o-" + suffix,
    unionid: "",
    nickname: "Demo " + suffix.slice(0, 4),
    photo: "",
    phone: "170" + digits,
    realName: "Demo " + suffix.slice(0, 4),
  };
  localStorage.setItem("scan-login-wechat", JSON.stringify(fresh));
  return fresh;
}

const identityFields = { nickname: "nickname", photo: "photo", openid: "openid" };
Object.assign(identityFields, { unionid: "unionid", phone: "phone", realName: "real-name" });

function bindIdentityFields() {
  const who = identity();
  for (const [key, id] of Object.entries(identityFields)) {
    $(id).value = who[key] || "";
    $(id).addEventListener("change", () => {
      const next = { ...identity(), [key]: $(id).value.trim() };
      localStorage.setItem("scan-login-wechat", JSON.stringify(next));
    });
  }
}

function show(text, kind = "") {
  $("message").textContent = text;
  $("message").className = "message " + kind;
  $("message").hidden = false;
}

function endWith(text, kind) {
  show(text, kind);
  $("request").hidden = true;
}

async function api(path, body) {
  const response = await fetch(path, {
    method: body ? "POST" : "GET",
    headers: body ? { "Content-Type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  const envelope = await response
    .json()
    .catch(() => ({ code: response.status, message: "bad answer" }));
  return { status: response.status, ...envelope };
}

function explain(reply) {
  if (reply.status === 404) return t("unknown");
  if (reply.status === 410) return t("expired");
  if (reply.code === ErrorCode.otherScanner) return t("otherPhone");
  if (reply.status === 409) return t("used");
  return reply.message || t("failed");
}

let scanToken = "";

async function decide(path, extra) {
  $("confirm").disabled = $("cancel").disabled = true;
  const reply = await api(path, { code, scanToken, ...extra });
  if (reply.status === 400) {
    show(reply.message, "error");
    $("confirm").disabled = $("cancel").disabled = false;
    return;
  }
  if (reply.code === SUCCESS_CODE) {
    endWith(path.endsWith("confirm") ? t("loggedIn") : t("cancelled"), "done");
  } else {
    endWith(explain(reply), "error");
  }
}

async function start() {
  bindIdentityFields();
  $("share-phone").addEventListener("change", () => {
    $("phone-fields").hidden = !$("share-phone").checked;
  });
  const context = await api("/api/v2/qrcode/context?code=" + encodeURIComponent(code));
  if (context.code !== SUCCESS_CODE) return endWith(explain(context), "error");
  const data = context.data;
  $("app-name").textContent = data.appName;
  if (data.appLogo) {
    $("app-logo").src = data.appLogo;
    $("app-logo").hidden = false;
  }
  if (data.status === QrStatus.expired) return endWith(explain({ status: 410 }), "error");
  if (data.status === QrStatus.confirmed || data.status === QrStatus.cancelled) {
    return endWith(explain({ status: 409 }), "error");
  }

  $("browser").textContent = data.browser;
  $("ip").textContent = data.ip;
  $("created").textContent = new Date(data.createdAt).toLocaleString();
  $("message").hidden = true;
  $("request").hidden = false;
  $("cancel-early").addEventListener("click", () => endWith(t("cancelledEarly"), "done"));
  $("continue").addEventListener("click", () =>
    reportScan().catch(() => endWith(t("offline"), "error")),
  );
  $("confirm").addEventListener("click", () => {
    const share = $("share-phone").checked;
    decide(
      "/api/v2/qrcode/confirm",
      share ? { phone: $("phone").value.trim(), realName: $("real-name").value.trim() } : {},
    );
  });
  $("cancel").addEventListener("click", () => decide("/api/v2/qrcode/cancel", {}));
  const kept = sessionStorage.getItem("scan-login-token:" + code);
  if (data.status === QrStatus.scanned && kept) {
    scanToken = kept;
    $("step-scan").hidden = true;
    $("step-confirm").hidden = false;
  }
}

// The person's tap: now the PC may learn that this phone scanned (and its
// nickname and avatar).
async function reportScan() {
  $("continue").disabled = $("cancel-early").disabled = true;
  const { openid, unionid, nickname, photo } = identity();
  const wechatUser = { openid, unionid, nickname, photo };
  const scanned = await api("/api/v2/qrcode/scanned", { code, wechatUser });
  if (scanned.code !== 200) return endWith(explain(scanned), "error");
  scanToken = scanned.data.scanToken;
  // A demo scan token is given once: kept for this tab, so a reload can
  // still confirm or cancel.
  sessionStorage.setItem("scan-login-token:" + code, scanToken);
  $("step-scan").hidden = true;
  $("step-confirm").hidden = false;
}

start().catch(() => endWith(t("offline"), "error"));
