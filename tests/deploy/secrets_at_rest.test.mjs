// Secrets at rest (docs/operations.md): a SQLite store's bytes hold
// no app secret, mini program AppSecret or private key; the key made at
// first start (0600) opens it again and old tokens still verify; a wrong or
// missing key, or a key file others can read, is refused at start with a
// message naming the setting, changing nothing; a store an older version
// wrote in clear is rewritten hashed and encrypted, once; PostgreSQL without
// a key is refused.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { generateKeyPairSync, randomBytes } from "node:crypto";
import {
  chmodSync,
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import { createLocalJWKSet, jwtVerify } from "jose";
import {
  client,
  demoSecret,
  freePort,
  login,
  ok,
  runToExit,
  startProcess,
  temporaryDirs,
} from "../browser/deploy-cluster.js";

const folders = temporaryDirs("deploy-secrets");
after(folders.removeAll);
const dataDir = () => folders.make();

const adminToken = randomBytes(18).toString("base64url");
// Each process makes or reads <data-dir>/secrets.key unless a test says otherwise.
const env = { SCAN_LOGIN_ADMIN_TOKEN: adminToken, SCAN_LOGIN_SECRETS_KEY: undefined };
const mpSecret = "mp-app-secret-0123456789abcdef";
const sql = (dir, query) =>
  execFileSync("sqlite3", [path.join(dir, "scan-login.sqlite3"), query], { encoding: "utf8" });
// Every byte SQLite keeps: the database, its WAL and shared memory.
const storeBytes = (dir) =>
  Buffer.concat(
    readdirSync(dir)
      .filter((name) => name.startsWith("scan-login.sqlite3"))
      .map((name) => readFileSync(path.join(dir, name))),
  );
// What the store holds, for "nothing changed".
const dump = (dir) => sql(dir, ".dump");

async function start(dir, extra = [], options = {}) {
  const server = await startProcess(["--data-dir", dir, "--gene-rate", "0", ...extra], {
    env: { ...env, ...options.env },
  });
  return { server, api: client(server.url, { adminToken }) };
}

const via = (api) => ({ gene: api, poll: api, phone: api, exchange: api });

test("a SQLite store keeps no secret in clear; the same key reopens it and old tokens verify", async () => {
  const dir = dataDir();
  let { server, api } = await start(dir);
  let token, jwks, shopSecret;
  try {
    assert.match(
      server.output(),
      /made the secrets key .*secrets\.key.*apart from the store's backups/,
    );
    token = (await login(via(api), { phone: "13800000001" })).user.token;
    const made = ok(
      await api.admin("POST", "/api/v2/admin/applications", {
        appId: "shop",
        mode: "wechat",
        callbackUrls: ["https://shop.example/cb"],
        miniProgram: { appId: "wx-shop", appSecret: mpSecret },
      }),
      "create an app",
    );
    shopSecret = made.appSecret;
    assert.ok(shopSecret.length >= 43, "a made secret has 32 random bytes");
    const listed = ok(await api.admin("GET", "/api/v2/admin/applications"), "list apps");
    const shop = listed.apps.find((app) => app.appId === "shop");
    assert.equal(shop.appSecretSet, true);
    assert.equal(shop.miniProgram.appSecretSet, true);
    assert.ok(!JSON.stringify(listed).includes("sha256:"), "no hash shown as a secret");
    jwks = (await api.jwks()).json;
  } finally {
    assert.deepEqual(await server.stop(), { code: 0, signal: null }, server.output());
  }
  const key = path.join(dir, "secrets.key");
  assert.equal(statSync(key).mode & 0o777, 0o600);
  assert.equal(Buffer.from(readFileSync(key, "utf8").trim(), "base64").length, 32);
  const bytes = storeBytes(dir).toString("latin1");
  for (const secret of [demoSecret, shopSecret, mpSecret, "PRIVATE KEY"]) {
    assert.ok(!bytes.includes(secret), `the store's bytes hold ${secret.slice(0, 12)}...`);
  }
  assert.match(sql(dir, "SELECT doc FROM apps WHERE app_id = 'shop'"), /"appSecretHash":"sha256:/);
  assert.match(sql(dir, "SELECT private_pem FROM signing_keys"), /^enc:v1:[0-9a-f]{8}:/);

  ({ server, api } = await start(dir));
  try {
    assert.doesNotMatch(server.output(), /made the secrets key/);
    const keys = createLocalJWKSet((await api.jwks()).json);
    await jwtVerify(token, keys, { audience: "demo" });
    assert.deepEqual((await api.jwks()).json, jwks, "the same keys after a restart");
    // The backend exchange: the right secret works, a wrong one is refused.
    const right = await login(via(client(server.url, { appId: "demo", secret: demoSecret })));
    assert.ok(right.user.token);
    const wrong = client(server.url, { secret: "demo-secret-change-me!" });
    await assert.rejects(login(via({ ...api, exchange: wrong.exchange })), /40102|HTTP 401/);
    // Rotation shows the new secret once, and only it works afterwards.
    const rotated = ok(
      await api.admin("POST", "/api/v2/admin/applications/shop/secret"),
      "rotate",
    ).appSecret;
    assert.notEqual(rotated, shopSecret);
    const shown = ok(await api.admin("GET", "/api/v2/admin/applications/shop"), "app");
    assert.equal(shown.appSecret, undefined);
    assert.ok(!storeBytes(dir).toString("latin1").includes(rotated));
  } finally {
    assert.deepEqual(await server.stop(), { code: 0, signal: null }, server.output());
  }
});

test("a wrong, missing or exposed key is refused at start, the store unchanged", async () => {
  const dir = dataDir();
  const { server } = await start(dir);
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
  const before = dump(dir);
  const keyFile = path.join(dir, "secrets.key");
  const keyText = readFileSync(keyFile, "utf8");

  const other = randomBytes(32).toString("base64");
  let run = await runToExit(["--data-dir", dir], { env: { SCAN_LOGIN_SECRETS_KEY: other } });
  assert.equal(run.code, 1, run.stderr);
  assert.match(
    run.stderr,
    /the secrets key does not decrypt the stored signing key .*sealed with the key of id [0-9a-f]{8}, this key's id is [0-9a-f]{8}.*is SCAN_LOGIN_SECRETS_KEY the one this store was made with/,
  );
  assert.equal(dump(dir), before);

  const elsewhere = path.join(dataDir(), "kept.key");
  renameSync(keyFile, elsewhere);
  run = await runToExit(["--data-dir", dir], { env: { SCAN_LOGIN_SECRETS_KEY: undefined } });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /holds encrypted secrets but its key .*secrets\.key is missing/);
  assert.ok(!existsSync(keyFile), "no new key was made in its place");
  assert.equal(dump(dir), before);

  // The key given by file: 0644 is refused, 0400 works.
  chmodSync(elsewhere, 0o644);
  run = await runToExit(["--data-dir", dir, "--secrets-key-file", elsewhere], { env });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /--secrets-key-file .*kept\.key: its mode is 0644.*chmod 600/);
  writeFileSync(path.join(dir, "bad.key"), "not base64 of 32 bytes\n", { mode: 0o600 });
  run = await runToExit(["--data-dir", dir, "--secrets-key-file", path.join(dir, "bad.key")], {
    env,
  });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /must be the base64 of 32 random bytes .*head -c 32 \/dev\/urandom/);
  assert.equal(dump(dir), before);
  chmodSync(elsewhere, 0o400);
  const { server: again } = await start(dir, ["--secrets-key-file", elsewhere]);
  assert.deepEqual(await again.stop(), { code: 0, signal: null });
  assert.equal(readFileSync(elsewhere, "utf8"), keyText);
});

