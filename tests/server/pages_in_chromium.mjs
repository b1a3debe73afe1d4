// The server's own pages in Debian's chromium, under their strict CSP: the
// phone page (/m/<code>) scans and confirms a real code, refuses a used and
// an unknown one; the console changes an app through the admin API.
// Usage: node pages_in_chromium.mjs <path to scan-login-server>. Exit 0 = pass.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { chromium } from "playwright-core";
import { launchOptions } from "../browser/chromium-launch.js";

const binary = process.argv[2];
// A store of its own, removed when this script exits.
const dataDir = mkdtempSync(join(tmpdir(), "scan-login-test-"));
process.once("exit", () => rmSync(dataDir, { recursive: true, force: true }));
const server = spawn(binary, ["--port", "0", "--bind", "127.0.0.1", "--data-dir", dataDir], {
  stdio: ["ignore", "pipe", "pipe"],
});
let adminToken = "";
createInterface({ input: server.stderr }).on("line", (line) => {
  const match = /admin token (\S+)/.exec(line);
  if (match) adminToken = match[1];
});
const base = await new Promise((resolve, reject) => {
  const timer = setTimeout(() => reject(new Error("no listening line")), 10_000);
  createInterface({ input: server.stdout }).once("line", (line) => {
    clearTimeout(timer);
    resolve(/listening on (\S+)/.exec(line)[1]);
  });
});

const expect = (ok, what) => {
  if (!ok) throw new Error(`failed: ${what}`);
};
const api = async (path, body, headers = {}) => {
  const response = await fetch(base + path, {
    method: body ? "POST" : "GET",
    headers: body ? { "content-type": "application/json", ...headers } : headers,
    body: body ? JSON.stringify(body) : undefined,
  });
  return response.json();
};

const browser = await chromium.launch(launchOptions);
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  const problems = [];
  // 404s are expected (the unknown code); anything else, CSP refusals above all, is not.
  page.on(
    "console",
    (m) => m.type() === "error" && !m.text().includes("status of 404") && problems.push(m.text()),
  );
  page.on("pageerror", (e) => problems.push(String(e)));

  const pcAgent =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36";
  const gene = (
    await api("/api/v2/qrcode/gene", {}, { "x-authing-app-id": "demo", "user-agent": pcAgent })
  ).data;
  await page.goto(gene.qrcodeContent);
  await page.locator("#request").waitFor({ state: "visible" });
  expect((await page.textContent("#app-name")) === "Scan Login Demo", "app name shown");
  expect((await page.textContent("#browser")) === "Chrome 120 on Windows", "PC browser shown");
  expect((await page.textContent("#ip")) === "127.0.0.1", "PC IP shown");
  expect(
    (await page.textContent(".warning")).includes("Only confirm a login you started yourself"),
    "warning shown",
  );
  // Opening the page tells the PC nothing (a link preview, a stray open):
  // the scan is reported on the person's tap.
  expect(
    (await api(`/api/v2/qrcode/check?random=${gene.random}`)).data.status === 0,
    "opening the page does not scan",
  );
  expect(await page.locator("#confirm").isHidden(), "no confirm before the tap");
  expect(
    (await page.textContent(".demo-banner")).includes("Nothing here is verified by WeChat"),
    "the stand-in page says it is a demo",
  );
  await page.click("#continue");
  await page.locator("#step-confirm").waitFor({ state: "visible" });
  expect(
    (await api(`/api/v2/qrcode/check?random=${gene.random}`)).data.status === 1,
    "the tap on Continue scans",
  );
  // Each browser is its own stand-in person: no shared number or name that
  // would put every visitor who just taps Confirm into one account.
  const prefilled = await page.inputValue("#phone");
  const kept = await page.evaluate(() => JSON.parse(localStorage.getItem("scan-login-wechat")));
  expect(
    /^170\d{8}$/.test(prefilled) && kept.phone === prefilled,
    "one browser keeps its own stand-in number",
  );
  const fresh = await browser.newContext();
  const stranger = await fresh.newPage();
  await stranger.goto(gene.qrcodeContent);
  await stranger.locator("#request").waitFor({ state: "visible" });
  expect(
    (await stranger.inputValue("#phone")) !== prefilled &&
      (await stranger.inputValue("#openid")) !== (await page.inputValue("#openid")),
    "another browser is another stand-in person",
  );
  await fresh.close();

  await page.fill("#phone", "13900139000");
  await page.fill("#real-name", "Li Si");
  await page.click("#confirm");
  await page.locator("#message.done").waitFor();
  const check = (await api(`/api/v2/qrcode/check?random=${gene.random}`)).data;
  expect(check.status === 2, "confirmed");
  const user = (
    await api(
      "/api/v2/qrcode/userinfo",
      { ticket: check.ticket },
      { "x-authing-app-secret": "demo-secret-change-me" },
    )
  ).data;
  expect(
    user.phone === "13900139000" && user.name === "Li Si",
    "the phone page's number and name reach the user",
  );

  await page.goto(gene.qrcodeContent);
  await page.locator("#message.error").waitFor();
  expect((await page.textContent("#message")).includes("already used"), "a used code is refused");
  await page.goto(base + "/m/no-such-code");
  await page.locator("#message.error").waitFor();
  expect((await page.textContent("#message")).includes("unknown"), "an unknown code is refused");

  // Cancel before Continue: nothing reaches the PC.
  const early = (await api("/api/v2/qrcode/gene", {}, { "x-authing-app-id": "demo" })).data;
  await page.goto(early.qrcodeContent);
  await page.locator("#request").waitFor({ state: "visible" });
  await page.click("#cancel-early");
  await page.locator("#message.done").waitFor();
  expect(
    (await page.textContent("#message")).includes("Nothing was sent"),
    "an early cancel says nothing was sent",
  );
  expect(
    (await api(`/api/v2/qrcode/check?random=${early.random}`)).data.status === 0,
    "an early cancel tells the PC nothing",
  );

  // A phone set to Chinese gets the page in Chinese.
  const chinese = await browser.newPage({ locale: "zh-CN", viewport: { width: 390, height: 844 } });
  const other = (await api("/api/v2/qrcode/gene", {}, { "x-authing-app-id": "demo" })).data;
  await chinese.goto(other.qrcodeContent);
  await chinese.locator("#request").waitFor({ state: "visible" });
  expect((await chinese.textContent("#confirm")) === "确认登录", "Chinese confirm button");
  expect(
    (await chinese.textContent(".warning strong")) === "请只确认你本人发起的登录",
    "Chinese warning",
  );
  await chinese.close();

  await page.goto(base + "/console");
  await page.fill("#token", adminToken);
  await page.click("#login button");
  const form = page.locator(".app-form").first();
  await form.waitFor();
  await form.locator("[name=name]").fill("Renamed in console");
  await form.locator("[name=qrExpiresIn]").fill("90");
  await form.locator("button").click();
  await form.locator(".message.done").waitFor();
  const config = (await api("/api/v2/applications/demo/public-config")).data;
  expect(
    config.name === "Renamed in console" && config.qrExpiresIn === 90,
    "the console saved the app",
  );

  expect(problems.length === 0, `no console errors or CSP violations: ${problems.join("; ")}`);
  console.log("phone page and console work in chromium");
} catch (error) {
  console.error(String(error));
  process.exitCode = 1;
} finally {
  await browser.close();
  server.kill("SIGTERM");
}
