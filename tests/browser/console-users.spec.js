// The console's Users and Audit tabs against the real server's users and
// audit admin API: people log in through the demo app's phone flow, then
// the operator finds, opens, blocks, unblocks, exports and deletes one, and
// reads the audit log filtered by app.
import { test, expect } from "./fixtures.js";
import { adminCall, demoLogin, openConsole, uniqueId, watchProblems } from "./console-helpers.js";

test.use({ locale: "en-US", serverArgs: ["--gene-rate", "0"] });

let problems;
test.beforeEach(async ({ page }) => {
  problems = watchProblems(page);
  page.on("dialog", (d) => {
    problems.push(`a dialog opened: ${d.message()}`);
    d.dismiss();
  });
});
test.afterEach(() => {
  if (problems) expect(problems, "no console errors, page errors or CSP refusals").toEqual([]);
});

const freshPhone = () => "139" + String(Math.floor(Math.random() * 1e8)).padStart(8, "0");

test("finds a user who logged in, opens, blocks, unblocks, exports and deletes them", async ({
  page,
  server,
}) => {
  const phone = freshPhone();
  const realName = `<img src=x onerror=alert(1)> ${uniqueId("n")}`;
  await demoLogin(server, { phone, realName, nickname: "Hostile" });

  await openConsole(page, server, "#users");
  await page.getByLabel("Search").fill(phone.slice(-8));
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const rows = page.locator("#user-results tbody tr");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toContainText(phone.slice(0, 3) + "****" + phone.slice(-4));
  await expect(rows.first()).toContainText(realName);
  expect(await rows.first().innerText()).not.toContain(phone);
  await rows.first().getByRole("link").click();

  const detail = page.locator("#user-detail");
  await expect(detail.locator("h2")).toContainText(realName);
  await expect(detail.locator("dl")).toContainText(phone);
  await expect(detail.locator(".user-apps tbody td:first-child")).toHaveText(["demo"]);
  await expect(detail.locator(".user-logins tbody tr").first()).toContainText("Login confirmed");
  expect(await page.locator("main img:not(.photo)").count()).toBe(0);
  const id = decodeURIComponent(new URL(page.url()).hash.split("/")[1]);

  await detail.getByRole("button", { name: "Block", exact: true }).click();
  await expect(detail.locator("dt:has-text('Status') + dd")).toHaveText("Blocked");
  expect((await adminCall(server, "GET", `/api/v2/admin/users/${id}`)).data.user.blocked).toBe(
    true,
  );
  await detail.getByRole("button", { name: "Unblock" }).click();
  await expect(detail.locator("dt:has-text('Status') + dd")).toHaveText("Active");
  expect((await adminCall(server, "GET", `/api/v2/admin/users/${id}`)).data.user.blocked).toBe(
    false,
  );

  const downloading = page.waitForEvent("download");
  await detail.getByRole("button", { name: "Export data (JSON)" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/\.json$/);
  const body = JSON.parse(await (await download.createReadStream()).toArray().then(Buffer.concat));
  expect(body.user).toMatchObject({ id, phone });

  await detail.getByRole("button", { name: "Delete user" }).click();
  await detail.getByRole("button", { name: "Yes, delete" }).click();
  await expect(page).toHaveURL(/#users$/);
  await expect(page.locator("#users-message")).toHaveText(`User ${id} deleted.`);
  expect((await adminCall(server, "GET", `/api/v2/admin/users/${id}`)).httpStatus).toBe(404);
});

test("pages through the matches, dates in the console's language", async ({ page, server }) => {
  const tag = uniqueId("Pager");
  for (let i = 0; i < 21; i++)
    await demoLogin(server, { phone: freshPhone(), realName: `${tag} ${i}` });
  await openConsole(page, server, "#users");
  await page.getByLabel("Search").fill(tag);
  await page.getByRole("button", { name: "Search", exact: true }).click();
  const rows = page.locator("#user-results tbody tr");
  await expect(page.locator("#user-results .pager")).toContainText("1–20 of 21");
  await expect(rows).toHaveCount(20);
  await page.getByRole("button", { name: "Next →" }).click();
  await expect(page.locator("#user-results .pager")).toContainText("21–21 of 21");
  await expect(rows).toHaveCount(1);

  const registered = rows.first().locator("td:nth-child(5) time");
  const ms = Date.parse(await registered.getAttribute("datetime"));
  const format = (lang) =>
    page.evaluate(
      ([lang, ms]) =>
        new Intl.DateTimeFormat(lang, { dateStyle: "medium", timeStyle: "medium" }).format(ms),
      [lang, ms],
    );
  await expect(registered).toHaveText(await format("en-US"));

  // The registration date range: today (in the browser's zone) finds them,
  // a range that ended yesterday finds none.
  const day = (offset) =>
    page.evaluate((offset) => {
      const d = new Date();
      d.setDate(d.getDate() + offset);
      const pad = (n) => String(n).padStart(2, "0");
      return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
    }, offset);
  await page.getByLabel("Registered from").fill(await day(0));
  await page.getByLabel("to (inclusive)").fill(await day(0));
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(page.locator("#user-results .pager")).toContainText("1–20 of 21");
  await page.getByLabel("Registered from").fill(await day(-2));
  await page.getByLabel("to (inclusive)").fill(await day(-1));
  await page.getByRole("button", { name: "Search", exact: true }).click();
  await expect(rows).toHaveCount(0);

  await page.locator("#language").selectOption("zh-CN");
  await page.getByLabel("注册日期从").fill("");
  await page.getByLabel("至（含当天）").fill("");
  await page.getByRole("button", { name: "搜索", exact: true }).click();
  await expect(rows).toHaveCount(20);
  const newest = Date.parse(await registered.getAttribute("datetime"));
  const zh = await page.evaluate(
    (ms) =>
      new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeStyle: "medium" }).format(ms),
    newest,
  );
  await expect(registered).toHaveText(zh);
  await expect(registered).toContainText("年");
});

