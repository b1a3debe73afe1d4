// The console's Users and Audit tabs in chromium, against the users and
// audit admin API's contract (console-admin-fake.js answers those routes in
// the page; apps and sign-in are the real server's): search with masked
// numbers and paging, a user's page, Block/Unblock, Delete after confirming,
// Export, the audit log newest first filtered by app, dates in the chosen
// language, hostile names as text.
import { test, expect } from "./fixtures.js";
import { installAdminFake } from "./console-admin-fake.js";
import { adminCall, adminTokenOf, openConsole, watchProblems } from "./console-helpers.js";

test.use({ locale: "en-US" });

const day = 86_400_000;
const start = Date.UTC(2025, 0, 15, 8, 30);

/** 25 users (u01..u25, phones 1380000xx01..), u07 blocked, u13 with a hostile name. */
function seed() {
  const users = Array.from({ length: 25 }, (_, i) => {
    const n = String(i + 1).padStart(2, "0");
    return {
      id: `u${n}`,
      pool: i % 5 === 4 ? "demo" : "wechat",
      phone: `1380000${n}${n}`,
      phoneVerified: i % 5 !== 4,
      name: i === 12 ? "<img src=x onerror=alert(1)>" : `Person ${n}`,
      nickname: `nick${n}`,
      photo: "",
      openid: `openid-${n}`,
      unionid: i % 2 ? `union-${n}` : "",
      registeredAt: start + i * day,
      lastLoginAt: start + i * day + 3_600_000,
      loginsCount: i + 1,
      blocked: i === 6,
      blockedAt: i === 6 ? start + 30 * day : 0,
    };
  });
  const events = [];
  for (let i = 0; i < 60; i++) {
    events.push({
      id: i + 1,
      at: start + i * 3_600_000,
      kind: i % 10 === 9 ? "login.cancelled" : "login.confirmed",
      appId: i % 3 === 0 ? "shop" : "demo",
      userId: `u${String((i % 25) + 1).padStart(2, "0")}`,
      actor: "user",
      ip: `10.0.0.${i}`,
      detail: i === 59 ? { reason: "<b>bold</b>" } : null,
    });
  }
  const identities = { u02: [{ pool: "wechat", identity: "union-02" }] };
  return { users, events, identities };
}

let problems;
let fake;
test.beforeEach(async ({ page, server }) => {
  problems = watchProblems(page);
  page.on("dialog", (d) => {
    problems.push(`a dialog opened: ${d.message()}`);
    d.dismiss();
  });
  // The audit filter lists the server's apps: "shop" must be one of them.
  await adminCall(server, "POST", "/api/v2/admin/applications", { appId: "shop" });
  fake = await installAdminFake(page, { token: await adminTokenOf(server), ...seed() });
});
test.afterEach(() => {
  expect(problems, "no console errors, page errors or CSP refusals").toEqual([]);
});

test("searches users, masked, a page at a time", async ({ page, server }) => {
  await openConsole(page, server, "#users");
  const rows = page.locator("#user-results tbody tr");
  await expect(rows).toHaveCount(20);
  await expect(rows.first().locator("td").nth(1)).toHaveText("138****0101");
  await expect(page.locator("#user-results .pager")).toContainText("1–20 of 25");
  await page.getByRole("button", { name: "Next →" }).click();
  await expect(rows).toHaveCount(5);
  await expect(page.locator("#user-results .pager")).toContainText("21–25 of 25");
  await page.getByRole("button", { name: "← Previous" }).click();
  await expect(rows).toHaveCount(20);

  await page.getByLabel("Search").fill("0707");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText("u07");
  await expect(rows.first()).toContainText("Blocked");

  await page.getByLabel("Search").fill("");
  await page.locator("#user-search [name=pool]").selectOption("demo");
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(rows).toHaveCount(5);
  expect(fake.calls).toContain("GET /api/v2/admin/users?pool=demo&limit=20&offset=0");
  // Nowhere in the list is a whole number.
  expect(await page.locator("#user-results").innerText()).not.toMatch(/1380000\d{4}/);
});

test("a user's page: identities, apps, logins, dates in the console's language", async ({
  page,
  server,
}) => {
  await openConsole(page, server, "#users");
  await page.getByRole("link", { name: "u02" }).click();
  await expect(page).toHaveURL(/#users\/u02$/);
  const detail = page.locator("#user-detail");
  await expect(detail.locator("h2")).toHaveText("Person 02 (u02)");
  await expect(detail.locator("dl")).toContainText("13800000202");
  await expect(detail.locator("dl")).toContainText("union-02");
  const identities = detail.locator(".user-identities tbody tr");
  await expect(identities).toHaveText(["wechatunion-02"]);
  const apps = detail.locator(".user-apps tbody td:first-child");
  await expect(apps).toHaveText(["demo", "shop"]);
  const logins = detail.locator(".user-logins tbody tr");
  await expect(logins).toHaveCount(3);
  await expect(logins.first()).toContainText("Login confirmed");

  const registered = detail.locator("dt:has-text('Registered') + dd");
  const inEnglish = await page.evaluate(
    (ms) =>
      new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "medium" }).format(ms),
    start + day,
  );
  await expect(registered).toHaveText(inEnglish);
  await expect(registered.locator("time")).toHaveAttribute(
    "datetime",
    new Date(start + day).toISOString(),
  );
  await page.locator("#language").selectOption("zh-CN");
  const inChinese = await page.evaluate(
    (ms) =>
      new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeStyle: "medium" }).format(ms),
    start + day,
  );
  await expect(detail.locator("dt:has-text('注册时间') + dd")).toHaveText(inChinese);
  expect(inChinese).toContain("2025年1月16日");
  await expect(logins.first()).toContainText("登录已确认");
});

