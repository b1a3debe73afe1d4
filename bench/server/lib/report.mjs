// The table bench:server prints: per store and measure, our figure, the
// peer's, the ratio and the goal with its verdict; then where CPU went.

const fmt = (n, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });
const pct = (ratio) => `${fmt(ratio * 100, 1)}%`;
const verdict = (ok) => (ok ? "met" : "MISSED");

// Rows of [store, measure, ours, peer, ratio, goal, verdict] for one store.
function rowsOf(r) {
  const { check, heldPolls, perCode, wake, gene, dbLimit } = r;
  const wakeWhere = wake.crossProcess ? "poll on B, confirm via A" : "one process";
  return [
    [
      r.store,
      "check req/s, 10k live codes",
      fmt(check.ours.rate),
      `nginx static ${check.bodyBytes} B: ${fmt(check.nginx.rate)}`,
      pct(check.ratio),
      ">= 50% of nginx",
      verdict(check.ratio >= 0.5 && check.ours.non2xx === 0),
    ],
    [
      r.store,
      "  check p99",
      `${fmt(check.ours.p99ms, 2)} ms`,
      `nginx: ${fmt(check.nginx.p99ms, 2)} ms`,
      "",
      "",
      "",
    ],
    [
      r.store,
      `gene codes/s, ${gene.connections} connections`,
      fmt(gene.rate),
      `${dbLimit.tool}: ${fmt(dbLimit.rate)}`,
      pct(r.geneRatio),
      ">= 50% of the database",
      verdict(r.geneRatio >= 0.5 && gene.non2xx === 0),
    ],
    [
      r.store,
      `wake p50, confirm sent -> poll answered (${wakeWhere})`,
      `${fmt(wake.p50, 2)} ms`,
      `confirm answered at ${fmt(wake.confirmP50, 2)} ms`,
      "",
      "",
      "",
    ],
    [
      r.store,
      `  p99 (${wake.rounds} logins), from confirm sent`,
      `${fmt(wake.p99, 2)} ms`,
      `confirm answered at ${fmt(wake.confirmP99, 2)} ms`,
      "",
      "< 20 ms",
      verdict(wake.p99 < 20),
    ],
    [
      r.store,
      `  p99, from confirm's answer to the poll's`,
      `${fmt(wake.afterConfirmP99, 2)} ms`,
      `p50 ${fmt(wake.afterConfirmP50, 2)} ms`,
      "",
      "< 20 ms",
      verdict(wake.afterConfirmP99 < 20),
    ],
    [
      r.store,
      `RSS, ${fmt(heldPolls.held)} held polls`,
      `${fmt(heldPolls.rssMiB, 1)} MiB`,
      `before the polls: ${fmt(heldPolls.rssBeforeMiB, 1)} MiB`,
      "",
      "< 100 MiB",
      verdict(heldPolls.held >= 10_000 && heldPolls.rssMiB < 100),
    ],
    [
      r.store,
      `RSS per live code (${fmt(perCode.codes)} codes)`,
      `${fmt(perCode.bytes)} B`,
      `${fmt(perCode.rssBeforeMiB, 1)} -> ${fmt(perCode.rssAfterMiB, 1)} MiB`,
      "",
      "<= 1024 B",
      verdict(perCode.bytes <= 1024),
    ],
  ];
}

function table(header, rows) {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) =>
    cells
      .map((c, i) => c.padEnd(widths[i]))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

const us = (n) => `${fmt(n, 0)} µs`;

// Prints the results of run.mjs's benchStore for every store.
export function printTable(results, { seconds, geneConnections, loadAverage }) {
  console.log(
    `scan-login-server bench: wrk -t1 on loopback, ${seconds} s per run (check: -c64, best of 2 ` +
      `rounds interleaved with nginx, 1 worker; gene: -c${geneConnections}), ` +
      `load average ${fmt(loadAverage[0], 1)} at start, ${fmt(loadAverage[1], 1)} at end`,
  );
  console.log(
    table(
      ["store", "measure", "ours", "peer", "ratio", "goal", "verdict"],
      results.flatMap(rowsOf),
    ),
  );
  console.log(
    "RSS is the server process's: SQLite's page cache is in it, PostgreSQL's rows and caches are not.",
  );
  console.log(
    "Long polls (since=1) answered with the status unchanged, re-sent as a client does: " +
      results
        .map((r) => `${r.store} ${r.wake.early} at once, ${r.wake.spoiled} while held`)
        .join("; "),
  );
  console.log("CPU per request (user + system, from /proc):");
  for (const r of results) {
    const { check, gene, dbLimit } = r;
    const db = r.store === "SQLite" ? "" : ` + PostgreSQL ${us(check.ours.cpuUsPerRequest.db)}`;
    const geneDb = r.store === "SQLite" ? "" : ` + PostgreSQL ${us(gene.cpuUsPerCode.db)}`;
    console.log(
      `  ${r.store}: check: server ${us(check.ours.cpuUsPerRequest.server)}${db}; ` +
        `nginx ${us(check.nginx.cpuUsPerRequest.nginx)}. gene: server ` +
        `${us(gene.cpuUsPerCode.server)}${geneDb}; ${dbLimit.tool} ` +
        `${us(dbLimit.cpuUsPerInsert)} per insert` +
        (r.store === "SQLite" ? " (the whole loop)" : " (PostgreSQL's processes)"),
    );
  }
}
