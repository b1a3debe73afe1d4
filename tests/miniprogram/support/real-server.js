// The real scan-login server for the mini program's integration tests, with
// `wechat` apps whose mini programs are registered in the fake WeChat API
// (tests/fake-wechat), and the PC side and site backend spoken over HTTP.
//
//   const server = await startWechatServer({ wechatApiBase: fake.url, apps: [wechatApp({...})] });
//   const pc = pcClient(server.url, app);
//   const { random, qrcodeContent } = await pc.gene();
//   ...
//   await server.stop();
import { Buffer } from "node:buffer";
import { spawnSync } from "node:child_process";
import { createPublicKey, verify } from "node:crypto";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import {
  ok,
  repoRoot,
  request,
  serverBinary,
  startProcess,
  temporaryDir,
} from "../../browser/deploy-cluster.js";

export { ok, request };

/**
 * Throws, telling to build, unless the built server is there and speaks
 * WeChat's API (`--wechat-api-base` in its --help).
 */
export function requireWechatServer() {
  const help = spawnSync(serverBinary, ["--help"], { encoding: "utf8" });
  if (help.error)
    throw new Error(`${serverBinary}: ${help.error.message}; run scripts/build first`);
  // A stale binary fails here instead of skipping the suites that need it.
  if (!/--wechat-api-base/.test(help.stdout + help.stderr)) {
    throw new Error(`${serverBinary} --help has no --wechat-api-base: run scripts/build`);
  }
}

let appCount = 0;

/**
 * A `wechat` app's config entry with its mini program (register the same
 * appid/secret in the fake). `overrides` replace fields.
 */
export function wechatApp(overrides = {}) {
  const n = ++appCount;
  return {
    appId: `mp-site-${n}`,
    appSecret: `mp-site-secret-${n}`,
    name: `Mini Shop ${n}`,
    mode: "wechat",
    logo: "",
    callbackUrls: ["{publicUrl}/callback"],
    allowedOrigins: ["{publicUrl}"],
    miniProgram: { appId: `wxtest${String(n).padStart(10, "0")}`, appSecret: `wx-secret-${n}` },
    qrExpiresIn: 120,
    ticketExpiresIn: 300,
    browserExchange: "proof",
    returnFullUserInfo: false,
    lang: "en-US",
    ...overrides,
  };
}

/**
 * Starts the server binary with a config file made of the shipped one
 * (limits and all) with `apps` instead of its apps, WeChat's API at
 * `wechatApiBase`, a fresh data folder and no rate limit on gene.
 * @returns {Promise<{url: string, stop: () => Promise<void>, output: () => string}>}
 */
export async function startWechatServer({ wechatApiBase, apps, args = [] }) {
  const shipped = JSON.parse(
    readFileSync(path.join(repoRoot, "mock-server/config/default.json"), "utf8"),
  );
  const dir = temporaryDir("miniprogram");
  const configFile = path.join(dir, "config.json");
  writeFileSync(configFile, JSON.stringify({ ...shipped, apps }, null, 2));
  const server = await startProcess([
    "--config",
    configFile,
    "--data-dir",
    path.join(dir, "data"),
    "--wechat-api-base",
    wechatApiBase,
    "--gene-rate",
    "0",
    ...args,
  ]);
  return {
    url: server.url,
    output: server.output,
    async stop() {
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * The PC browser's and the site backend's side of `app` at `baseUrl`: gene,
 * check (optionally a long poll) and the ticket exchange with HTTP Basic
 * appId:appSecret. Each resolves to request()'s {status, headers, text, json}.
 */
export function pcClient(baseUrl, app) {
  return {
    gene: () =>
      request(`${baseUrl}/api/v2/qrcode/gene`, {
        method: "POST",
        headers: { "x-authing-app-id": app.appId },
        body: { scene: "WXAPP_AUTH" },
      }),
    check: (random, { wait, since } = {}) =>
      request(
        `${baseUrl}/api/v2/qrcode/check?random=${encodeURIComponent(random)}` +
          (wait ? `&wait=${wait}&since=${since}` : ""),
        { timeoutMs: ((wait ?? 0) + 10) * 1000 },
      ),
    exchange: (ticket) =>
      request(`${baseUrl}/api/v2/qrcode/userinfo`, {
        method: "POST",
        headers: {
          authorization: `Basic ${Buffer.from(`${app.appId}:${app.appSecret}`).toString("base64")}`,
        },
        body: { ticket },
      }),
    jwks: () => request(`${baseUrl}/.well-known/jwks.json`),
  };
}

/** The scan code of a QR content `<prefix>/m/<code>`. */
export function codeOf(qrcodeContent) {
  return decodeURIComponent(new URL(qrcodeContent).pathname.split("/m/").pop());
}

/**
 * Verifies an RS256 JWT against a JWKS ({keys: [...]}) with Node's crypto
 * and returns its payload; throws when the key is unknown or the signature
 * does not hold.
 */
export function verifiedJwtPayload(token, jwks) {
  const [headerPart, payloadPart, signaturePart] = token.split(".");
  const header = JSON.parse(Buffer.from(headerPart, "base64url").toString("utf8"));
  if (header.alg !== "RS256") throw new Error(`alg ${header.alg}, not RS256`);
  const jwk = jwks.keys.find((k) => k.kid === header.kid);
  if (!jwk) throw new Error(`no key ${header.kid} in the JWKS`);
  const good = verify(
    "RSA-SHA256",
    Buffer.from(`${headerPart}.${payloadPart}`),
    createPublicKey({ key: jwk, format: "jwk" }),
    Buffer.from(signaturePart, "base64url"),
  );
  if (!good) throw new Error("the token's signature does not verify");
  return JSON.parse(Buffer.from(payloadPart, "base64url").toString("utf8"));
}
