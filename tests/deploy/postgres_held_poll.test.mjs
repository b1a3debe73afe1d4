// Two processes on one PostgreSQL: a long poll held by one process is
// answered only when the status differs from its `since` (PROTOCOL.md), also
// when the notification of the change that came before reaches it late.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { client, codeOf, ok, startPostgres, startProcess } from "../browser/deploy-cluster.js";

let pg;
const processes = [];
let b, c;

before(async () => {
  pg = await startPostgres();
  const uri = await pg.createDatabase("held");
  for (let i = 0; i < 2; i++) {
    processes.push(await startProcess(["--database", uri, "--gene-rate", "0"]));
  }
  [b, c] = processes.map((p) => client(p.url));
});

after(async () => {
  for (const p of processes) await p.stop();
  await pg?.stop();
});

test("a poll held by B is answered only once the status differs from since", async () => {
  // The scan through C races a poll through B sent with since=1: B reads 0
  // and answers at once, or reads 1 and holds. A held poll must stay until
  // the status changes or its wait (1 s) ends; the NOTIFY of the scan that
  // reaches B after it parked the poll must not answer it with status 1.
  // Rounds run 20 at a time, each with its own small head start for the scan.
  const early = [];
  const round = async (i) => {
    const gene = ok(await c.gene(), "gene");
    const code = codeOf(gene.qrcodeContent);
    const scan = c.scanned(code, { openid: `deploy-race-${i}`, nickname: "Race" });
    await new Promise((resolve) => setTimeout(resolve, i % 5));
    const started = performance.now();
    const answer = ok(await b.check(gene.random, { wait: 1, since: 1 }), "poll since 1");
    const ms = performance.now() - started;
    ok(await scan, "scanned");
    if (answer.status === 1 && ms < 900)
      early.push(`round ${i}: status 1 after ${ms.toFixed(0)} ms`);
  };
  for (let batch = 0; batch < 3; batch++) {
    await Promise.all(Array.from({ length: 20 }, (_, i) => round(batch * 20 + i)));
  }
  assert.deepEqual(early, [], "held polls answered with the status they were sent with");
});
