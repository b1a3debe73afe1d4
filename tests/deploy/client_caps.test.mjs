// One client cannot take the server's connections or long-poll slots
// (issue 10, "One client can exhaust file descriptors"): a flood of idle
// connections from 127.0.0.1 is cut at its client's share, with a 503 that
// says why, while another client (127.0.0.2) checks health and logs in; a
// client's long polls past its share answer 503 at once; and under a small
// open-file limit the caps follow from it, so accept never runs out of
// descriptors.
import assert from "node:assert/strict";
import net from "node:net";
import { after, test } from "node:test";
import { client, login, startProcess, temporaryDir, waitUntil } from "../browser/deploy-cluster.js";

const processes = [];
after(async () => {
  for (const p of processes) await p.stop();
});

/** `count` idle connections from `localAddress`; each records what it was sent. */
async function flood(port, count, localAddress = "127.0.0.1") {
  const sockets = [];
  await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise((resolve) => {
          const socket = net.connect({ port, host: "127.0.0.1", localAddress });
          socket.received = "";
          socket.on("data", (d) => (socket.received += d));
          socket.on("error", () => {});
          socket.once("connect", resolve);
          socket.once("error", resolve);
          sockets.push(socket);
        }),
    ),
  );
  return sockets;
}

const turnedAway = (sockets) =>
  sockets.filter((s) => s.received.startsWith("HTTP/1.1 503") && s.closed);

test("a flood of connections from one client is cut at its share; others are served", async () => {
  const server = await startProcess(["--gene-rate", "0", "--max-connections-per-client", "20"]);
  processes.push(server);
  const sockets = await flood(server.port, 60);
  await waitUntil(() => turnedAway(sockets).length === 40, { what: "40 connections turned away" });
  const refused = turnedAway(sockets)[0].received;
  assert.match(refused, /"code":50305/);
  assert.match(refused, /too many connections from this client/);
  assert.equal(sockets.filter((s) => !s.closed).length, 20, "the first 20 stay open");

  // Another client is served while the flood holds its share.
  const other = client(server.url, { localAddress: "127.0.0.2" });
  assert.equal((await other.healthz()).status, 200);
  const done = await login(
    { gene: other, poll: other, phone: other, exchange: other },
    {
      phone: "13700000001",
    },
  );
  assert.ok(done.user.id);
  // The flooding client itself gets its 503 too, not a hang.
  assert.equal((await client(server.url).healthz()).status, 503);

  // Its slots come back when it closes.
  for (const s of sockets) s.destroy();
  await waitUntil(async () => (await client(server.url).healthz()).status === 200, {
    what: "the flooding client served again once it closed its connections",
  });
});

test("a client's long polls past its share answer 503 at once; others still hold", async () => {
  const server = await startProcess([
    "--data-dir",
    temporaryDir("caps"),
    "--gene-rate",
    "0",
    "--max-held-polls-per-client",
    "3",
  ]);
  processes.push(server);
  const poller = client(server.url, { localAddress: "127.0.0.3" });
  const gene = (await poller.gene()).json.data;
  const held = Array.from({ length: 3 }, () => poller.check(gene.random, { wait: 2, since: 0 }));
  await waitUntil(
    async () => (await client(server.url).metrics()).text.includes("scan_login_held_long_polls 3"),
    { what: "3 held polls" },
  );
  const started = performance.now();
  const fourth = await poller.check(gene.random, { wait: 2, since: 0 });
  assert.equal(fourth.status, 503);
  assert.equal(fourth.json.code, 50302);
  assert.match(fourth.json.message, /this client/);
  assert.ok(performance.now() - started < 1500, "answered at once, not held");
  // Another client's poll is held as usual (it answers after its wait).
  const otherStarted = performance.now();
  const other = await client(server.url, { localAddress: "127.0.0.4" }).check(gene.random, {
    wait: 1,
    since: 0,
  });
  assert.equal(other.status, 200);
  assert.ok(performance.now() - otherStarted >= 900, "the other client's poll was held");
  for (const answer of await Promise.all(held)) assert.equal(answer.status, 200);
  // The slots are free again.
  const again = await poller.check(gene.random, { wait: 1, since: 0 });
  assert.equal(again.status, 200);
});

test("under a small open-file limit the caps follow from it and accept never fails", async () => {
  const server = await startProcess(["--data-dir", temporaryDir("caps"), "--gene-rate", "0"], {
    prefix: ["prlimit", "--nofile=300:300", "--"],
  });
  processes.push(server);
  const [, perClientText] = await server.waitForOutput(
    /open files 300: at most \d+ connections, (\d+) per client/,
  );
  const perClient = Number(perClientText);
  assert.ok(perClient >= 16 && perClient < 300, `per-client cap ${perClient}`);
  const sockets = await flood(server.port, 400);
  await waitUntil(() => turnedAway(sockets).length === 400 - perClient, {
    what: "the connections past the share turned away",
  });
  const other = client(server.url, { localAddress: "127.0.0.2" });
  await login(
    { gene: other, poll: other, phone: other, exchange: other },
    {
      phone: "13700000002",
    },
  );
  for (const s of sockets) s.destroy();
  assert.doesNotMatch(server.output(), /Too many open files/);
});
