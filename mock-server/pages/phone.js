// The phone page (/m/<code>): plays the mini program. Looks up the code's
// context, reports the scan with a simulated WeChat identity, then confirms
// or cancels with the scan token the server returned.

const code = decodeURIComponent(location.pathname.split("/m/")[1] || "");
const $ = (id) => document.getElementById(id);

function identity() {
  const saved = JSON.parse(localStorage.getItem("scan-login-wechat") || "null");
  if (saved && saved.openid) return saved;
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  const suffix = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  const fresh = { openid: "o-" + suffix, unionid: "", nickname: "微信用户", photo: "" };
  localStorage.setItem("scan-login-wechat", JSON.stringify(fresh));
  return fresh;
}

function bindIdentityFields() {
  const who = identity();
  for (const field of ["nickname", "photo", "openid", "unionid"]) {
    $(field).value = who[field] || "";
    $(field).addEventListener("change", () => {
      const next = { ...identity(), [field]: $(field).value.trim() };
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
  if (reply.status === 404)
    return "This code is unknown. Refresh the QR code on your computer and scan again.";
  if (reply.status === 410)
    return "This code has expired. Refresh the QR code on your computer and scan again.";
  if (reply.code === 40903) return "Another phone already scanned this code.";
  if (reply.status === 409) return "This code was already used.";
  return reply.message || "Something went wrong. Try again.";
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
  if (reply.code === 200) {
    endWith(
      path.endsWith("confirm")
        ? "Logged in on your computer. You can close this page."
        : "Login cancelled.",
      "done",
    );
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
  if (context.code !== 200) return endWith(explain(context), "error");
  const data = context.data;
  $("app-name").textContent = data.appName;
  if (data.appLogo) {
    $("app-logo").src = data.appLogo;
    $("app-logo").hidden = false;
  }
  if (data.status === -1) return endWith(explain({ status: 410 }), "error");
  if (data.status === 2 || data.status === 3) return endWith(explain({ status: 409 }), "error");

  const who = identity();
  const scanned = await api("/api/v2/qrcode/scanned", { code, wechatUser: who });
  if (scanned.code !== 200) return endWith(explain(scanned), "error");
  scanToken = scanned.data.scanToken;

  $("browser").textContent = data.browser;
  $("ip").textContent = data.ip;
  $("created").textContent = new Date(data.createdAt).toLocaleString();
  $("message").hidden = true;
  $("request").hidden = false;
  $("confirm").addEventListener("click", () => {
    const share = $("share-phone").checked;
    decide(
      "/api/v2/qrcode/confirm",
      share ? { phone: $("phone").value.trim(), realName: $("real-name").value.trim() } : {},
    );
  });
  $("cancel").addEventListener("click", () => decide("/api/v2/qrcode/cancel", {}));
}

start().catch(() =>
  endWith("The server cannot be reached. Check your connection and scan again.", "error"),
);
