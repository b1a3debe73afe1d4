// Backups of a running SQLite server and their restore
// (docs/operations.md): each backup taken while logins run is
// consistent (it passes the restore's checks); the last one, restored into a
// new folder, serves the same accounts (same id for the same phone), apps
// (a console edit), signing keys (a token issued before verifies with jose
// against the restored JWKS) and admin token. Every refusal exits non-zero
// with a message and leaves its target as it was. The data folder is 0700
// and its files (database, -wal, -shm) 0600, tightened at start when looser.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { after, test } from "node:test";
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from "jose";
import {
  client,
  login,
  ok,
  repoRoot,
  runToExit,
  serverBinary,
  startProcess,
  temporaryDirs,
  waitUntil,
} from "../browser/deploy-cluster.js";

const folders = temporaryDirs("deploy-backup");
after(folders.removeAll);
const scratch = folders.make;

const storeName = "scan-login.sqlite3";
// The admin token is made at first start and kept in the store.
const env = { SCAN_LOGIN_ADMIN_TOKEN: undefined };
const adminLine = /admin token ([A-Za-z0-9_-]{16,})/;

// The secrets key is not in a backup (docs/operations.md): an operator puts
// it back beside the restored store.
function putKeyBack(fromDir, toDir) {
  copyFileSync(path.join(fromDir, "secrets.key"), path.join(toDir, "secrets.key"));
  chmodSync(path.join(toDir, "secrets.key"), 0o600);
}

async function start(dataDir, extra = []) {
  const server = await startProcess(["--data-dir", dataDir, "--gene-rate", "0", ...extra], {
    env,
  });
  const [, adminToken] = await server.waitForOutput(adminLine);
  return { server, adminToken, api: client(server.url, { adminToken }) };
}

/**
 * Runs `scan-login-server <args>` (a store command, so not runToExit's
 * server flags) until it exits; killed after `timeoutMs`.
 * @returns {Promise<{code: number|null, signal: string|null, stdout: string, stderr: string}>}
 */
function command(args, { timeoutMs = 30_000 } = {}) {
  const child = spawn(serverBinary, args, { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => (stdout += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr });
    }),
  );
}

const modeOf = (file) => statSync(file).mode & 0o777;
const listing = (dir) => (existsSync(dir) ? readdirSync(dir).sort() : null);

function assertPrivate(dataDir, files = ["", "-wal", "-shm"]) {
  assert.equal(modeOf(dataDir).toString(8), "700", dataDir);
  for (const suffix of files) {
    const file = path.join(dataDir, storeName + suffix);
    assert.equal(modeOf(file).toString(8), "600", file);
  }
}

/**
 * A SQLite database of another program, written byte by byte after
 * https://www.sqlite.org/fileformat2.html (no sqlite3 tool needed): page 1
 * holds the schema table with one row, a table `notes` rooted at page 2,
 * which is an empty table leaf.
 */
function foreignDatabase() {
  const pageSize = 4096;
  const file = Buffer.alloc(2 * pageSize);
  file.write("SQLite format 3\0", 0, "latin1");
  file.writeUInt16BE(pageSize, 16);
  file.set([1, 1, 0, 64, 32, 32], 18); // rollback journal, no reserved bytes, payload fractions
  file.writeUInt32BE(1, 24); // change counter
  file.writeUInt32BE(2, 28); // pages in the file
  file.writeUInt32BE(1, 40); // schema cookie
  file.writeUInt32BE(4, 44); // schema format
  file.writeUInt32BE(1, 56); // UTF-8
  file.writeUInt32BE(1, 92); // the page count above is valid for change 1
  file.writeUInt32BE(3040001, 96);
  // The schema row (type, name, tbl_name, rootpage, sql) as a record: a
  // header of serial types (text of n bytes: 2n+13; 1: an 8-bit integer).
  const texts = ["table", "notes", "notes"];
  const sql = "CREATE TABLE notes (text TEXT)";
  const header = Buffer.from([6, ...texts.map((t) => 2 * t.length + 13), 1, 2 * sql.length + 13]);
  const payload = Buffer.concat([
    header,
    ...texts.map((t) => Buffer.from(t)),
    Buffer.from([2]),
    Buffer.from(sql),
  ]);
  const cell = Buffer.concat([Buffer.from([payload.length, 1]), payload]); // size, rowid 1
  const cellAt = pageSize - cell.length;
  cell.copy(file, cellAt);
  file[100] = 0x0d; // table leaf
  file.writeUInt16BE(1, 103); // one cell
  file.writeUInt16BE(cellAt, 105); // where the cells begin
  file.writeUInt16BE(cellAt, 108); // the cell pointer
  file[pageSize] = 0x0d;
  file.writeUInt16BE(pageSize, pageSize + 5);
  return file;
}

