// <scan-login> and the network: a server that goes away and comes back, a
// hidden page, a removed element, stop(). Requests are counted as the
// browser sends them (page.on("request")).
import { test, expect, startServer } from "./fixtures.js";
import { rmSync } from "node:fs";
import { Phone, codeFromQr, readQr, waitForQr } from "./phone.js";
import { startProcess, temporaryDir } from "./deploy-cluster.js";
import {
  addLogin,
  eventTrace,
  openElementHarness,
  part,
  waitForEvent,
  waitForPhase,
} from "./element-harness.js";

test.use({ serverArgs: ["--gene-rate", "0"] });

// Absence of requests can only be shown by watching for a while.
const quietMs = 1_000;

// Records the API fetches the page makes, in the page itself, so that an
// action and the count taken with it (in one evaluate) cannot race:
// Playwright's request events may report a request sent just before the
// action only after it.
async function recordApiFetches(page) {
  await page.evaluate(() => {
    const original = window.fetch;
    window.apiFetches = [];
    window.fetch = (input, init) => {
      const url = new URL(String(input?.url ?? input), location.href);
      if (url.pathname.startsWith("/api/")) window.apiFetches.push(url.href);
      return original.call(window, input, init);
    };
  });
  return () => page.evaluate(() => window.apiFetches.slice());
}

// Sets document.visibilityState, fires visibilitychange, and returns how many
// API fetches were made up to that moment (see recordApiFetches).
function setVisibility(page, state) {
  return page.evaluate((state) => {
    Object.defineProperty(document, "visibilityState", { configurable: true, get: () => state });
    Object.defineProperty(document, "hidden", {
      configurable: true,
      get: () => state === "hidden",
    });
    document.dispatchEvent(new Event("visibilitychange"));
    return window.apiFetches?.length ?? 0;
  }, state);
}

// The server keeps its codes in its data folder: the element polls the same
// code across a restart (SIGTERM) or a crash (SIGKILL), and the phone that
// scanned it before can still confirm it.
test("a server that stops shows reconnecting, and after its restart the same code logs in", async ({
  page,
}) => {
  const server = await startServer(["--gene-rate", "0"]);
  try {
    await openElementHarness(page, server);
    const login = await addLogin(page, { "app-id": "demo", lang: "en-US" });
    const first = await waitForQr(login.locator("canvas"));
    await waitForEvent(login, "load");

    // SIGTERM answers the held poll; the element's next one finds no server.
    const exited = new Promise((resolve) => server.process.once("exit", resolve));
    server.process.kill("SIGTERM");
    await exited;
    await waitForEvent(login, "statechange", { state: "reconnecting" });
    await expect(part(login, "status")).toHaveText("Connection lost. Reconnecting…");
    await expect(part(login, "overlay")).toBeVisible();

    await server.restart(); // same port, same data folder
    await waitForEvent(login, "statechange", { state: "showing-code", count: 2 });
    await expect(part(login, "overlay")).toBeHidden();
    expect(await readQr(login.locator("canvas"))).toBe(first);
    const phone = new Phone(server.url);
    await phone.scan(codeFromQr(first));
    await waitForEvent(login, "scanned");
    await phone.confirm();
    await waitForEvent(login, "success");
    const trace = await eventTrace(login);
    expect(trace).toContain("state:reconnecting");
    expect(trace.filter((t) => t === "load")).toHaveLength(1);
  } finally {
    await server.stop();
  }
});

test("a server killed after the scan comes back with the code, and the phone confirms", async ({
  page,
}) => {
  const server = await startServer(["--gene-rate", "0"]);
  try {
    await openElementHarness(page, server);
    const login = await addLogin(page, { "app-id": "demo", lang: "en-US" });
    const first = await waitForQr(login.locator("canvas"));
    const phone = new Phone(server.url, { nickname: "Crash" });
    await phone.scan(codeFromQr(first));
    await waitForEvent(login, "scanned");

    await server.kill(); // SIGKILL, then the same port and data folder again
    await phone.confirm({ phone: "13800000099" });
    const success = await waitForEvent(login, "success");
    expect(success.detail.userInfo).toMatchObject({ nickname: "Crash" });
    const trace = await eventTrace(login);
    expect(trace.filter((t) => t === "load")).toHaveLength(1);
    expect(trace.filter((t) => t === "scanned")).toHaveLength(1);
  } finally {
    await server.stop();
  }
});

