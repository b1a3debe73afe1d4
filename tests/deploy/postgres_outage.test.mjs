// Two processes on one PostgreSQL while logins run through both: PostgreSQL
// is restarted, later stopped for a while and started again. During an
// outage a request may fail only with 503 {"code": 50303}, within the
// request timeout, and /healthz says 503; after it both processes serve
// again without a restart, and every login whose confirm was acknowledged
// exchanges its ticket.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  client,
  codeOf,
  login,
  startPostgres,
  startProcess,
  waitUntil,
} from "../browser/deploy-cluster.js";

const requestTimeoutMs = 10_000;
let pg;
const processes = [];
let apis;

before(async () => {
  pg = await startPostgres();
  const uri = await pg.createDatabase("outage");
  for (let i = 0; i < 2; i++) {
    processes.push(await startProcess(["--database", uri, "--gene-rate", "0"]));
  }
  apis = processes.map((p) => client(p.url, { timeoutMs: requestTimeoutMs }));
});

after(async () => {
  for (const p of processes) await p.stop();
  await pg?.stop();
});

/**
 * Logins by `workers` clients in a loop, alternating processes step by step,
 * until stop(). An answer 503/50303 abandons the login (after a short pause);
 * a login whose confirm was acknowledged is kept in `acknowledged` until its
 * ticket is exchanged. Anything else (other answers, network errors,
 * timeouts) goes to `unexpected`.
 */
function runLoad(workers = 4) {
  const state = {
    completed: 0,
    unavailable: 0,
    unexpected: [],
    acknowledged: new Map(), // random -> {exchanged: bool}
    running: true,
  };
  let serial = 0;
  const step = async (what, call) => {
    let answer;
    try {
      answer = await call();
    } catch (e) {
      state.unexpected.push(`${what}: ${e.code ?? ""} ${e.message}`);
      return null;
    }
    if (answer.status === 200 && answer.json?.code === 200) return answer.json.data;
    if (answer.status === 503 && answer.json?.code === 50303) {
      state.unavailable++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } else {
      state.unexpected.push(`${what}: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    return null;
  };
  const one = async () => {
    const n = ++serial;
    const [x, y] = n % 2 ? apis : [apis[1], apis[0]];
    const gene = await step("gene", () => x.gene());
    if (!gene) return;
    const code = codeOf(gene.qrcodeContent);
    const scan = await step("scanned", () =>
      y.scanned(code, { openid: `outage-${n}`, nickname: `Outage ${n}` }),
    );
    if (!scan) return;
    const confirm = await step("confirm", () =>
      x.confirm(code, scan.scanToken, { phone: `1360000${String(n % 10000).padStart(4, "0")}` }),
    );
    if (!confirm) return;
    const login = { exchanged: false };
    state.acknowledged.set(gene.random, login);
    const check = await step("check", () => y.check(gene.random));
    if (!check) return;
    if (check.status !== 2) state.unexpected.push(`check after confirm: ${JSON.stringify(check)}`);
    if (await step("exchange", () => x.exchange(check.ticket))) {
      login.exchanged = true;
      state.completed++;
    }
  };
  const loops = Array.from({ length: workers }, async () => {
    while (state.running) await one();
  });
  state.stop = async () => {
    state.running = false;
    await Promise.all(loops);
  };
  return state;
}

/** Records every /healthz answer of each process until stop(). */
function watchHealth() {
  const seen = apis.map(() => new Set());
  let running = true;
  const loops = apis.map(async (api, i) => {
    while (running) {
      try {
        const answer = await api.healthz();
        seen[i].add(answer.status === 503 ? `503/${answer.json?.code}` : String(answer.status));
      } catch (e) {
        seen[i].add(`error ${e.code}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  });
  return {
    seen,
    stop: async () => {
      running = false;
      await Promise.all(loops);
    },
  };
}

const healthIs = (status) => async () => {
  const answers = await Promise.all(apis.map((api) => api.healthz()));
  return answers.every((a) => a.status === status && (status === 200 || a.json?.code === 50303));
};

test("PostgreSQL restarted and paused under load: 50303 during, no acknowledged login lost", async () => {
  const load = runLoad();
  const health = watchHealth();
  try {
    await waitUntil(() => load.completed >= 10, { timeoutMs: 20_000, what: "10 logins" });

    // A restart in the middle of the logins.
    const unavailableAtRestart = load.unavailable;
    await pg.restart();
    let mark = load.completed;
    await waitUntil(() => load.completed >= mark + 10, {
      timeoutMs: 30_000,
      what: "10 logins after the restart",
    });
    await waitUntil(healthIs(200), { timeoutMs: 15_000, what: "both healthy after the restart" });
    load.unavailableAtRestart = load.unavailable - unavailableAtRestart;

    // An outage long enough to be seen: health says 503 on both, requests 50303.
    const unavailableBefore = load.unavailable;
    await pg.pause();
    await waitUntil(healthIs(503), { timeoutMs: 15_000, what: "both 503/50303 while down" });
    await waitUntil(() => load.unavailable > unavailableBefore, {
      timeoutMs: 15_000,
      what: "a 50303 for a login while down",
    });
    await pg.resume();
    await waitUntil(healthIs(200), { timeoutMs: 15_000, what: "both healthy after the outage" });
    mark = load.completed;
    await waitUntil(() => load.completed >= mark + 10, {
      timeoutMs: 30_000,
      what: "10 logins after the outage",
    });
  } finally {
    await load.stop();
    await health.stop();
  }

  // Both processes serve on their own, without a restart.
  for (const [x, y] of [apis, [apis[1], apis[0]]]) {
    await login({ gene: x, poll: x, phone: x, exchange: x }, { phone: "13699990000" });
    await login({ gene: x, poll: y, phone: y, exchange: x }, { phone: "13699990001" });
  }

  // Nothing acknowledged is lost: confirmed logins not yet exchanged do it now.
  let late = 0;
  for (const [random, login] of load.acknowledged) {
    if (login.exchanged) continue;
    const check = await apis[late % 2].check(random);
    assert.equal(check.json?.data?.status, 2, `acknowledged login ${random}: ${check.text}`);
    const exchange = await apis[(late + 1) % 2].exchange(check.json.data.ticket);
    assert.equal(exchange.status, 200, `ticket of acknowledged login: ${exchange.text}`);
    late++;
  }

  console.log(
    `logins: ${load.completed} completed in the loop, ${late} acknowledged ones exchanged after ` +
      `the outage, ${load.unavailable} answers 503/50303 (${load.unavailableAtRestart} around ` +
      `the restart); /healthz seen: ` +
      health.seen.map((s, i) => `${"AB"[i]} ${[...s].join(",")}`).join("; "),
  );
  assert.deepEqual(load.unexpected, [], "only 503/50303 may fail during an outage");
  for (const p of processes) {
    assert.equal(p.child.exitCode, null, `process ${p.url} still runs:\n${p.output()}`);
  }
});