test("backups during logins are consistent; the restored store serves the same data", async (t) => {
  const dataDir = path.join(scratch("live"), "data");
  const backups = scratch("files");
  let { server, adminToken, api } = await start(dataDir);
  const via = { gene: api, poll: api, phone: api, exchange: api };
  const logins = [];
  try {
    await waitUntil(() => existsSync(path.join(dataDir, `${storeName}-shm`)), {
      what: "the -shm file",
    });
    assertPrivate(dataDir);

    const first = await login(via, { phone: "13900000100" });
    logins.push({ phone: "13900000100", id: first.user.id });
    ok(
      await api.admin("PUT", "/api/v2/admin/applications/demo", { name: "Renamed before backup" }),
      "rename the demo app",
    );

    // Logins run without pause while backups are taken.
    let stopping = false;
    let failure;
    const running = (async () => {
      for (let i = 0; !stopping; i++) {
        const phone = `1380000${String(i).padStart(4, "0")}`;
        const { user } = await login(via, { phone });
        logins.push({ phone, id: user.id });
      }
    })().catch((e) => (failure = e));
    const during = [];
    for (let k = 0; k < 3; k++) {
      const at = logins.length;
      await waitUntil(() => failure || logins.length >= at + 2, { what: "logins meanwhile" });
      const file = path.join(backups, `during-${k}.sqlite3`);
      const loginsBefore = logins.length;
      const run = await command(["backup", "--data-dir", dataDir, "--to", file]);
      assert.equal(run.code, 0, run.stderr);
      t.diagnostic(
        `backup ${k}: ${logins.length - loginsBefore} logins ended while it ran; ${run.stdout.trim()}`,
      );
      assert.match(run.stdout, /wrote .*during-\d\.sqlite3.*schema version \d+, \d+ bytes/);
      during.push(file);
    }
    stopping = true;
    await running;
    if (failure) throw failure;
    const counted = logins.length;
    assert.ok(counted >= 7, `${counted} logins ran`);
    t.diagnostic(`${counted} logins in all`);

    const last = path.join(backups, "last.sqlite3");
    const run = await command(["backup", "--data-dir", dataDir, "--to", last]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(modeOf(last).toString(8), "600");
    assert.deepEqual(listing(backups), [
      "during-0.sqlite3",
      "during-1.sqlite3",
      "during-2.sqlite3",
      "last.sqlite3",
    ]);

    // An existing file is never replaced.
    const before = readFileSync(during[0]);
    const again = await command(["backup", "--data-dir", dataDir, "--to", during[0]]);
    assert.notEqual(again.code, 0);
    assert.match(again.stderr, /exists/);
    assert.ok(readFileSync(during[0]).equals(before));

    assert.deepEqual(await server.stop(), { code: 0, signal: null }, server.output());

    // Each backup taken under load passes the restore's checks.
    for (const file of during) {
      const restored = await command([
        "restore",
        "--from",
        file,
        "--data-dir",
        path.join(scratch("check"), "data"),
      ]);
      assert.equal(restored.code, 0, restored.stderr);
      assert.match(restored.stdout, /integrity ok/);
    }

    const restoredDir = path.join(scratch("restored"), "data");
    const restored = await command(["restore", "--from", last, "--data-dir", restoredDir]);
    assert.equal(restored.code, 0, restored.stderr);
    assert.match(restored.stdout, /restored .*last\.sqlite3.*schema version \d+/);
    assert.deepEqual(listing(restoredDir), [storeName]);
    assertPrivate(restoredDir, [""]);

    // Without its secrets key the restored store does not start, and says why.
    const keyless = await runToExit(["--data-dir", restoredDir], { env });
    assert.equal(keyless.code, 1);
    assert.match(keyless.stderr, /secrets\.key is missing: put back the secrets\.key/);
    putKeyBack(dataDir, restoredDir);

    // Started with a key rotation: tokens signed before still verify.
    const next = await start(restoredDir, ["--rotate-signing-key"]);
    ({ server, api } = next);
    via.gene = via.poll = via.phone = via.exchange = api;
    assert.equal(next.adminToken, adminToken, "the admin token is restored");
    assertPrivate(restoredDir);

    const app = ok(await api.admin("GET", "/api/v2/admin/applications/demo"), "admin app");
    assert.equal(app.name, "Renamed before backup");

    const jwks = (await api.jwks()).json;
    const { kid } = decodeProtectedHeader(first.user.token);
    assert.ok(
      jwks.keys.some((key) => key.kid === kid),
      `kid ${kid} served after the restore`,
    );
    const { payload } = await jwtVerify(first.user.token, createLocalJWKSet(jwks), {
      audience: "demo",
      algorithms: ["RS256"],
    });
    assert.equal(payload.sub, first.user.id);

    // The audit log came along: every login before the last backup, the edit.
    const audit = ok(await api.admin("GET", "/api/v2/admin/audit?kind=login.confirmed&limit=500"));
    assert.equal(audit.events.length, counted, "one login.confirmed per login");
    const edits = ok(await api.admin("GET", "/api/v2/admin/audit?kind=app.updated&appId=demo"));
    assert.deepEqual(edits.events[0].detail.fields, ["name"]);
    const keys = ok(await api.admin("GET", "/api/v2/admin/audit?kind=key."));
    assert.deepEqual(
      keys.events.map((e) => [e.kind, e.actor]),
      [
        ["key.rotated", "server"],
        ["key.created", "server"],
      ],
    );
    assert.equal(keys.events[0].detail.by, "--rotate-signing-key");

    // Every account in the backup is the same account: a login with its
    // phone number reaches its id (a sample across the run, the last included).
    const step = Math.max(1, Math.floor(counted / 12));
    const sample = logins.filter((_, i) => i % step === 0 || i === counted - 1);
    for (const { phone, id } of sample) {
      const again = await login(via, { phone });
      assert.equal(again.user.id, id, `phone ${phone}`);
      assert.ok(again.user.loginsCount >= 2, `phone ${phone} logged in before`);
    }
  } finally {
    await server.stop();
  }
});

test("refusals exit non-zero with a message and leave their targets as they were", async () => {
  const work = scratch("refusals");
  const dataDir = path.join(work, "data");
  const { server, api } = await start(dataDir);
  try {
    await login({ gene: api, poll: api, phone: api, exchange: api }, { phone: "13900000200" });
  } finally {
    await server.stop();
  }
  const backup = path.join(work, "backup.sqlite3");
  assert.equal((await command(["backup", "--data-dir", dataDir, "--to", backup])).code, 0);

  const files = {
    "random bytes": path.join(work, "random.bin"),
    "a text file": path.join(work, "notes.txt"),
    "a database of another program": path.join(work, "other.db"),
    "a newer schema": path.join(work, "newer.sqlite3"),
  };
  writeFileSync(files["random bytes"], randomBytes(16384));
  writeFileSync(files["a text file"], "Shopping: milk, bread, a backup disk.\n");
  writeFileSync(files["a database of another program"], foreignDatabase());
  // PRAGMA user_version is the header's 4 bytes at offset 60; a backup has no -wal.
  const newer = readFileSync(backup);
  newer.writeUInt32BE(99, 60);
  writeFileSync(files["a newer schema"], newer);
  const expected = {
    "random bytes": /not a SQLite database/,
    "a text file": /not a SQLite database/,
    "a database of another program": /not a scan-login store/,
    "a newer schema": /schema version 99 is newer/,
  };

  const before = listing(work);
  for (const [what, file] of Object.entries(files)) {
    const bytes = readFileSync(file);
    const target = path.join(work, "restored");
    const run = await command(["restore", "--from", file, "--data-dir", target]);
    assert.notEqual(run.code, 0, `${what}: ${run.stdout}`);
    assert.equal(run.signal, null, `${what}: an exit, not a crash`);
    assert.match(run.stderr, expected[what], what);
    assert.match(run.stderr, /nothing was changed/, what);
    assert.equal(existsSync(target), false, `${what}: no folder made`);
    assert.ok(readFileSync(file).equals(bytes), `${what}: the file is only read`);
    assert.deepEqual(listing(work), [...before].sort(), `${what}: nothing left beside it`);
  }

  // A folder that is not empty: refused, its content as it was.
  const occupied = path.join(work, "occupied");
  mkdirSync(occupied);
  writeFileSync(path.join(occupied, storeName), "the store in use");
  const run = await command(["restore", "--from", backup, "--data-dir", occupied]);
  assert.notEqual(run.code, 0);
  assert.match(run.stderr, /not empty/);
  assert.deepEqual(listing(occupied), [storeName]);
  assert.equal(readFileSync(path.join(occupied, storeName), "utf8"), "the store in use");

  // A backup of no store, or of a file that is not a database: nothing written.
  const empty = path.join(work, "empty");
  mkdirSync(empty);
  const none = await command(["backup", "--data-dir", empty, "--to", path.join(work, "x.sqlite3")]);
  assert.notEqual(none.code, 0);
  assert.match(none.stderr, /no store at/);
  writeFileSync(path.join(empty, storeName), randomBytes(8192));
  const junk = await command(["backup", "--data-dir", empty, "--to", path.join(work, "x.sqlite3")]);
  assert.notEqual(junk.code, 0);
  assert.match(junk.stderr, /not a SQLite database/);
  assert.equal(existsSync(path.join(work, "x.sqlite3")), false);

  // PostgreSQL has its own tools.
  const pg = await command([
    "backup",
    "--database",
    "postgresql://scanlogin@127.0.0.1:1/x",
    "--to",
    path.join(work, "pg.dump"),
  ]);
  assert.notEqual(pg.code, 0);
  assert.match(pg.stderr, /pg_dump/);
  assert.match(pg.stderr, /docs\/operations\.md/);
  assert.equal(existsSync(path.join(work, "pg.dump")), false);
});

test("a data folder and store files with looser modes are tightened at start, and said so", async () => {
  const dataDir = path.join(scratch("modes"), "data");
  let { server } = await start(dataDir);
  assert.deepEqual(await server.stop(), { code: 0, signal: null });
  chmodSync(dataDir, 0o755);
  chmodSync(path.join(dataDir, storeName), 0o644);
  ({ server } = await start(dataDir));
  try {
    await server.waitForOutput(/made \S*data private: mode 0755 -> 0700/);
    await server.waitForOutput(/made \S*scan-login\.sqlite3 private: mode 0644 -> 0600/);
    await waitUntil(() => existsSync(path.join(dataDir, `${storeName}-shm`)), {
      what: "the -shm file",
    });
    assertPrivate(dataDir);
  } finally {
    await server.stop();
  }
  // A restored copy needs no tightening: nothing is said at its start.
  const backup = path.join(scratch("modes-backup"), "b.sqlite3");
  assert.equal((await command(["backup", "--data-dir", dataDir, "--to", backup])).code, 0);
  const restoredDir = path.join(path.dirname(backup), "data");
  assert.equal((await command(["restore", "--from", backup, "--data-dir", restoredDir])).code, 0);
  putKeyBack(dataDir, restoredDir);
  ({ server } = await start(restoredDir));
  try {
    assert.doesNotMatch(server.output(), /private: mode/);
  } finally {
    await server.stop();
  }
});
