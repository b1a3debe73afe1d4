// The login demo on the home page: <scan-login> for the "demo" app, sending
// the browser to this origin's /callback (played by the server as the site's
// backend). The event list shows what the element dispatches.
import "../src/element/define.js";

const login = document.getElementById("login");
const events = document.getElementById("events");
const phoneLink = document.getElementById("phone-link");
const phoneWait = document.getElementById("phone-wait");
const langSelect = document.getElementById("lang");

login.redirectUri = `${location.origin}/callback`;

// The site's own check against login CSRF: the state travels with the login
// and comes back on the callback, where the site's backend (here the
// server's /callback) compares it with what this page stored in a cookie
// before the login started. A callback link made by someone else carries a
// state this browser never stored, and is refused. One login per browser at
// a time: a second tab's state replaces the first's.
const state = Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) =>
  b.toString(16).padStart(2, "0"),
).join("");
login.state = state;
document.cookie =
  `scan_login_demo_state=${encodeURIComponent(state)}; Path=/callback; SameSite=Lax` +
  (location.protocol === "https:" ? "; Secure" : "");

// Event details as JSON, with the ISO 8601 instants in them (a full user's
// registeredAt, lastLoginAt) shown as dates in the visitor's locale and zone.
const isoInstant = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const localDate = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "medium" });
const readable = (detail) =>
  JSON.stringify(detail, (key, value) =>
    typeof value === "string" && isoInstant.test(value) ? localDate.format(new Date(value)) : value,
  );

for (const type of ["load", "scanned", "success", "cancel", "expired", "error", "statechange"]) {
  login.addEventListener(type, (event) => {
    const item = document.createElement("li");
    const detail = event.detail == null ? "" : ` ${readable(event.detail)}`;
    item.textContent = `${new Date().toLocaleTimeString()} ${type}${detail}`;
    events.prepend(item);
    while (events.children.length > 50) events.lastElementChild.remove();
  });
}

login.addEventListener("load", (event) => {
  phoneLink.href = event.detail.qrcodeContent;
  phoneLink.hidden = false;
  phoneWait.hidden = true;
});

langSelect.addEventListener("change", () => {
  if (langSelect.value) login.lang = langSelect.value;
  else login.removeAttribute("lang");
});
