// CPU time that processes spent, from /proc: where a run's time went.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const ticksPerSecond = 100; // USER_HZ on Linux

// utime + stime of one process (its threads included), seconds; 0 once gone.
export function cpuSeconds(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
  } catch {
    return 0;
  }
}

function parentOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
  } catch {
    return -1;
  }
}

// A process and its direct children (nginx's workers, PostgreSQL's
// backends), by pid.
export function withChildren(pid) {
  const pids = [pid];
  for (const entry of readdirSync("/proc")) {
    if (/^\d+$/.test(entry) && parentOf(entry) === pid) pids.push(Number(entry));
  }
  return pids;
}

// The postmaster of the cluster in `dataDir` and its children, by pid.
export function postgresPids(dataDir) {
  return withChildren(Number(readFileSync(join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]));
}

// CPU seconds that each group of processes (`groups`: name -> function
// listing pids) spends while `run` (async) runs, sampled every 100 ms so that
// processes starting and ending within the run (pgbench's backends) count
// up to their last sample. Resolves to {result, cpu: {name: seconds}}.
export async function cpuDuring(groups, run) {
  const seen = Object.fromEntries(Object.keys(groups).map((name) => [name, new Map()]));
  const sample = (atStart) => {
    for (const [name, pids] of Object.entries(groups)) {
      for (const pid of pids()) {
        const now = cpuSeconds(pid);
        const known = seen[name].get(pid);
        if (!known) seen[name].set(pid, { first: atStart ? now : 0, last: now });
        else if (now > 0) known.last = now;
      }
    }
  };
  sample(true);
  const timer = setInterval(() => sample(false), 100);
  try {
    const result = await run();
    sample(false);
    const cpu = {};
    for (const [name, pids] of Object.entries(seen)) {
      cpu[name] = 0;
      for (const { first, last } of pids.values()) cpu[name] += last - first;
    }
    return { result, cpu };
  } finally {
    clearInterval(timer);
  }
}
