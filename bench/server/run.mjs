// npm run bench:server: scan-login-server on each store (SQLite, then
// PostgreSQL), each line against a peer measured in the same run:
//   1. check req/s with 10k live codes (wrk -t1 -c64) against nginx serving
//      a static JSON of the same bytes;
//   2. RSS with 10k held long polls;
//   3. RSS growth per live code over 20k codes (fresh server);
//   4. wake latency, confirm -> held poll answered (PostgreSQL: poll held
//      by a second process; SQLite: the same process);
//   5. gene codes/s (wrk -t1 -cN) against the database's own limit for the
//      same single-row INSERT at the same concurrency: pgbench, or a raw
//      SQLite loop (bench/server/sqlite_insert_loop.cpp).
// Prints one table with ratios and goals, and writes bench/results/server.json.
// Environment: BENCH_SECONDS (wrk/pgbench duration, default 10),
// BENCH_GENE_CONNECTIONS (default 8, the server's default --workers),
// BENCH_WAKE_ROUNDS (default 200), BENCH_STORES (default "sqlite,postgresql").
import { mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { cpuDuring, postgresPids, withChildren } from "./lib/cpu.mjs";
import { pgbenchInsert, sqliteInsertLoop } from "./lib/db-limit.mjs";
import { createCodes, holdPolls, wrk } from "./lib/load.mjs";
import {
  createDatabase,
  requireTools,
  root,
  rssKiB,
  startNginx,
  startPostgres,
  startServer,
  stop,
  work,
} from "./lib/processes.mjs";
import { printTable } from "./lib/report.mjs";
import { wakeLatency } from "./lib/wake.mjs";

const seconds = Number(process.env.BENCH_SECONDS || 10);
const geneConnections = Number(process.env.BENCH_GENE_CONNECTIONS || 8);
const wakeRounds = Number(process.env.BENCH_WAKE_ROUNDS || 200);
const stores = (process.env.BENCH_STORES || "sqlite,postgresql").split(",");
const checkCodes = 10_000;
const heldPollCount = 10_000;
const perCodeCodes = 20_000;

requireTools(["wrk", "nginx", ...(stores.includes("postgresql") ? ["pgbench", "psql"] : [])]);

// CPU µs per request of each group, from cpuDuring's seconds over a wrk run.
const perRequest = (cpu, rate) =>
  Object.fromEntries(Object.entries(cpu).map(([name, s]) => [name, (s / (rate * seconds)) * 1e6]));

// Each call gives a fresh, empty store: a new SQLite folder or a new
// PostgreSQL database; `db` says where it is for the database-limit step.
function storeMaker(store) {
  if (store === "sqlite") {
    return {
      label: "SQLite",
      dbPids: () => [],
      fresh(name) {
        const dir = join(work, `sqlite-${name}`);
        return { args: ["--data-dir", dir], db: join(dir, "scan-login.sqlite3") };
      },
    };
  }
  const pg = startPostgres();
  return {
    label: "PostgreSQL",
    dbPids: () => postgresPids(pg.dataDir),
    fresh(name) {
      const uri = createDatabase(pg.uri, `bench_${name}`);
      return { args: ["--database", uri], db: uri };
    },
  };
}

// 1: check against nginx, two interleaved rounds, the better of each.
async function checkAgainstNginx(maker, server, randoms) {
  const randomsFile = join(work, `randoms-${maker.label}.txt`);
  writeFileSync(randomsFile, randoms.join("\n") + "\n");
  const sampleBody = await fetch(`${server.base}/api/v2/qrcode/check?random=${randoms[0]}`).then(
    (r) => r.text(),
  );
  const nginx = await startNginx(`nginx-${maker.label}`, sampleBody);
  const ourGroups = { server: () => [server.pid], db: maker.dbPids };
  const rounds = [];
  for (let round = 0; round < 2; round++) {
    const ours = await cpuDuring(ourGroups, () =>
      wrk(`${server.base}/api/v2/qrcode/check`, {
        seconds,
        script: join(root, "bench/server/check.lua"),
        scriptArgs: [randomsFile],
      }),
    );
    const theirs = await cpuDuring({ nginx: () => withChildren(nginx.child.pid) }, () =>
      wrk(nginx.url, { seconds }),
    );
    rounds.push({ ours, theirs });
  }
  await stop(nginx.child);
  const best = (key) => rounds.map((r) => r[key]).sort((x, y) => y.result.rate - x.result.rate)[0];
  const ours = best("ours");
  const theirs = best("theirs");
  return {
    ours: { ...ours.result, cpuUsPerRequest: perRequest(ours.cpu, ours.result.rate) },
    nginx: { ...theirs.result, cpuUsPerRequest: perRequest(theirs.cpu, theirs.result.rate) },
    bodyBytes: Buffer.byteLength(sampleBody),
    ratio: ours.result.rate / theirs.result.rate,
  };
}

async function benchStore(store) {
  const maker = storeMaker(store);
  console.error(`bench:server: ${maker.label}...`);

  // 1 and 2 on one server holding 10k live codes.
  const first = await startServer(maker.fresh("check").args);
  const { randoms } = await createCodes(first.base, checkCodes);
  const check = await checkAgainstNginx(maker, first, randoms);
  const rssBeforePolls = rssKiB(first.pid);
  const polls = await holdPolls(first, randoms, heldPollCount);
  const rssWithPolls = rssKiB(first.pid);
  polls.sockets.forEach((s) => s.destroy());
  await stop(first.child);

  // 3, 4 and 5 on a fresh store.
  const geneStore = maker.fresh("gene");
  const server = await startServer(geneStore.args);
  await createCodes(server.base, 1_000);
  const rss0 = rssKiB(server.pid);
  const made = await createCodes(server.base, perCodeCodes);
  const rss1 = rssKiB(server.pid);

  const poller = store === "sqlite" ? server : await startServer(geneStore.args);
  const wake = await wakeLatency(server, poller, wakeRounds);
  if (poller !== server) await stop(poller.child);

  const gene = await cpuDuring({ server: () => [server.pid], db: maker.dbPids }, () =>
    wrk(`${server.base}/api/v2/qrcode/gene`, {
      seconds,
      connections: geneConnections,
      script: join(root, "bench/server/gene.lua"),
    }),
  );
  await stop(server.child);

  const limit =
    store === "sqlite"
      ? await sqliteInsertLoop(geneStore.db, { threads: geneConnections, seconds })
      : await cpuDuring({ db: maker.dbPids }, () =>
          pgbenchInsert(geneStore.db, { connections: geneConnections, seconds }),
        ).then(({ result, cpu }) => ({ ...result, cpu: cpu.db }));

  return {
    store: maker.label,
    check,
    heldPolls: {
      held: polls.held,
      rssMiB: rssWithPolls / 1024,
      rssBeforeMiB: rssBeforePolls / 1024,
    },
    perCode: {
      codes: perCodeCodes,
      bytes: ((rss1 - rss0) * 1024) / perCodeCodes,
      rssBeforeMiB: rss0 / 1024,
      rssAfterMiB: rss1 / 1024,
      nodeGeneRate: made.rate,
    },
    wake: { crossProcess: poller !== server, ...wake },
    gene: {
      connections: geneConnections,
      ...gene.result,
      cpuUsPerCode: perRequest(gene.cpu, gene.result.rate),
    },
    dbLimit: {
      tool: store === "sqlite" ? "raw SQLite INSERT loop" : "pgbench",
      ...limit,
      cpuUsPerInsert: (limit.cpu / limit.inserts) * 1e6,
    },
    geneRatio: gene.result.rate / limit.rate,
  };
}

const load = loadavg()[0];
const results = [];
for (const store of stores) results.push(await benchStore(store));

mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(
  join(root, "bench/results/server.json"),
  JSON.stringify(
    { date: new Date().toISOString(), seconds, loadAverageAtStart: load, results },
    null,
    2,
  ) + "\n",
);
printTable(results, { seconds, geneConnections, loadAverage: [load, loadavg()[0]] });
process.exit(0);
