// Three processes on one PostgreSQL: any request may reach any process.
// A long poll held by B is answered when C confirms (LISTEN/NOTIFY), and the
// time from C's answer to B's answer is printed (p50/p99); an app created
// through A is served by B at once; a key rotated through A reaches B's JWKS.
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { after, before, test } from "node:test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import {
  client,
  login,
  ok,
  percentile,
  startPostgres,
  startProcess,
  waitUntil,
} from "../browser/deploy-cluster.js";

const adminToken = randomBytes(18).toString("base64url");
let pg;
const processes = [];
let a, b, c;

before(async () => {
  pg = await startPostgres();
  const uri = await pg.createDatabase("cluster");
  for (let i = 0; i < 3; i++) {
    processes.push(
      await startProcess(["--database", uri, "--gene-rate", "0"], {
        env: { SCAN_LOGIN_ADMIN_TOKEN: adminToken },
      }),
    );
  }
  [a, b, c] = processes.map((p) => client(p.url, { adminToken }));
});

after(async () => {
  for (const p of processes) await p.stop();
  await pg?.stop();
});

test("a poll held by B answers C's scan and confirm; the ticket is exchanged through A", async () => {
  const rounds = 20;
  const latencies = [];
  let early = 0;
  for (let i = 0; i < rounds; i++) {
    const round = await login(
      { gene: a, poll: b, phone: c, exchange: a },
      { phone: `1370000${String(i).padStart(4, "0")}` },
    );
    assert.equal(round.user.phone, `1370000${String(i).padStart(4, "0")}`);
    latencies.push(Math.max(0, round.polledAt - round.confirmedAt));
    early += round.early;
  }
  const p50 = percentile(latencies, 0.5);
  const p99 = percentile(latencies, 0.99);
  console.log(
    `cross-process wake (C confirm answered -> B's held poll answered), ${rounds} rounds: ` +
      `p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms; ` +
      `${early} poll answers with the unchanged status (polled again)`,
  );
  assert.ok(p99 < 2000, `p99 ${p99} ms: B must be woken by C's confirm, not by its own timer`);
});

test("an app created or changed through A is served by B and C at once", async () => {
  const created = ok(
    await a.admin("POST", "/api/v2/admin/applications", {
      appId: "cluster-app",
      name: "Cluster App",
      callbackUrls: ["https://site.example/callback"],
      allowedOrigins: ["https://site.example"],
    }),
    "create app through A",
  );
  assert.equal(created.appId, "cluster-app");
  assert.ok(created.appSecret, "the secret is shown once");
  assert.equal(
    ok(await b.admin("GET", "/api/v2/admin/applications/cluster-app"), "app through B").name,
    "Cluster App",
  );
  const gene = ok(await b.gene("cluster-app"), "gene for the new app through B");
  assert.ok(gene.random);

  ok(
    await a.admin("PUT", "/api/v2/admin/applications/cluster-app", { name: "Renamed" }),
    "rename through A",
  );
  const publicConfig = await c.admin("GET", "/api/v2/applications/cluster-app/public-config");
  assert.equal(ok(publicConfig, "public config through C").name, "Renamed");

  ok(await a.admin("DELETE", "/api/v2/admin/applications/cluster-app"), "delete through A");
  assert.equal((await b.gene("cluster-app")).status, 404, "B knows it is gone");
});

test("a key rotated through A: B's JWKS serves both kids, and tokens of both verify", async () => {
  const before = await login({ gene: a, poll: a, phone: a, exchange: a }, { phone: "13711112222" });
  const oldKid = decodeProtectedHeader(before.user.token).kid;
  const { kid: newKid } = ok(
    await a.admin("POST", "/api/v2/admin/signing-keys/rotate"),
    "rotate through A",
  );
  assert.notEqual(newKid, oldKid);

  // B reloads keys on its 5 s sweep: the contract, not the timing.
  const jwks = await waitUntil(
    async () => {
      const keys = (await b.jwks()).json;
      const kids = keys.keys.map((k) => k.kid);
      return kids.includes(oldKid) && kids.includes(newKid) && keys;
    },
    { timeoutMs: 15_000, intervalMs: 200, what: `B's JWKS with ${oldKid} and ${newKid}` },
  );
  // A token signed after the rotation (A signs with the new key), and the one before.
  const later = await login({ gene: b, poll: a, phone: c, exchange: a }, { phone: "13711112222" });
  assert.equal(decodeProtectedHeader(later.user.token).kid, newKid);
  assert.equal(later.user.id, before.user.id);
  const keySet = createLocalJWKSet(jwks);
  for (const { user } of [before, later]) {
    const { payload } = await jwtVerify(user.token, keySet, { audience: "demo" });
    assert.equal(payload.sub, user.id);
  }
});
