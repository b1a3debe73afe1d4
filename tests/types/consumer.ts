// A site's TypeScript, checked by `npm run types:check` under two module
// settings (nodenext/ and bundler/ hold their tsconfig.json): it imports the
// package by name, through its exports map, and uses each public API the way
// integration docs show. Every `@ts-expect-error` line is wrong usage that
// must keep failing, so the check cannot pass with declarations that type
// everything as `any`.
import { POPUP_MESSAGE_TYPE, SDK_VERSION, ScanLoginClient, ScanLoginError } from "scan-login";
import type { QRCodeStatus, ScanningHandle, StartScanningOptions } from "scan-login/sdk";
import { ScanLoginClient as SdkClient } from "scan-login/sdk";
import { TAG_NAME, ScanLoginElement } from "scan-login/element";
import type { ScanLoginElementEventMap, ScanLoginPhase } from "scan-login/element";
import { drawQr } from "scan-login/qr";
import type { DrawQrOptions, DrawQrResult } from "scan-login/qr";
import { ErrorCode, QrStatus, SdkErrorCode } from "scan-login/codes";
import type { ErrorCodeValue, QrStatusValue } from "scan-login/codes";

// The tag map: createElement and querySelector know the element's type.
const tag: "scan-login" = TAG_NAME;
const created: ScanLoginElement = document.createElement("scan-login");
created.appId = "demo";
created.host = "https://login.example.com";
created.redirectUri = "https://site.example/callback";
created.autoExchange = true;
created.size = 320;
created.wait = 0;
created.tips = { title: "Scan to log in", expired: "Expired" };
// @ts-expect-error: the property is appId (the attribute is app-id)
created.appid = "demo";
// @ts-expect-error: size is a number of CSS pixels
created.size = "320";
// @ts-expect-error: tips keys are the texts' keys
created.tips = { titel: "Scan" };
document.body.append(created);

const found = document.querySelector("scan-login");
if (found) {
  found.refresh();
  found.stop();
  const phase: ScanLoginPhase = found.phase;
  // @ts-expect-error: phase is read-only
  found.phase = "idle";
  void phase;
}
for (const element of document.querySelectorAll("scan-login")) element.refresh();
document.querySelector(tag)?.refresh();
const any: Element | null = document.querySelector(".login");
if (any instanceof ScanLoginElement) any.refresh();

// Typed events: the element's own, including `error` (a CustomEvent, not
// HTMLElement's ErrorEvent), and the native ones it inherits.
created.addEventListener("success", (e) => {
  const ticket: string = e.detail.ticket;
  const nickname: string | undefined = e.detail.userInfo.nickname;
  e.preventDefault(); // stays on the page instead of going to redirect-uri
  (void ticket, nickname);
});
created.addEventListener("error", (e) => {
  const code: number = e.detail.code;
  const message: string = e.detail.message;
  (void code, message);
});
created.addEventListener("load", (e) => void e.detail.qrcodeContent.length);
created.addEventListener("scanned", (e) => void e.detail.userInfo.photo);
created.addEventListener("statechange", function (e) {
  const state: ScanLoginPhase = e.detail.state;
  const self: ScanLoginElement = this;
  (void state, self);
});
created.addEventListener("cancel", (e) => void (e.detail satisfies null));
created.addEventListener("click", (e) => void e.clientX);
created.addEventListener("custom-thing", (e) => void e.type);
const onError = (e: ScanLoginElementEventMap["error"]) => void e.detail.code;
created.addEventListener("error", onError, { once: true });
created.removeEventListener("error", onError);
// @ts-expect-error: success's detail has ticket and userInfo, no token
created.addEventListener("success", (e) => void e.detail.token);
// @ts-expect-error: error's detail is {code, message}; ErrorEvent's filename is not there
created.addEventListener("error", (e) => void e.detail.filename);
// @ts-expect-error: a state that does not exist
created.addEventListener("statechange", (e) => void (e.detail.state === "done"));

// The SDK client.
const client = new ScanLoginClient({ appId: "demo", host: "https://login.example.com" });
const options: StartScanningOptions = {
  size: 240,
  onSuccess: (userInfo, ticket) => void (userInfo.nickname, ticket.length),
  onError: (message, detail) => void (message.length, detail.code),
};
const handle: ScanningHandle = client.startScanning("qrcode", options);
const shown: ScanLoginElement = handle.element;
handle.stop();
async function poll(random: string): Promise<QRCodeStatus["status"]> {
  try {
    const status = await client.checkStatus(random, { wait: 25 });
    if (status.ticket) await client.exchangeUserInfo(status.ticket);
    return status.status;
  } catch (e) {
    if (e instanceof ScanLoginError) return e.status === 0 ? -1 : 0;
    throw e;
  }
}
// @ts-expect-error: appId is required
new SdkClient({ host: "https://login.example.com" });
// @ts-expect-error: lang is "zh-CN" or "en-US"
new SdkClient({ appId: "demo", lang: "fr" });
const versions: string[] = [SDK_VERSION, POPUP_MESSAGE_TYPE];

// The QR API.
async function draw(canvas: HTMLCanvasElement): Promise<number> {
  const qrOptions: DrawQrOptions = { size: 200, ecc: "H", logo: null };
  const result: DrawQrResult = await drawQr(canvas, "https://example.com", qrOptions);
  if (!result.ok) return result.error.length;
  return result.modules;
}
// @ts-expect-error: ecc is L, M, Q or H
void drawQr(document.createElement("canvas"), "x", { ecc: "X" });

// The codes (web/src/codes.js): named, with their literal numbers.
const unknownRandom: 40402 = ErrorCode.unknownRandom;
const confirmedStatus: QrStatusValue = QrStatus.confirmed;
const anyCode: ErrorCodeValue = ErrorCode.missingExchangeProof;
created.addEventListener("error", (e) => void (e.detail.code === ErrorCode.loadFailed));
const popupClosed: "popup_closed" = SdkErrorCode.popupClosed;
// @ts-expect-error: no such code name
void ErrorCode.unknownRandm;
// @ts-expect-error: the table is read-only
ErrorCode.unknownRandom = 1;
// @ts-expect-error: 4 is no QR status
const noStatus: QrStatusValue = 4;

void [shown, poll, draw, versions, unknownRandom, confirmedStatus, anyCode, popupClosed, noStatus];
