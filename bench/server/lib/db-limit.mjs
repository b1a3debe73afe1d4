// The database's own limit for gene's single-row INSERT, measured without
// our server: pgbench for PostgreSQL, a raw C++ loop for SQLite.
import { spawnSync } from "node:child_process";
import { mkdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { run } from "./load.mjs";
import { psql, root, work } from "./processes.mjs";

// pgbench -M extended -c connections -j 1 -T seconds running
// bench/server/pgbench-insert.sql into a scratch copy of `codes` in the
// database of `uri` (made by the server). Resolves to {rate (inserts/s), failed, inserts}.
export async function pgbenchInsert(uri, { connections, seconds }) {
  psql(
    uri,
    "DROP TABLE IF EXISTS bench_codes; CREATE TABLE bench_codes (LIKE codes INCLUDING ALL)",
  );
  const now = Date.now();
  const out = await run("pgbench", [
    "-n",
    "-M",
    "extended",
    "-c",
    String(connections),
    "-j",
    "1",
    "-T",
    String(seconds),
    "-f",
    join(root, "bench/server/pgbench-insert.sql"),
    "-D",
    "status=0",
    "-D",
    `now=${now}`,
    "-D",
    `expires=${now + 3_600_000}`,
    "-D",
    "app=demo",
    "-D",
    "ip=127.0.0.1",
    uri,
  ]);
  const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(out.stdout)?.[1]);
  const failed = Number(/number of failed transactions: (\d+)/.exec(out.stdout)?.[1] ?? 0);
  if (!tps) throw new Error(`pgbench failed: ${out.stdout}${out.stderr}`);
  const inserts = Number(psql(uri, "COPY (SELECT count(*) FROM bench_codes) TO STDOUT").trim());
  psql(uri, "DROP TABLE bench_codes");
  return { rate: tps, failed, inserts };
}

// Compiles bench/server/sqlite_insert_loop.cpp into build/bench/ when the
// binary is missing or older than its source; returns its path.
function sqliteLoopBinary() {
  const source = join(root, "bench/server/sqlite_insert_loop.cpp");
  const binary = join(root, "build/bench/sqlite-insert-loop");
  let fresh = false;
  try {
    fresh = statSync(binary).mtimeMs >= statSync(source).mtimeMs;
  } catch {
    fresh = false;
  }
  if (!fresh) {
    mkdirSync(join(root, "build/bench"), { recursive: true });
    const built = spawnSync(
      "c++",
      ["-O2", "-std=c++17", "-pthread", source, "-o", binary, "-lsqlite3"],
      { encoding: "utf8" },
    );
    if (built.status !== 0) throw new Error(`cannot build ${source}: ${built.stderr}`);
  }
  return binary;
}

// The raw SQLite INSERT loop with `threads` connections for `seconds`, into a
// new file beside the bench's others, its `codes` schema copied from the
// server's database `schemaDb`. Resolves to {rate, inserts, cpu (seconds)}.
export async function sqliteInsertLoop(schemaDb, { threads, seconds }) {
  const dir = join(work, "sqlite-raw");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const out = await run(sqliteLoopBinary(), [
    schemaDb,
    join(dir, "raw.sqlite3"),
    String(threads),
    String(seconds),
  ]);
  if (out.status !== 0) throw new Error(`sqlite-insert-loop failed: ${out.stderr}`);
  const result = JSON.parse(out.stdout);
  rmSync(dir, { recursive: true, force: true });
  return { rate: result.rate, inserts: result.inserts, cpu: result.cpu };
}
