// Two server processes on one PostgreSQL behind nginx (round robin, no sticky
// sessions): whole logins in chromium through nginx, the client IP taken
// from X-Forwarded-For only from the trusted proxy, and a rolling restart
// (SIGTERM A, start it again, then B) during logins that loses none.
import { test, expect } from "@playwright/test";
import { randomBytes } from "node:crypto";
import { Phone, codeFromQr, waitForQr } from "./phone.js";
import { addLogin, openElementHarness, waitForEvent } from "./element-harness.js";
import {
  client,
  codeOf,
  freePort,
  ok,
  startNginx,
  startPostgres,
  startProcess,
  waitForHeldPolls,
  waitUntil,
} from "./deploy-cluster.js";

test.describe.configure({ mode: "serial" });

const adminToken = randomBytes(18).toString("base64url");
const env = { SCAN_LOGIN_ADMIN_TOKEN: adminToken };
let pg, nginx, serverArgs;
const processes = []; // [A, B], replaced when restarted

test.beforeAll(async () => {
  pg = await startPostgres();
  const uri = await pg.createDatabase("nginx");
  const nginxPort = await freePort();
  serverArgs = [
    "--database",
    uri,
    "--trusted-proxy",
    "127.0.0.1",
    "--public-url",
    `http://127.0.0.1:${nginxPort}`,
    "--gene-rate",
    "0",
  ];
  for (let i = 0; i < 2; i++) processes.push(await startProcess(serverArgs, { env }));
  nginx = await startNginx(
    processes.map((p) => p.port),
    { port: nginxPort },
  );
});

test.afterAll(async () => {
  await nginx?.stop();
  for (const p of processes) await p.stop();
  await pg?.stop();
});

test("the home page through nginx logs in and the callback page shows the user", async ({
  page,
}) => {
  await page.goto(`${nginx.url}/`);
  const login = page.locator("scan-login");
  const qr = await waitForQr(login.locator("canvas"));
  expect(qr.startsWith(`${nginx.url}/m/`)).toBe(true);

  const phone = new Phone(nginx.url, { nickname: "Grace" });
  await phone.scan(codeFromQr(qr));
  await phone.confirm({ phone: "13512345678", realName: "Grace Hopper" });

  await page.waitForURL((url) => url.pathname === "/callback");
  expect(new URL(page.url()).origin).toBe(nginx.url);
  await expect(page.locator("#greeting")).toContainText("Welcome, Grace.");
  await expect(page.locator('#user tr[data-key="phone"] td')).toContainText("13512345678");
  await expect(page.locator("#token-status")).toContainText("Signature verified");
});

test("the element through nginx fires success for a phone behind nginx", async ({ page }) => {
  await openElementHarness(page, { url: nginx.url });
  const login = await addLogin(page, { "app-id": "demo" });
  const qr = await waitForQr(login.locator("canvas"));
  await waitForEvent(login, "load");
  const phone = new Phone(nginx.url, { nickname: "Ada" });
  await phone.scan(codeFromQr(qr));
  await waitForEvent(login, "scanned");
  await phone.confirm({ phone: "13512345679" });
  const success = await waitForEvent(login, "success");
  expect(success.detail.userInfo).toMatchObject({ nickname: "Ada" });
  // The site's backend exchanges the ticket through nginx too.
  const user = ok(await client(nginx.url).exchange(success.detail.ticket), "exchange");
  expect(user.phone).toBe("13512345679");
});

test("the phone sees the client from X-Forwarded-For of the trusted proxy only", async () => {
  // nginx appends its peer (127.0.0.1, this test): "203.0.113.9, 127.0.0.1".
  // The servers trust 127.0.0.1, so the rightmost untrusted address is ours.
  const viaNginx = client(nginx.url, { headers: { "x-forwarded-for": "203.0.113.9" } });
  const gene = ok(await viaNginx.gene(), "gene through nginx");
  const context = ok(await client(nginx.url).context(codeOf(gene.qrcodeContent)), "context");
  expect(context.ip).toBe("203.0.113.9");

  // A process without --trusted-proxy ignores the header entirely.
  const direct = await startProcess(["--gene-rate", "0"]);
  try {
    const spoofing = client(direct.url, { headers: { "x-forwarded-for": "203.0.113.9" } });
    const made = ok(await spoofing.gene(), "gene without a trusted proxy");
    const seen = ok(await client(direct.url).context(codeOf(made.qrcodeContent)), "context");
    expect(seen.ip).toBe("127.0.0.1");
  } finally {
    await direct.stop();
  }
});

