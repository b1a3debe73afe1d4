// One process on a SQLite data folder loses nothing when it stops, even by
// SIGKILL in the middle of a login: the code and its scan, accounts (same
// id for the same phone), console edits, the admin token and the signing
// key (a token issued before still verifies against the JWKS served after).
import assert from "node:assert/strict";
import { rmSync } from "node:fs";
import { after, test } from "node:test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import {
  client,
  codeOf,
  login,
  ok,
  startProcess,
  temporaryDir,
  waitForHeldPolls,
} from "../browser/deploy-cluster.js";

const dataDir = temporaryDir("deploy-sqlite");
after(() => rmSync(dataDir, { recursive: true, force: true }));

// The admin token is generated at first start and kept in the store: no
// SCAN_LOGIN_ADMIN_TOKEN here.
const env = { SCAN_LOGIN_ADMIN_TOKEN: undefined };
const adminLine = /admin token ([A-Za-z0-9_-]{16,})/;

async function start(port) {
  const args = ["--data-dir", dataDir, "--gene-rate", "0"];
  if (port) args.push("--port", String(port));
  const server = await startProcess(args, { env });
  const [, adminToken] = await server.waitForOutput(adminLine);
  return { server, adminToken, api: client(server.url, { adminToken }) };
}

test("SIGTERM answers a held long poll, SIGKILL mid-login loses nothing", async () => {
  let { server, adminToken, api } = await start();
  const via = { gene: api, poll: api, phone: api, exchange: api };
  try {
    // Before the crash: a first login with this phone number, a console edit.
    const first = await login(via, { phone: "13900000001" });
    const firstToken = first.user.token;
    ok(
      await api.admin("PUT", "/api/v2/admin/applications/demo", { name: "Renamed before crash" }),
      "rename the demo app",
    );

    // A graceful stop answers the held poll with the current status, exits 0.
    const waiting = ok(await api.gene(), "gene");
    const held = api.check(waiting.random, { wait: 20, since: 0 });
    await waitForHeldPolls(api, 1);
    const stopped = server.stop();
    const answered = ok(await held, "held poll during SIGTERM");
    assert.equal(answered.status, 0);
    assert.deepEqual(await stopped, { code: 0, signal: null }, server.output());

    ({ server, api } = await restartOn(server.port));
    via.gene = via.poll = via.phone = via.exchange = api;

    // Mid-login: generated and scanned, then the process is killed.
    const gene = ok(await api.gene(), "gene");
    const code = codeOf(gene.qrcodeContent);
    const scannedPoll = api.check(gene.random, { wait: 20, since: 0 });
    const { scanToken } = ok(
      await api.scanned(code, { openid: "deploy-sqlite-crash", nickname: "Crash" }),
      "scanned",
    );
    assert.equal(ok(await scannedPoll, "poll after scan").status, 1);
    const heldAtCrash = api.check(gene.random, { wait: 20, since: 1 }).then(
      (answer) => ({ answer }),
      (error) => ({ error }),
    );
    await waitForHeldPolls(api, 1);
    assert.deepEqual(await server.kill(), { code: null, signal: "SIGKILL" });
    const crashed = await heldAtCrash;
    assert.ok(crashed.error, `a killed process answers nothing: ${JSON.stringify(crashed)}`);

    const restarted = await start(server.port);
    ({ server, api } = restarted);
    assert.equal(restarted.adminToken, adminToken, "the admin token survives the crash");

    // The PC's poll continues on the same random; the phone confirms.
    const check = ok(await api.check(gene.random), "check after restart");
    assert.equal(check.status, 1);
    assert.equal(check.userInfo?.nickname, "Crash");
    const confirmedPoll = api.check(gene.random, { wait: 20, since: 1 });
    ok(await api.confirm(code, scanToken, { phone: "13900000001" }), "confirm after restart");
    const confirmed = ok(await confirmedPoll, "poll after confirm");
    assert.equal(confirmed.status, 2);
    const user = ok(await api.exchange(confirmed.ticket), "exchange after restart");
    assert.equal(user.id, first.user.id, "the same phone number is the same account");
    assert.equal(user.loginsCount, first.user.loginsCount + 1);

    // The console edit and the signing key survived.
    const app = ok(await api.admin("GET", "/api/v2/admin/applications/demo"), "admin app");
    assert.equal(app.name, "Renamed before crash");
    const jwks = (await api.jwks()).json;
    const { kid } = decodeProtectedHeader(firstToken);
    assert.ok(
      jwks.keys.some((key) => key.kid === kid),
      `kid ${kid} still served: ${JSON.stringify(jwks)}`,
    );
    const { payload } = await jwtVerify(firstToken, createLocalJWKSet(jwks), {
      audience: "demo",
      algorithms: ["RS256"],
    });
    assert.equal(payload.sub, first.user.id);
  } finally {
    await server.stop();
  }

  async function restartOn(port) {
    const next = await start(port);
    assert.equal(next.adminToken, adminToken, "the admin token survives a restart");
    return next;
  }
});