test("blocks and unblocks a user", async ({ page, server }) => {
  await openConsole(page, server, "#users/u03");
  const detail = page.locator("#user-detail");
  await expect(detail.locator("dt:has-text('Status') + dd")).toHaveText("Active");
  await detail.getByRole("button", { name: "Block", exact: true }).click();
  await expect(page.locator("#users-message")).toHaveText(
    "Blocked: this user's logins are refused from now on.",
  );
  await expect(detail.locator("dt:has-text('Status') + dd")).toHaveText("Blocked");
  await expect(detail.locator("dt:has-text('Blocked since')")).toBeVisible();
  expect(fake.users.find((u) => u.id === "u03").blocked).toBe(true);
  await detail.getByRole("button", { name: "Unblock" }).click();
  await expect(detail.locator("dt:has-text('Status') + dd")).toHaveText("Active");
  expect(fake.users.find((u) => u.id === "u03").blocked).toBe(false);
  expect(fake.calls).toEqual(
    expect.arrayContaining([
      "POST /api/v2/admin/users/u03/block",
      "POST /api/v2/admin/users/u03/unblock",
    ]),
  );
});

test("deletes a user only after the confirmation step", async ({ page, server }) => {
  await openConsole(page, server, "#users/u04");
  const detail = page.locator("#user-detail");
  await detail.getByRole("button", { name: "Delete user" }).click();
  await expect(detail.locator(".confirm")).toContainText("Delete user u04?");
  await detail.getByRole("button", { name: "No, keep it" }).click();
  expect(fake.users.some((u) => u.id === "u04")).toBe(true);
  await detail.getByRole("button", { name: "Delete user" }).click();
  await detail.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page).toHaveURL(/#users$/);
  await expect(page.locator("#users-message")).toHaveText("User u04 deleted.");
  await expect(page.locator("#user-results tbody tr")).toHaveCount(20);
  await expect(page.getByRole("link", { name: "u04", exact: true })).toHaveCount(0);
  expect(fake.users.some((u) => u.id === "u04")).toBe(false);
});

test("exports a user's data as a JSON download", async ({ page, server }) => {
  await openConsole(page, server, "#users/u05");
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export data (JSON)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe("scan-login-user-u05.json");
  const body = JSON.parse(await (await download.createReadStream()).toArray().then(Buffer.concat));
  expect(body.user).toMatchObject({ id: "u05", phone: "13800000505" });
  await expect(page.locator("#users-message")).toHaveText("Export downloaded.");
});

test("the audit log: newest first, filtered by app, a page at a time", async ({ page, server }) => {
  await openConsole(page, server, "#audit");
  const rows = page.locator("#audit-results tbody tr");
  await expect(rows).toHaveCount(25);
  await expect(rows.first()).toContainText("10.0.0.59");
  await expect(rows.first().locator("code.detail")).toHaveText('{"reason":"<b>bold</b>"}');
  await expect(page.getByRole("button", { name: "← Newer" })).toBeDisabled();

  await page.locator("#audit-filter [name=appId]").selectOption("shop");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(rows).toHaveCount(20);
  for (const cell of await rows.locator("td:nth-child(3)").allTextContents()) {
    expect(cell).toBe("shop");
  }
  const ips = async () => rows.locator("td:nth-child(6)").allTextContents();
  expect((await ips())[0]).toBe("10.0.0.57");
  expect((await ips()).at(-1)).toBe("10.0.0.0");

  await page.locator("#audit-filter [name=appId]").selectOption("");
  await page.getByRole("button", { name: "Show" }).click();
  await page.getByRole("button", { name: "Older →" }).click();
  await expect(rows.first()).toContainText("10.0.0.34");
  await page.getByRole("button", { name: "Older →" }).click();
  await expect(rows).toHaveCount(10);
  await expect(page.getByRole("button", { name: "Older →" })).toBeDisabled();
  await page.getByRole("button", { name: "← Newer" }).click();
  await expect(rows.first()).toContainText("10.0.0.34");
  expect(fake.calls).toContain("GET /api/v2/admin/audit?appId=shop&limit=25");

  // A user id in the log opens that user's page.
  await rows.first().getByRole("link").click();
  await expect(page).toHaveURL(/#users\/u10$/);
  await expect(page.locator("#user-detail h2")).toHaveText("Person 10 (u10)");
});

test("a hostile user name renders as text, never as HTML", async ({ page, server }) => {
  await openConsole(page, server, "#users");
  await expect(page.locator("#user-results tbody tr").nth(12)).toContainText(
    "<img src=x onerror=alert(1)>",
  );
  await page.getByRole("link", { name: "u13" }).click();
  await expect(page.locator("#user-detail h2")).toHaveText("<img src=x onerror=alert(1)> (u13)");
  expect(await page.locator("main img").count()).toBe(0);
});
