// Verifies a token of scan-login-server with an independent JWT library
// (jose) from the JWKS alone: starts the server binary given as argv[2] on a
// free loopback port, walks gene -> scanned -> confirm -> userinfo over HTTP,
// then checks signature, kid, issuer, audience and claims. Exit 0 = verified.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";

const binary = process.argv[2];
if (!binary) {
  console.error("usage: node verify_token.mjs <path to scan-login-server>");
  process.exit(2);
}

// A store of its own, removed when this script exits.
const dataDir = mkdtempSync(join(tmpdir(), "scan-login-test-"));
process.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
const server = spawn(binary, ["--port", "0", "--bind", "127.0.0.1", "--data-dir", dataDir], {
  stdio: ["ignore", "pipe", "ignore"],
});
const base = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("no listening line within 10 s")), 10_000);
  createInterface({ input: server.stdout }).once("line", (line) => {
    clearTimeout(timer);
    const match = /^scan-login-server listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(line);
    match ? resolve(match[1]) : reject(new Error(`unexpected first line: ${line}`));
  });
});

async function call(path, body, headers = {}) {
  const response = await fetch(base + path, {
    method: body ? "POST" : "GET",
    headers: body ? { "content-type": "application/json", ...headers } : headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await response.json();
  if (json.code !== undefined && json.code !== 200)
    throw new Error(`${path}: ${JSON.stringify(json)}`);
  return json;
}

try {
  const gene = (
    await call("/api/v2/qrcode/gene", { scene: "WXAPP_AUTH" }, { "x-authing-app-id": "demo" })
  ).data;
  const code = gene.qrcodeContent.split("/m/")[1];
  const wechatUser = { openid: "o-jose", nickname: "Jose", photo: "https://example.com/a.png" };
  const { scanToken } = (await call("/api/v2/qrcode/scanned", { code, wechatUser })).data;
  await call("/api/v2/qrcode/confirm", {
    code,
    scanToken,
    phone: "13800138000",
    realName: "Zhang San",
  });
  const { ticket } = (await call(`/api/v2/qrcode/check?random=${gene.random}`)).data;
  const user = (
    await call(
      "/api/v2/qrcode/userinfo",
      { ticket },
      { "x-authing-app-secret": "demo-secret-change-me" },
    )
  ).data;

  const jwks = await call("/.well-known/jwks.json");
  const keySet = createLocalJWKSet(jwks);
  const { payload, protectedHeader } = await jwtVerify(user.token, keySet, {
    issuer: base,
    audience: "demo",
    algorithms: ["RS256"],
  });
  const expect = (ok, what) => {
    if (!ok) throw new Error(`claim check failed: ${what}`);
  };
  expect(protectedHeader.kid === jwks.keys[0].kid, "kid matches the JWKS");
  expect(payload.sub === user.id, "sub is the user id");
  expect(
    payload.phone_number === "13800138000" && payload.phone_number_verified === false,
    "phone (asserted by the stand-in page: not verified)",
  );
  expect(payload.name === "Zhang San" && payload.nickname === "Jose", "names");
  expect(payload.picture === wechatUser.photo, "picture");
  expect(payload.exp > payload.iat, "exp after iat");

  // A tampered payload must not verify.
  const [h, , s] = user.token.split(".");
  const forged = Buffer.from(JSON.stringify({ ...payload, sub: "someone-else" })).toString(
    "base64url",
  );
  const refused = await jwtVerify(`${h}.${forged}.${s}`, keySet).then(
    () => false,
    () => true,
  );
  expect(refused, "a tampered token is refused");
  console.log(`token verified by jose with kid ${decodeProtectedHeader(user.token).kid}`);
} catch (error) {
  console.error(String(error));
  process.exitCode = 1;
} finally {
  server.kill("SIGTERM");
}
