// The phone side of a login, driven over HTTP as the mini program (or the
// server's /m/<code> page) would: the scan code comes from the QR pixels on
// the PC page's canvas, decoded with jsQR in Node, never from the page's DOM.
//
//   import { readQr, codeFromQr, Phone } from "./phone.js";
//   const url = await readQr(page.locator("scan-login canvas"));   // ".../m/<code>"
//   const phone = new Phone(server.url, { nickname: "Ada" });
//   await phone.scan(codeFromQr(url));
//   await phone.confirm({ phone: "13800000000" });
//
// Plain Node (fetch + jsqr), usable from Playwright tests and bench scripts.
import jsQR from "jsqr";

let userCount = 0;

/**
 * Reads the canvas that `canvas` (a Playwright Locator or ElementHandle of a
 * <canvas>, shadow DOM included) shows and decodes it as a QR code.
 * @returns {Promise<string | null>} the UTF-8 text, or null when the canvas
 *   holds no readable code (blank, covered pixels, mid-draw).
 */
export async function readQr(canvas) {
  const { width, height, base64 } = await canvas.evaluate((c) => {
    const { data } = c.getContext("2d").getImageData(0, 0, c.width, c.height);
    let binary = "";
    for (let i = 0; i < data.length; i += 0x8000) {
      binary += String.fromCharCode.apply(null, data.subarray(i, i + 0x8000));
    }
    return { width: c.width, height: c.height, base64: btoa(binary) };
  });
  if (!width || !height) return null;
  const pixels = new Uint8ClampedArray(Buffer.from(base64, "base64"));
  const found = jsQR(pixels, width, height, { inversionAttempts: "dontInvert" });
  return found ? new TextDecoder().decode(new Uint8Array(found.binaryData)) : null;
}

/**
 * Waits until the canvas shows a readable code other than `previous` and
 * returns its text. Rejects after `timeout` ms with the last text seen.
 */
export async function waitForQr(canvas, { previous = null, timeout = 10_000 } = {}) {
  const deadline = Date.now() + timeout;
  let text = null;
  for (;;) {
    text = await readQr(canvas);
    if (text && text !== previous) return text;
    if (Date.now() > deadline) {
      throw new Error(`no new QR code on the canvas within ${timeout} ms (last: ${text})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The scan code in a QR text `<public URL>/m/<code>[?…]`.
 * @throws {Error} when the text is not such a URL.
 */
export function codeFromQr(text) {
  const match = /\/m\/([^/?#]+)/.exec(new URL(text).pathname);
  if (!match) throw new Error(`not a phone URL: ${text}`);
  return decodeURIComponent(match[1]);
}

/**
 * A phone with a WeChat user. Each instance gets its own openid unless given.
 * Methods resolve to the server's parsed envelope `{status, body}` and reject
 * only on network failure; `scan`/`confirm`/`cancel` throw when the server
 * refuses (status not 200), unless called through `post` directly.
 */
export class Phone {
  /**
   * @param {string} serverUrl base URL, e.g. http://127.0.0.1:41234
   * @param {{openid?: string, unionid?: string, nickname?: string, photo?: string}} [wechatUser]
   */
  constructor(serverUrl, wechatUser = {}) {
    this.serverUrl = serverUrl.replace(/\/$/, "");
    userCount++;
    this.wechatUser = {
      openid: `test-openid-${process.pid}-${userCount}-${Date.now()}`,
      nickname: `Tester ${userCount}`,
      photo: "",
      ...wechatUser,
    };
    this.code = null;
    this.scanToken = null;
  }

  /**
   * POST /api/v2/qrcode/scanned: status 0 -> 1. Keeps the `scanToken` the
   * server answers with (docs/server.md), which confirm and cancel send back.
   */
  async scan(code) {
    this.code = code;
    const answer = await this.#ok("scanned", { code, wechatUser: this.wechatUser });
    this.scanToken = answer.body.data?.scanToken ?? null;
    return answer;
  }

  /** POST /api/v2/qrcode/confirm: status 1 -> 2. */
  async confirm({ phone, realName } = {}) {
    const body = { code: this.#code(), scanToken: this.scanToken };
    if (phone !== undefined) body.phone = phone;
    if (realName !== undefined) body.realName = realName;
    return this.#ok("confirm", body);
  }

  /** POST /api/v2/qrcode/cancel: status 0 or 1 -> 3; `code` defaults to the scanned one. */
  async cancel(code = this.#code()) {
    const body = { code };
    if (this.scanToken && code === this.code) body.scanToken = this.scanToken;
    return this.#ok("cancel", body);
  }

  /** Any phone endpoint, without checking the answer. */
  async post(action, body) {
    const response = await fetch(`${this.serverUrl}/api/v2/qrcode/${action}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: await response.json().catch(() => null) };
  }

  #code() {
    if (!this.code) throw new Error("scan a code first");
    return this.code;
  }

  async #ok(action, body) {
    const answer = await this.post(action, body);
    if (answer.status !== 200 || answer.body?.code !== 200) {
      throw new Error(`${action} refused: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
    }
    return answer;
  }
}

/**
 * The website backend's side: exchanges a ticket with the app secret.
 * @returns {Promise<{status: number, body: any}>}
 */
export async function exchangeTicket(
  serverUrl,
  ticket,
  { appId = "demo", secret = "demo-secret-change-me" } = {},
) {
  const response = await fetch(`${serverUrl.replace(/\/$/, "")}/api/v2/qrcode/userinfo`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-authing-app-id": appId,
      "x-authing-app-secret": secret,
    },
    body: JSON.stringify({ ticket }),
  });
  return { status: response.status, body: await response.json().catch(() => null) };
}