test("a rolling restart behind nginx loses no login", async () => {
  test.setTimeout(120_000);
  const api = client(nginx.url);
  const stats = { completed: 0, retries: 0, unchangedAnswers: 0, failures: [] };

  // A request refused while a process stops (nginx: 502/503/504, or a broken
  // connection) is retried once, as a client may.
  const once = async (what, call) => {
    for (let attempt = 0; ; attempt++) {
      let answer;
      try {
        answer = await call();
      } catch (e) {
        if (attempt === 0) {
          stats.retries++;
          continue;
        }
        throw new Error(`${what}: ${e.message}`);
      }
      if (attempt === 0 && [502, 503, 504].includes(answer.status)) {
        stats.retries++;
        continue;
      }
      return ok(answer, what);
    }
  };
  // Long polls until the status differs from `since`; a stopping process
  // answers its held polls with the current status, and the page polls again.
  const poll = async (random, since) => {
    for (let i = 0; i < 10; i++) {
      const data = await once("check", () => api.check(random, { wait: 20, since }));
      if (data.status !== since) return data;
      stats.unchangedAnswers++;
    }
    throw new Error(`status of ${random} stayed ${since}`);
  };
  const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

  let running = true;
  let serial = 0;
  const oneLogin = async () => {
    const n = ++serial;
    const gene = await once("gene", () => api.gene());
    const code = codeOf(gene.qrcodeContent);
    const scanned = poll(gene.random, 0);
    await pause(100 + (n % 4) * 50); // the phone takes a moment to scan
    const { scanToken } = await once("scanned", () =>
      api.scanned(code, { openid: `rolling-${n}`, nickname: `Rolling ${n}` }),
    );
    expect((await scanned).status).toBe(1);
    const confirmed = poll(gene.random, 1);
    await pause(200 + (n % 3) * 100); // and to confirm
    const phone = `1340000${String(n).padStart(4, "0")}`;
    await once("confirm", () => api.confirm(code, scanToken, { phone }));
    const done = await confirmed;
    expect(done.status).toBe(2);
    const user = await once("exchange", () => api.exchange(done.ticket));
    expect(user.phone).toBe(phone);
    stats.completed++;
  };
  const loops = Array.from({ length: 4 }, async () => {
    while (running) {
      try {
        await oneLogin();
      } catch (e) {
        stats.failures.push(e.message);
      }
    }
  });

  const exits = [];
  try {
    await waitUntil(() => stats.completed >= 4, { timeoutMs: 20_000, what: "4 logins" });
    for (const i of [0, 1]) {
      const old = processes[i];
      // Stop it while it holds long polls of logins in flight.
      await waitForHeldPolls(client(old.url), 1, 20_000);
      exits.push(await old.stop("SIGTERM"));
      processes[i] = await startProcess([...serverArgs, "--port", String(old.port)], { env });
      const mark = stats.completed;
      await waitUntil(() => stats.completed >= mark + 4, {
        timeoutMs: 30_000,
        what: `4 logins after restarting ${"AB"[i]}`,
      });
    }
  } finally {
    running = false;
    await Promise.all(loops);
  }
  console.log(
    `rolling restart: ${stats.completed} logins completed, ${stats.retries} requests retried ` +
      `once, ${stats.unchangedAnswers} held polls answered with the unchanged status`,
  );
  expect(stats.failures).toEqual([]);
  expect(exits).toEqual([
    { code: 0, signal: null },
    { code: 0, signal: null },
  ]);
  expect(stats.completed).toBeGreaterThanOrEqual(12);
});
