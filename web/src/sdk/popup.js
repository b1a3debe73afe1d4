// loginWithPopup: the hosted login page (/login on the server) in a popup.
// The page posts {type: "scan-login:result", ticket, userInfo, state} to this
// window with an exact targetOrigin after checking our origin against the
// app's configuration; here a message counts only when it comes from the
// popup itself on the server's origin and carries our state.
import { ScanLoginError } from "./http.js";
import { SdkErrorCode } from "../codes.js";

/** Message type the hosted page posts; ./index.d.ts documents its shape. */
export const POPUP_MESSAGE_TYPE = "scan-login:result";
const POPUP_WIDTH = 585;
const POPUP_HEIGHT = 649;
const CLOSED_POLL_MS = 250;

/**
 * @param {import("./scan-login-client.js").ScanLoginClient} client
 * @param {{redirectUri?: string, state?: string, lang?: string, timeout?: number}} options
 *   timeout in ms (default: none, the user may take as long as they like)
 */
export function loginWithPopup(client, { redirectUri, state, lang, timeout } = {}) {
  const expectedState = state ?? randomState();
  const hostOrigin = new URL(client.host).origin;
  const url = new URL(`${client.host}/login`);
  url.searchParams.set("app_id", client.appId);
  if (redirectUri) url.searchParams.set("redirect_uri", redirectUri);
  url.searchParams.set("state", expectedState);
  url.searchParams.set("mode", "popup");
  url.searchParams.set("origin", location.origin);
  const language = lang ?? client.lang;
  if (language) url.searchParams.set("lang", language);

  // window.open must run in the click's task, before any await.
  const popup = window.open(url.href, "scan-login", popupFeatures());
  if (!popup) {
    return Promise.reject(
      new ScanLoginError("the browser blocked the login popup; call loginWithPopup from a click", {
        code: SdkErrorCode.popupBlocked,
      }),
    );
  }

  return new Promise((resolve, reject) => {
    let closedTimer = 0;
    let timeoutTimer = 0;
    const finish = (settle, value) => {
      window.removeEventListener("message", onMessage);
      clearInterval(closedTimer);
      clearTimeout(timeoutTimer);
      settle(value);
    };
    const onMessage = (event) => {
      if (event.origin !== hostOrigin || event.source !== popup) return;
      const data = event.data;
      if (!data || typeof data !== "object" || data.type !== POPUP_MESSAGE_TYPE) return;
      if (data.state !== expectedState) return;
      if (!popup.closed) popup.close();
      if (data.error) {
        finish(
          reject,
          new ScanLoginError(String(data.error.message ?? "login failed"), {
            code: data.error.code ?? SdkErrorCode.loginFailed,
          }),
        );
        return;
      }
      finish(resolve, { ticket: data.ticket, userInfo: data.userInfo ?? {}, state: data.state });
    };
    window.addEventListener("message", onMessage);
    closedTimer = setInterval(() => {
      if (popup.closed) {
        finish(
          reject,
          new ScanLoginError("the login window was closed before the login finished", {
            code: SdkErrorCode.popupClosed,
          }),
        );
      }
    }, CLOSED_POLL_MS);
    if (timeout > 0) {
      timeoutTimer = setTimeout(() => {
        if (!popup.closed) popup.close();
        finish(
          reject,
          new ScanLoginError(`no login within ${timeout} ms; the popup was closed`, {
            code: SdkErrorCode.popupTimeout,
          }),
        );
      }, timeout);
    }
  });
}

function popupFeatures() {
  const left = Math.max(0, Math.round((screen.availWidth ?? screen.width) / 2 - POPUP_WIDTH / 2));
  const top = Math.max(0, Math.round((screen.availHeight ?? screen.height) / 2 - POPUP_HEIGHT / 2));
  return `popup=yes,width=${POPUP_WIDTH},height=${POPUP_HEIGHT},left=${left},top=${top}`;
}

/** 128 bits from crypto.getRandomValues, base64url. */
export function randomState() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}
