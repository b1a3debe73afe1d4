// The console (/console): edits each app through the admin API. The token
// stays in this tab (sessionStorage); secrets are write-only.

const $ = (id) => document.getElementById(id);
const lines = (text) =>
  text
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);

function token() {
  return sessionStorage.getItem("scan-login-admin-token") || "";
}

async function api(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: {
      Authorization: "Bearer " + token(),
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  return response.json().catch(() => ({ code: response.status, message: "bad answer" }));
}

function say(element, text, kind) {
  element.textContent = text;
  element.className = "message " + kind;
  element.hidden = false;
}

function fill(form, app) {
  form.querySelector("h2").textContent = app.name + " (" + app.appId + ")";
  form.name.value = app.name;
  form.logo.value = app.logo || "";
  form.callbackUrls.value = app.callbackUrls.join("\n");
  form.allowedOrigins.value = app.allowedOrigins.join("\n");
  form.mode.value = app.mode;
  form.mpAppId.value = app.miniProgram.appId;
  form.mpQrUrlPrefix.value = app.miniProgram.qrUrlPrefix;
  form.mpVerificationName.value = app.miniProgram.verificationFile.name;
  form.querySelector(".mp-file-set").textContent = app.miniProgram.verificationFile.contentSet
    ? "set"
    : "not set";
  form.querySelector(".mp-set").textContent = app.miniProgram.appSecretSet ? "set" : "not set";
  form.querySelector(".app-set").textContent = app.appSecretSet ? "set" : "not set";
  form.qrExpiresIn.value = app.qrExpiresIn;
  form.ticketExpiresIn.value = app.ticketExpiresIn;
  form.browserExchange.value = app.browserExchange;
  form.returnFullUserInfo.checked = app.returnFullUserInfo;
  form.lang.value = app.lang;
}

function render(app) {
  const form = $("app-form").content.firstElementChild.cloneNode(true);
  fill(form, app);
  form.querySelector("[name=logo-file]").addEventListener("change", (event) => {
    const file = event.target.files[0];
    if (!file) return;
    const reader = new FileReader();
    reader.onload = () => (form.logo.value = reader.result);
    reader.readAsDataURL(file);
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const update = {
      name: form.name.value.trim(),
      logo: form.logo.value.trim(),
      callbackUrls: lines(form.callbackUrls.value),
      allowedOrigins: lines(form.allowedOrigins.value),
      mode: form.mode.value,
      miniProgram: {
        appId: form.mpAppId.value.trim(),
        qrUrlPrefix: form.mpQrUrlPrefix.value.trim(),
      },
      qrExpiresIn: Number(form.qrExpiresIn.value),
      ticketExpiresIn: Number(form.ticketExpiresIn.value),
      browserExchange: form.browserExchange.value,
      returnFullUserInfo: form.returnFullUserInfo.checked,
      lang: form.lang.value.trim(),
    };
    if (form.mpAppSecret.value) update.miniProgram.appSecret = form.mpAppSecret.value;
    const verificationFile = { name: form.mpVerificationName.value.trim() };
    if (form.mpVerificationContent.value)
      verificationFile.content = form.mpVerificationContent.value;
    update.miniProgram.verificationFile = verificationFile;
    if (form.appSecret.value) update.appSecret = form.appSecret.value;
    const reply = await api(
      "PUT",
      "/api/v2/applications/" + encodeURIComponent(app.appId) + "/config",
      update,
    );
    const status = form.querySelector(".message");
    if (reply.code === 200) {
      form.mpAppSecret.value = form.appSecret.value = form.mpVerificationContent.value = "";
      fill(form, reply.data);
      say(status, "Saved.", "done");
    } else {
      say(status, reply.message, "error");
    }
  });
  return form;
}

async function load() {
  const reply = await api("GET", "/api/v2/admin/applications");
  if (reply.code !== 200) return say($("message"), reply.message, "error");
  $("message").hidden = true;
  $("apps").replaceChildren(...reply.data.apps.map(render));
}

$("login").addEventListener("submit", (event) => {
  event.preventDefault();
  sessionStorage.setItem("scan-login-admin-token", $("token").value);
  load();
});
if (token()) {
  $("token").value = token();
  load();
}
