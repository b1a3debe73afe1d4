// The console (/console): the operator's view of this server through the
// admin API: apps (create, edit, rotate the secret, delete), users and the
// audit log. Tabs are addressed by the URL's hash (#apps, #users,
// #users/<id>, #audit, #audit?appId=&userId=), so Back works and a user's
// page can be linked. zh-CN and en-US: console-i18n.js.

import { adminToken, setAdminToken } from "./console-api.js";
import { showApps } from "./console-apps.js";
import { showAudit } from "./console-audit.js";
import { say, sayFailure } from "./console-dom.js";
import { applyTexts, currentLanguage, LANGUAGES, MESSAGES, setLanguage } from "./console-i18n.js";
import { showUser, showUserList } from "./console-users.js";

const $ = (id) => document.getElementById(id);
const views = { apps: $("apps-view"), users: $("users-view"), audit: $("audit-view") };
let appsShown = false;

function pickTab(name) {
  for (const [tab, view] of Object.entries(views)) view.hidden = tab !== name;
  for (const link of document.querySelectorAll("#tabs a")) {
    if (link.dataset.tab === name) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

/** Shows the tab the hash names; the token must have worked already. */
async function route() {
  const [path, search = ""] = location.hash.slice(1).split("?");
  const [tab, ...rest] = path.split("/");
  const params = Object.fromEntries(new URLSearchParams(search));
  if (tab === "users") {
    pickTab("users");
    if (rest.length) return showUser(views.users, decodeURIComponent(rest.join("/")));
    return showUserList(views.users);
  }
  if (tab === "audit") {
    pickTab("audit");
    return showAudit(views.audit, params);
  }
  pickTab("apps");
  if (!appsShown) await loadApps();
}

/** Loads the apps with the token; the tabs open once it is accepted. */
async function loadApps() {
  const reply = await showApps(views.apps);
  if (!reply.ok) {
    $("tabs").hidden = true;
    for (const view of Object.values(views)) view.hidden = true;
    return sayFailure($("message"), reply);
  }
  appsShown = true;
  $("message").hidden = true;
  $("tabs").hidden = false;
}

const languages = $("language");
languages.replaceChildren(
  ...LANGUAGES.map((lang) => new Option(MESSAGES[lang].languageName, lang)),
);
languages.value = currentLanguage();
languages.addEventListener("change", () => setLanguage(languages.value));
document.documentElement.lang = currentLanguage();
applyTexts(document.documentElement);

$("login").addEventListener("submit", async (event) => {
  event.preventDefault();
  setAdminToken($("token").value);
  appsShown = false;
  await loadApps();
  if (appsShown) route();
});
window.addEventListener("hashchange", () => appsShown && route());
if (adminToken()) {
  $("token").value = adminToken();
  loadApps().then(() => appsShown && route());
} else {
  say($("message"), "login.needed", "info");
}
