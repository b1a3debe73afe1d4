// The hosted login page, served by the server at /login after it checked
// app_id and redirect_uri (an unconfigured redirect_uri never gets here: the
// server answers with its own error page).
//
// Query: app_id, redirect_uri?, state?, mode ("redirect" default | "popup"),
// lang? ("zh-CN" | "en-US"), origin? (popup: the opener's origin, which must
// belong to the app).
// - redirect mode: the <scan-login> element, given redirect-uri, sends the
//   browser to <redirect_uri>?ticket=…&state=… itself.
// - popup mode: the result goes to window.opener with postMessage and an
//   exact targetOrigin, then the popup closes. The ticket is not exchanged
//   here: the opener exchanges it (its backend, or exchangeUserInfo).
import { pageTexts, pickLanguage } from "./texts.js";

const MESSAGE_TYPE = "scan-login:result";
const QR_SIZE = 240;

const query = new URLSearchParams(location.search);
const appId = query.get("app_id") ?? "";
const mode = query.get("mode") === "popup" ? "popup" : "redirect";
const $ = (id) => document.getElementById(id);

main().catch((e) => showMessage(String(e?.message ?? e), "error"));

async function main() {
  const config = await fetchPublicConfig(appId);
  const lang = pickLanguage(query.get("lang"), config?.lang, navigator.languages);
  const texts = pageTexts(lang, config?.name);
  document.documentElement.lang = lang;
  document.title = texts.documentTitle;
  $("login-title").textContent = texts.title;
  $("login-subtitle").textContent = texts.subtitle;
  // The app's name is said once, in the title; the logo beside it is
  // decorative (alt=""), so a screen reader does not repeat the name either.
  if (isSafeImageUrl(config?.logo)) {
    $("brand-logo").src = config.logo;
    $("brand").hidden = false;
  }

  let target = null;
  if (mode === "popup") {
    target = popupTarget(config);
    if (!target.ok) {
      showMessage(texts[target.reason], "error");
      return;
    }
  }

  const element = document.createElement("scan-login");
  element.setAttribute("app-id", appId);
  element.setAttribute("host", location.origin);
  element.setAttribute("lang", lang);
  element.setAttribute("size", String(QR_SIZE));
  element.setAttribute("auto-refresh", "");
  const state = query.get("state");
  if (state) element.setAttribute("state", state);
  if (mode === "redirect") {
    const redirectUri = query.get("redirect_uri") || config?.callbackUrls?.[0];
    if (redirectUri) element.setAttribute("redirect-uri", redirectUri);
    element.addEventListener("success", () => showMessage(texts.redirecting));
  } else {
    element.addEventListener("success", (event) => {
      const { ticket, userInfo } = event.detail ?? {};
      const resultState = state ?? element.state ?? "";
      target.opener.postMessage(
        { type: MESSAGE_TYPE, ticket, userInfo: userInfo ?? {}, state: resultState },
        target.origin,
      );
      showMessage(texts.done);
      window.close();
    });
  }
  $("login-slot").replaceChildren(element);
  await import("/src/element/define.js");
}

/** The app's public part, or null when it cannot be read (the element still works). */
async function fetchPublicConfig(id) {
  try {
    const response = await fetch(`/api/v2/applications/${encodeURIComponent(id)}/public-config`);
    if (!response.ok) return null;
    const envelope = await response.json();
    return envelope?.code === 200 ? envelope.data : null;
  } catch {
    return null;
  }
}

/**
 * Where popup mode may post: the opener's declared origin (query `origin`,
 * else the redirect_uri's), accepted only if it is this server's origin or
 * the origin of one of the app's allowed origins / callback URLs. The
 * browser delivers a message with an exact targetOrigin only to a window of
 * that origin, so a lying `origin` gets nothing.
 */
function popupTarget(config) {
  const opener = window.opener;
  if (!opener) return { ok: false, reason: "noOpener" };
  let declared = query.get("origin");
  if (!declared && query.get("redirect_uri")) declared = originOf(query.get("redirect_uri"));
  const allowed = new Set([location.origin]);
  for (const url of [...(config?.allowedOrigins ?? []), ...(config?.callbackUrls ?? [])]) {
    const origin = originOf(url);
    if (origin) allowed.add(origin);
  }
  const origin = declared ? originOf(declared) : null;
  if (!origin || !allowed.has(origin)) return { ok: false, reason: "originNotAllowed" };
  return { ok: true, opener, origin };
}

function originOf(url) {
  try {
    const { origin, protocol } = new URL(url);
    return protocol === "http:" || protocol === "https:" ? origin : null;
  } catch {
    return null;
  }
}

function isSafeImageUrl(url) {
  if (typeof url !== "string" || url === "") return false;
  if (url.startsWith("data:image/")) return true;
  try {
    const { protocol } = new URL(url, location.origin);
    return protocol === "https:" || (protocol === "http:" && url.startsWith("/"));
  } catch {
    return false;
  }
}

function showMessage(text, kind = "info") {
  const message = $("login-message");
  message.textContent = text;
  message.dataset.kind = kind;
}
