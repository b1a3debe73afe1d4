// startScanning: GenAuth's `wxqrcode.startScanning(domId, options)` on top of
// the <scan-login> element. The element does the work (code, QR, long poll,
// overlays, retry); this module only creates it and translates its events
// into GenAuth's callbacks with GenAuth's argument shapes:
//
//   onStart(handle)                 the element is in the page, loading starts
//                                   (GenAuth passes its polling timer; ours is
//                                   the handle, whose stop() ends polling)
//   onCodeLoaded(random, url, {qrcodeContent})  a code was made and drawn (`load`)
//   onCodeShow(random, url, {qrcodeContent})    right after: the code is on screen
//   onResult({status, ...})         every status change: 0 waiting, 1 scanned,
//                                   2 confirmed, 3 cancelled, -1 expired
//   onScanned(userInfo)             {nickname, photo}
//   onSuccess(userInfo, ticket)     full userInfo when autoExchangeUserInfo
//                                   and the app allows browser exchange
//   onCancel() onExpired() onRetry()
//   onError(message, {code, message})          any failure
//   onCodeLoadFailed(error)         no code could be shown (an Error with code)
//
// random and url are null: the element keeps the poll key to itself and
// draws the QR from its content, never from an image URL; a third argument
// carries the content (the phone's URL) instead.
import { ScanLoginError } from "./http.js";
import { QrStatus, SdkErrorCode } from "../codes.js";

/** GenAuth's onResult status (QrStatus) of each element phase that has one. */
const STATUS_BY_STATE = {
  "showing-code": QrStatus.waiting,
  scanned: QrStatus.scanned,
  confirmed: QrStatus.confirmed,
  cancelled: QrStatus.cancelled,
  expired: QrStatus.expired,
};

/**
 * The element's texts already use GenAuth's tip names (title, scanned,
 * succeed, canceled, expired, retry, failed); these two have no text of
 * their own in the element and land on the nearest one.
 */
const TIP_ALIASES = { middleTitle: "scanned", referText: "retry" };

/**
 * @param {import("./scan-login-client.js").ScanLoginClient} client
 * @param {string|HTMLElement} domIdOrElement the container; when no element
 *   has that id, one is made, fixed in the middle of the page at
 *   `containerSize`, as GenAuth does
 * @param {import("./index").StartScanningOptions} options
 * @returns {import("./index").ScanningHandle}
 */
export function startScanning(client, domIdOrElement, options = {}) {
  const container = resolveContainer(domIdOrElement, options.containerSize);
  const element = document.createElement("scan-login");
  element.setAttribute("app-id", client.appId);
  element.setAttribute("host", client.host);
  if (client.lang) element.setAttribute("lang", client.lang);
  const size = sizeOf(options.size);
  if (size) element.setAttribute("size", String(size));
  if (options.autoExchangeUserInfo) element.setAttribute("auto-exchange", "");
  if (options.autoRefresh) element.setAttribute("auto-refresh", "");
  if (options.redirectUri) element.setAttribute("redirect-uri", options.redirectUri);
  if (options.state) element.setAttribute("state", options.state);
  const interval = Number(options.interval);
  if (interval > 0) element.setAttribute("interval", String(Math.round(interval)));
  const tips = mapTips(options.tips);
  if (tips) element.setAttribute("tips", JSON.stringify(tips));

  const call = (name, ...args) => {
    const callback = options[name];
    if (typeof callback !== "function") return;
    try {
      callback(...args);
    } catch (e) {
      // A throwing callback must not break the element's event dispatch.
      (globalThis.reportError ?? console.error)(e);
    }
  };

  let shownOnce = false;
  let lastState = "";
  let stopped = false;
  const listeners = {
    load(event) {
      shownOnce = true;
      const detail = { qrcodeContent: event.detail?.qrcodeContent ?? "" };
      call("onCodeLoaded", null, null, detail);
      call("onCodeShow", null, null, detail);
    },
    scanned(event) {
      call("onScanned", event.detail?.userInfo ?? {});
    },
    success(event) {
      call("onSuccess", event.detail?.userInfo ?? {}, event.detail?.ticket);
    },
    cancel() {
      call("onCancel");
    },
    expired() {
      call("onExpired");
    },
    error(event) {
      const { code, message } = event.detail ?? {};
      const text = String(message ?? "login failed");
      call("onError", text, { code, message: text });
      if (!shownOnce) call("onCodeLoadFailed", new ScanLoginError(text, { code }));
    },
    statechange(event) {
      const state = event.detail?.state;
      if (
        state === "loading" &&
        (lastState === "cancelled" || lastState === "expired" || lastState === "error")
      ) {
        call("onRetry");
      }
      lastState = state;
      if (state in STATUS_BY_STATE) call("onResult", { status: STATUS_BY_STATE[state], state });
    },
  };
  for (const [type, listener] of Object.entries(listeners))
    element.addEventListener(type, listener);

  const handle = {
    element,
    /** Stops every timer and request and removes the element. Idempotent. */
    stop() {
      if (stopped) return;
      stopped = true;
      for (const [type, listener] of Object.entries(listeners)) {
        element.removeEventListener(type, listener);
      }
      element.stop?.();
      element.remove();
    },
    /** A new code now (as the element's refresh button). */
    refresh() {
      if (!stopped) element.refresh?.();
    },
  };

  call("onStart", handle);
  container.replaceChildren(element);
  import("../element/define.js").catch((e) => {
    const error = new ScanLoginError(`could not load the <scan-login> element: ${e.message}`, {
      code: SdkErrorCode.elementLoadFailed,
      cause: e,
    });
    call("onError", error.message, { code: error.code, message: error.message });
    call("onCodeLoadFailed", error);
  });
  return handle;
}

function resolveContainer(domIdOrElement, containerSize) {
  if (domIdOrElement && typeof domIdOrElement === "object" && domIdOrElement.nodeType === 1) {
    return domIdOrElement;
  }
  const id = String(domIdOrElement ?? "");
  const found = id ? document.getElementById(id) : null;
  if (found) return found;
  const width = containerSize?.width ?? 300;
  const height = containerSize?.height ?? 300;
  const node = document.createElement("div");
  if (id) node.id = id;
  Object.assign(node.style, {
    position: "fixed",
    zIndex: "65535",
    left: "50%",
    top: "50%",
    width: `${width}px`,
    height: `${height}px`,
    marginLeft: `${-width / 2}px`,
    marginTop: `${-height / 2}px`,
    display: "flex",
    alignItems: "center",
    justifyContent: "center",
    background: "#fff",
    border: "1px solid #ccc",
  });
  document.body.append(node);
  return node;
}

/** GenAuth's size is {width, height}; the element draws a square. */
function sizeOf(size) {
  if (typeof size === "number") return size > 0 ? Math.round(size) : 0;
  if (size && typeof size === "object") {
    const side = Math.min(Number(size.width) || Infinity, Number(size.height) || Infinity);
    return Number.isFinite(side) && side > 0 ? Math.round(side) : 0;
  }
  return 0;
}

function mapTips(tips) {
  if (!tips || typeof tips !== "object") return null;
  const mapped = {};
  for (const [key, text] of Object.entries(tips)) {
    if (typeof text !== "string") continue;
    mapped[TIP_ALIASES[key] ?? key] = text;
  }
  return mapped;
}