test("a store an older version wrote in clear is hashed and encrypted at start, once", async () => {
  const dir = dataDir();
  const { server } = await start(dir);
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
  // What an older version kept: the app secret, the AppSecret and the PEM in clear.
  const legacySecret = "legacy-backend-secret";
  const pem = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
    type: "pkcs8",
    format: "pem",
  });
  const doc = JSON.parse(sql(dir, "SELECT doc FROM apps WHERE app_id = 'demo'"));
  delete doc.appSecretHash;
  doc.appSecret = legacySecret;
  doc.miniProgram.appId = "wx-legacy";
  doc.miniProgram.appSecret = mpSecret;
  const quote = (text) => `'${text.replaceAll("'", "''")}'`;
  sql(
    dir,
    `UPDATE apps SET doc = ${quote(JSON.stringify(doc))} WHERE app_id = 'demo';` +
      `UPDATE signing_keys SET private_pem = ${quote(pem)};`,
  );

  let { server: upgraded, api } = await start(dir);
  try {
    assert.match(upgraded.output(), /2 stored apps and signing keys .* now hashed or encrypted/);
    const user = await login(via(client(upgraded.url, { secret: legacySecret })));
    assert.ok(user.user.token, "the old secret still exchanges");
  } finally {
    assert.deepEqual(await upgraded.stop(), { code: 0, signal: null });
  }
  const stored = sql(dir, "SELECT doc FROM apps WHERE app_id = 'demo'");
  assert.ok(!stored.includes(legacySecret) && !stored.includes(mpSecret), stored);
  assert.match(stored, /"appSecret":"enc:v1:[0-9a-f]{8}:/);
  assert.match(stored, /"appSecretHash":"sha256:[0-9a-f]{64}"/);
  assert.match(sql(dir, "SELECT private_pem FROM signing_keys"), /^enc:v1:/);

  ({ server: upgraded, api } = await start(dir));
  try {
    assert.doesNotMatch(upgraded.output(), /now hashed or encrypted/, "nothing left to migrate");
    assert.ok((await login(via(client(upgraded.url, { secret: legacySecret })))).user.token);
    assert.equal(
      ok(await api.admin("GET", "/api/v2/admin/applications/demo"), "app").miniProgram.appSecretSet,
      true,
    );
  } finally {
    assert.deepEqual(await upgraded.stop(), { code: 0, signal: null });
  }
});

test("a PostgreSQL store without a key is refused before connecting", async () => {
  const port = await freePort();
  const run = await runToExit(["--database", `postgresql://scanlogin@127.0.0.1:${port}/x`], {
    env: { SCAN_LOGIN_SECRETS_KEY: undefined },
  });
  assert.equal(run.code, 1, run.stderr);
  assert.match(run.stderr, /PostgreSQL store needs its secrets key given .*--secrets-key-file/);
});
