// Wake latency: how long after the phone's confirm a PC's held long poll is
// answered. The poll is held on server `poller`, the phone speaks to server
// `phone` (the same process for SQLite, two processes sharing PostgreSQL).
import http from "node:http";
import { gene, heldPolls, request } from "./load.mjs";

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Sends check?since=1 for `random` to `poller` until one is held (the
// server's /metrics counts it). A poll answered at once with the status
// unchanged (a wake-up from an earlier change's notification, which the
// client simply repeats) is counted in `early` and sent again.
async function holdScannedPoll(agents, poller, random) {
  for (let early = 0; early < 50; early++) {
    const poll = { answer: null, answeredAt: 0 };
    poll.done = request(
      agents.poll,
      poller.base,
      `/api/v2/qrcode/check?random=${random}&wait=30&since=1`,
    ).then((res) => {
      poll.answeredAt = performance.now();
      poll.answer = res;
    });
    while (!poll.answer) {
      if ((await heldPolls(agents.metrics, poller.base)) >= 1) return { poll, early };
      await sleep(1);
    }
    if (poll.answer.body?.data?.status !== 1) throw new Error(`check answered ${poll.answer.text}`);
  }
  throw new Error(`${poller.base}: the long poll was never held`);
}

// One login: gene and scan through `phone`, hold check?since=1 on `poller`,
// then confirm through `phone`. Returns ms from sending confirm to the
// poll's answer (wake), to confirm's own answer, and from that answer to
// the poll's (negative when the poll came first); `spoiled` when the held
// poll answered with the status unchanged instead (no wake to time).
async function oneLogin(agents, phone, poller, round) {
  const { random, code } = await gene(agents.phone, phone.base);
  const scanned = await request(agents.phone, phone.base, "/api/v2/qrcode/scanned", {
    method: "POST",
    body: { code, wechatUser: { openid: `bench-${round}`, nickname: "bench", photo: "" } },
  });
  const scanToken = scanned.body?.data?.scanToken;
  if (!scanToken) throw new Error(`scanned failed: ${scanned.text}`);
  const { poll, early } = await holdScannedPoll(agents, poller, random);
  const sentAt = performance.now();
  const confirmed = await request(agents.phone, phone.base, "/api/v2/qrcode/confirm", {
    method: "POST",
    body: { code, scanToken, phone: "13800138000" },
  });
  const confirmedAt = performance.now();
  if (confirmed.body?.code !== 200) throw new Error(`confirm failed: ${confirmed.text}`);
  await poll.done;
  const status = poll.answer.body?.data?.status;
  if (status === 1) return { spoiled: true, early };
  if (status !== 2) throw new Error(`the poll answered ${poll.answer.text}`);
  return {
    wake: poll.answeredAt - sentAt,
    confirm: confirmedAt - sentAt,
    afterConfirm: poll.answeredAt - confirmedAt,
    early,
  };
}

// Logins one after another until `rounds` wakes are timed; resolves to
// p50/p99 of the wake, of confirm's own round trip and of the gap from
// confirm's answer to the poll's, in ms, and how many
// polls were answered at once with the status unchanged (`early`) or
// answered so while held (`spoiled` logins, not timed).
export async function wakeLatency(phone, poller, rounds) {
  const agents = {
    phone: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    poll: new http.Agent({ keepAlive: true, maxSockets: 1 }),
    metrics: new http.Agent({ keepAlive: true, maxSockets: 1 }),
  };
  const wakes = [];
  const confirms = [];
  const afterConfirms = [];
  let early = 0;
  let spoiled = 0;
  for (let round = 0; wakes.length < rounds; round++) {
    if (round >= 2 * rounds) throw new Error(`${spoiled} of ${round} logins spoiled`);
    const login = await oneLogin(agents, phone, poller, round);
    early += login.early;
    if (login.spoiled) {
      spoiled++;
      continue;
    }
    wakes.push(login.wake);
    confirms.push(login.confirm);
    afterConfirms.push(login.afterConfirm);
  }
  Object.values(agents).forEach((agent) => agent.destroy());
  wakes.sort((x, y) => x - y);
  confirms.sort((x, y) => x - y);
  afterConfirms.sort((x, y) => x - y);
  return {
    rounds,
    p50: percentile(wakes, 50),
    p99: percentile(wakes, 99),
    max: wakes[wakes.length - 1],
    confirmP50: percentile(confirms, 50),
    confirmP99: percentile(confirms, 99),
    afterConfirmP50: percentile(afterConfirms, 50),
    afterConfirmP99: percentile(afterConfirms, 99),
    early,
    spoiled,
  };
}