test("the audit log, newest first, filtered by app", async ({ page, server }) => {
  const other = uniqueId("other");
  await adminCall(server, "POST", "/api/v2/admin/applications", { appId: other, mode: "demo" });
  const phone = freshPhone();
  await demoLogin(server, { phone, realName: "First" });
  await demoLogin(server, { appId: other, phone, realName: "First" });

  await openConsole(page, server, "#audit");
  const rows = page.locator("#audit-results tbody tr");
  await expect(rows.first()).toBeVisible();
  const times = await rows.locator("time").evaluateAll((ts) => ts.map((t) => t.dateTime));
  expect(times, "newest first").toEqual([...times].sort().reverse());

  await page.locator("#audit-filter [name=appId]").selectOption(other);
  await page.getByRole("button", { name: "Show" }).click();
  const appCells = rows.locator("td:nth-child(3)");
  await expect(appCells.filter({ hasNotText: other }), "only that app's events").toHaveCount(0);
  await expect(rows.filter({ hasText: "Login confirmed" })).toHaveCount(1);
  await expect(rows.filter({ hasText: "App created" })).toHaveCount(1);

  await page.locator("#audit-filter [name=appId]").selectOption("demo");
  await page.locator("#audit-filter [name=kind]").selectOption("login.confirmed");
  await page.getByRole("button", { name: "Show" }).click();
  await expect(appCells.filter({ hasNotText: /^demo$/ })).toHaveCount(0);
  await expect(
    rows.locator("td:nth-child(2)").filter({ hasNotText: "Login confirmed" }),
  ).toHaveCount(0);
  await expect(rows.first()).toContainText("Login confirmed");
});

// The tab's first, unfiltered list can answer after the search typed while
// it was on its way (a slow store, a busy server); the newer answer stays.
for (const { tab, list, filter, results } of [
  {
    tab: "#users",
    list: "/api/v2/admin/users",
    filter: async (page, { phone }) => {
      await page.getByLabel("Search").fill(phone.slice(-8));
      await page.getByRole("button", { name: "Search", exact: true }).click();
    },
    results: "#user-results tbody tr",
  },
  {
    tab: "#audit",
    list: "/api/v2/admin/audit",
    filter: async (page, { appId }) => {
      await page.locator("#audit-filter [name=appId]").selectOption(appId);
      await page.getByRole("button", { name: "Show" }).click();
    },
    results: "#audit-results tbody tr",
  },
]) {
  test(`${tab}: a stale answer that comes last does not replace the newer one`, async ({
    page,
    server,
  }) => {
    const appId = uniqueId("late");
    await adminCall(server, "POST", "/api/v2/admin/applications", { appId, mode: "demo" });
    const phone = freshPhone();
    await demoLogin(server, { appId, phone, realName: "Searched" });
    await demoLogin(server, { phone: freshPhone(), realName: "Someone else" });

    // Hold the first unfiltered answer until the filtered one is shown.
    let release;
    const filteredShown = new Promise((resolve) => (release = resolve));
    let held = false;
    await page.route(
      (url) =>
        url.pathname === list && !url.search.includes("q=") && !url.search.includes("appId="),
      async (route) => {
        if (held) return route.continue();
        held = true;
        await filteredShown;
        await route.continue();
      },
    );
    const staleAnswered = page.waitForResponse(
      (r) => new URL(r.url()).pathname === list && !new URL(r.url()).search.includes("appId="),
    );
    await openConsole(page, server, tab);
    await filter(page, { phone, appId });
    const rows = page.locator(results);
    if (tab === "#users") await expect(rows).toHaveCount(1);
    else await expect(rows.filter({ hasText: "Login confirmed" })).toHaveCount(1);
    release();
    await staleAnswered;
    // Give the stale answer's rendering its turn, then look again.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 200)));
    await expect(rows.filter({ hasText: "Someone else" })).toHaveCount(0);
    if (tab === "#users") await expect(rows).toHaveCount(1);
    else await expect(rows.locator("td:nth-child(3)").filter({ hasNotText: appId })).toHaveCount(0);
  });
}
