// Bad input at start: the server refuses to run (exit status not 0) with a
// message that says what is wrong, and leaves the data it was given alone.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import {
  client,
  freePort,
  ok,
  runToExit,
  startProcess,
  temporaryDirs,
} from "../browser/deploy-cluster.js";

const folders = temporaryDirs("deploy-bad");
after(folders.removeAll);
const dataDir = () => folders.make();
const storeFile = (dir) => path.join(dir, "scan-login.sqlite3");

test("a data file that is not a database: refused, named, untouched", async () => {
  const dir = dataDir();
  const garbage = randomBytes(8192);
  writeFileSync(storeFile(dir), garbage);
  const run = await runToExit(["--data-dir", dir]);
  assert.notEqual(run.code, 0, run.stderr);
  assert.equal(run.signal, null, "an exit, not a crash");
  assert.match(run.stderr, /scan-login\.sqlite3/, "the message names the file");
  assert.match(run.stderr, /not a database|not a SQLite|corrupt/i);
  assert.ok(readFileSync(storeFile(dir)).equals(garbage), "the file's bytes are unchanged");
});

test("a store of a newer schema: refused, versions named, untouched", async () => {
  const dir = dataDir();
  const server = await startProcess(["--data-dir", dir]);
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
  execFileSync("sqlite3", [storeFile(dir), "PRAGMA user_version=99"]);
  const before = readFileSync(storeFile(dir));
  const run = await runToExit(["--data-dir", dir]);
  assert.notEqual(run.code, 0, run.stderr);
  assert.equal(run.signal, null);
  assert.match(run.stderr, /99/, "the message names the file's version");
  assert.match(run.stderr, /version/i);
  assert.ok(readFileSync(storeFile(dir)).equals(before), "the file's bytes are unchanged");
});

test("a PostgreSQL address where nothing listens: refused within seconds, address named", async () => {
  const port = await freePort();
  const run = await runToExit(["--database", `postgresql://scanlogin@127.0.0.1:${port}/x`], {
    timeoutMs: 20_000,
  });
  assert.notEqual(run.code, 0, run.stderr);
  assert.equal(run.signal, null, `an exit, not killed after 20 s: ${run.stderr}`);
  assert.ok(run.elapsedMs < 10_000, `took ${run.elapsedMs} ms`);
  assert.match(run.stderr, new RegExp(`127\\.0\\.0\\.1.*${port}|${port}.*127\\.0\\.0\\.1`));
});

test("a second process on the same data folder: refused, the first keeps serving", async () => {
  const dir = dataDir();
  const first = await startProcess(["--data-dir", dir]);
  try {
    const run = await runToExit(["--data-dir", dir]);
    assert.notEqual(run.code, 0, run.stderr);
    assert.equal(run.signal, null);
    assert.match(run.stderr, /another (server )?process|in use|locked/i);
    const api = client(first.url);
    assert.ok(ok(await api.gene(), "gene on the first process").random);
    assert.equal((await api.healthz()).status, 200);
  } finally {
    assert.deepEqual(await first.stop(), { code: 0, signal: null });
  }
});
