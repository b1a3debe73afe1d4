// A held long poll is answered only when the status differs from its `since`
// or its wait ends (PROTOCOL.md), also when the notification of the change
// the poll already saw reaches the process after it parked the poll: in one
// SQLite process, and across two processes on one PostgreSQL.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { client, codeOf, ok, startPostgres, startProcess } from "../browser/deploy-cluster.js";

let pg;
const processes = [];

before(async () => {
  pg = await startPostgres();
  const uri = await pg.createDatabase("held");
  for (let i = 0; i < 2; i++) {
    processes.push(await startProcess(["--database", uri, "--gene-rate", "0"]));
  }
  processes.push(await startProcess(["--gene-rate", "0"]));
});

after(async () => {
  for (const p of processes) await p.stop();
  await pg?.stop();
});

/**
 * Scans through `phone` racing a poll through `poller` sent with since=1:
 * the poller reads 0 and answers at once, or reads 1 and holds; a held poll
 * must stay until the status changes or its wait (1 s) ends. 60 rounds, 20 at
 * a time, each with its own small head start for the scan. Returns the rounds
 * answered early with status 1.
 */
async function earlyAnswers(poller, phone) {
  const early = [];
  const round = async (i) => {
    const gene = ok(await phone.gene(), "gene");
    const code = codeOf(gene.qrcodeContent);
    const scan = phone.scanned(code, { openid: `deploy-race-${i}`, nickname: "Race" });
    await new Promise((resolve) => setTimeout(resolve, i % 5));
    const started = performance.now();
    const answer = ok(await poller.check(gene.random, { wait: 1, since: 1 }), "poll since 1");
    const ms = performance.now() - started;
    ok(await scan, "scanned");
    if (answer.status === 1 && ms < 900)
      early.push(`round ${i}: status 1 after ${ms.toFixed(0)} ms`);
  };
  for (let batch = 0; batch < 3; batch++) {
    await Promise.all(Array.from({ length: 20 }, (_, i) => round(batch * 20 + i)));
  }
  return early;
}

test("one SQLite process: a held poll is answered only once the status differs from since", async () => {
  const sqlite = client(processes[2].url);
  assert.deepEqual(await earlyAnswers(sqlite, sqlite), [], "answered with the status sent");
});

test("two processes on PostgreSQL: a poll held by B is answered only once the status differs", async () => {
  const [b, c] = processes.map((p) => client(p.url));
  assert.deepEqual(await earlyAnswers(b, c), [], "answered with the status sent");
});