test("a server restarted on a fresh data folder forgot the code: its 404 makes a new one", async ({
  page,
}) => {
  const firstDir = temporaryDir("network-first");
  const freshDir = temporaryDir("network-fresh");
  const server = await startServer(["--data-dir", firstDir, "--gene-rate", "0"]);
  let fresh;
  try {
    await openElementHarness(page, server);
    const login = await addLogin(page, { "app-id": "demo", lang: "en-US" });
    const first = await waitForQr(login.locator("canvas"));
    await waitForEvent(login, "load");

    await server.stop();
    await waitForEvent(login, "statechange", { state: "reconnecting" });
    const port = new URL(server.url).port;
    fresh = await startProcess(["--port", port, "--data-dir", freshDir, "--gene-rate", "0"]);
    const second = await waitForQr(login.locator("canvas"), { previous: first });
    await waitForPhase(login, "showing-code");
    await expect(part(login, "overlay")).toBeHidden();
    expect(codeFromQr(second)).not.toBe(codeFromQr(first));
    expect((await eventTrace(login)).filter((t) => t === "load")).toHaveLength(2);

    const phone = new Phone(fresh.url);
    await phone.scan(codeFromQr(second));
    await phone.confirm();
    await waitForEvent(login, "success");
  } finally {
    await fresh?.stop();
    await server.stop();
    for (const dir of [firstDir, freshDir]) rmSync(dir, { recursive: true, force: true });
  }
});

test("a hidden page polls nothing and checks at once when visible again", async ({
  page,
  server,
}) => {
  await openElementHarness(page, server);
  const fetches = await recordApiFetches(page);
  // Plain polling every 100 ms, so that any request while hidden would show.
  const login = await addLogin(page, { "app-id": "demo", wait: "0", interval: "100" });
  await waitForEvent(login, "load");
  await expect
    .poll(async () => (await fetches()).filter((u) => u.includes("/check?")).length)
    .toBeGreaterThan(2);

  const before = await setVisibility(page, "hidden");
  await page.waitForTimeout(quietMs);
  expect((await fetches()).slice(before)).toEqual([]);

  const check = page.waitForRequest((r) => r.url().includes("/api/v2/qrcode/check?"));
  await setVisibility(page, "visible");
  await check;
  expect(await login.evaluate((e) => e.phase)).toBe("showing-code");
});

test("a hidden page aborts its held long poll", async ({ page, server }) => {
  await openElementHarness(page, server);
  const held = page.waitForRequest((r) => r.url().includes("wait="));
  const login = await addLogin(page, { "app-id": "demo" });
  await waitForEvent(login, "load");
  const request = await held;
  const failed = page.waitForEvent("requestfailed", (r) => r === request);
  await setVisibility(page, "hidden");
  expect((await failed).failure()?.errorText).toMatch(/ABORTED/);
});

test("a removed element aborts its request and makes no more", async ({ page, server }) => {
  await openElementHarness(page, server);
  const fetches = await recordApiFetches(page);
  const longPoll = page.waitForRequest((r) => r.url().includes("wait="));
  const aborted = longPoll.then((r) => page.waitForEvent("requestfailed", (f) => f === r));
  const login = await addLogin(page, { "app-id": "demo", wait: "0", interval: "100" });
  const held = await addLogin(page, { "app-id": "demo" });
  await waitForEvent(login, "load");
  await waitForEvent(held, "load");
  await longPoll;

  const handle = await login.elementHandle();
  const eventsBefore = await handle.evaluate((e) => e.recordedEvents.length);
  const before = await page.evaluate(() => {
    document.querySelectorAll("scan-login").forEach((e) => e.remove());
    return window.apiFetches.length;
  });
  await aborted;
  await page.waitForTimeout(quietMs);
  expect((await fetches()).slice(before)).toEqual([]);
  // No late event either (the element is gone, so no statechange to idle).
  expect(await handle.evaluate((e) => e.recordedEvents.length)).toBe(eventsBefore);
});

test("stop() ends polling until refresh() brings a new code", async ({ page, server }) => {
  await openElementHarness(page, server);
  const fetches = await recordApiFetches(page);
  const login = await addLogin(page, {
    "app-id": "demo",
    wait: "0",
    interval: "100",
    lang: "en-US",
  });
  const first = await waitForQr(login.locator("canvas"));
  const before = await login.evaluate((e) => {
    e.stop();
    return window.apiFetches.length;
  });
  await waitForPhase(login, "idle");
  await expect(part(login, "message")).toHaveText("Stopped");
  await page.waitForTimeout(quietMs);
  expect((await fetches()).slice(before)).toEqual([]);

  await login.evaluate((e) => e.refresh());
  const second = await waitForQr(login.locator("canvas"), { previous: first });
  await waitForPhase(login, "showing-code");
  expect(codeFromQr(second)).not.toBe(codeFromQr(first));
});

test("moving an element in the page restarts it with a new code", async ({ page, server }) => {
  await openElementHarness(page, server);
  const login = await addLogin(page, { "app-id": "demo" });
  const first = await waitForQr(login.locator("canvas"));
  await login.evaluate((e) => {
    const holder = document.createElement("div");
    document.body.append(holder);
    holder.append(e);
  });
  const second = await waitForQr(login.locator("canvas"), { previous: first });
  expect(codeFromQr(second)).not.toBe(codeFromQr(first));
  await new Phone(server.url).scan(codeFromQr(second));
  await waitForEvent(login, "scanned");
});
