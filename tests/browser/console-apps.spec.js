// The console's Apps tab in chromium against the real server: create (the
// secret shown once), edit with selects, rotate, delete with a confirmation
// step, help per field, admin API errors in words, hostile names as text.
import { test, expect } from "./fixtures.js";
import { adminCall, openConsole, uniqueId, watchProblems } from "./console-helpers.js";

test.use({ locale: "en-US" });

let problems;
test.beforeEach(({ page }) => {
  problems = watchProblems(page);
});
test.afterEach(() => {
  expect(problems, "no console errors, page errors or CSP refusals").toEqual([]);
});

const card = (page, appId) => page.locator(`.app-card[data-app-id="${appId}"]`);

test("creates an app from the form: listed, its secret shown once", async ({ page, server }) => {
  const appId = uniqueId("shop");
  await openConsole(page, server);
  await page.getByRole("button", { name: "New app" }).click();
  const form = page.locator(".create-form");
  await form.getByLabel("App ID").fill(appId);
  await form.getByLabel("Name", { exact: true }).fill("Shop of Ada");
  await form.getByLabel("Mode").selectOption("demo");
  await form.getByLabel("Language", { exact: true }).selectOption("en-US");
  await form.getByLabel("Callback URLs").fill("https://shop.example/cb\nhttps://shop.example/cb2");
  await form.getByLabel("Allowed origins").fill("https://shop.example");
  await form.getByLabel("Browser ticket exchange").selectOption("proof");
  await form.getByRole("button", { name: "Create app" }).click();

  const created = card(page, appId);
  await expect(created.locator("h2")).toHaveText(`Shop of Ada (${appId})`);
  const notice = created.locator(".secret-once");
  await expect(notice).toContainText("Copy the app secret now");
  await expect(notice).toContainText("shown this once");
  const secret = await notice.locator("code.secret").textContent();
  expect(secret.length).toBeGreaterThanOrEqual(24);
  await expect(page.locator("#apps-message")).toHaveText(`App ${appId} created.`);

  // The server made that secret: the ticket exchange's credential check takes it.
  const stored = await adminCall(server, "GET", `/api/v2/admin/applications/${appId}`);
  expect(stored.data).toMatchObject({
    mode: "demo",
    lang: "en-US",
    callbackUrls: ["https://shop.example/cb", "https://shop.example/cb2"],
    allowedOrigins: ["https://shop.example"],
    browserExchange: "proof",
    appSecretSet: true,
  });
  const exchange = await fetch(`${server.url}/api/v2/qrcode/userinfo`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-authing-app-id": appId,
      "x-authing-app-secret": secret,
    },
    body: JSON.stringify({ ticket: "no-such-ticket" }),
  }).then((r) => r.json());
  expect(exchange.code, "the secret is accepted (the ticket is what is unknown)").toBe(40404);

  // Dismissed, or after a reload, the secret is nowhere on the page.
  await notice.getByRole("button", { name: "I have copied it" }).click();
  await expect(created.locator(".secret-once")).toHaveCount(0);
  await page.reload();
  await expect(card(page, appId)).toBeVisible();
  await expect(card(page, appId).locator("[data-field=appSecret] .secret-state")).toHaveText("set");
  expect(await page.locator("body").textContent()).not.toContain(secret);
});

test("deletes an app only after the confirmation step", async ({ page, server }) => {
  const appId = uniqueId("gone");
  await adminCall(server, "POST", "/api/v2/admin/applications", { appId, name: "Short-lived" });
  await openConsole(page, server);
  const doomed = card(page, appId);
  await doomed.getByRole("button", { name: "Delete app" }).click();
  await expect(doomed.locator(".confirm")).toContainText(`Delete Short-lived (${appId})?`);
  await doomed.getByRole("button", { name: "No, keep it" }).click();
  await expect(doomed.locator(".confirm")).toHaveCount(0);
  expect((await adminCall(server, "GET", `/api/v2/admin/applications/${appId}`)).code).toBe(200);

  await doomed.getByRole("button", { name: "Delete app" }).click();
  await doomed.getByRole("button", { name: "Yes, delete" }).click();
  await expect(doomed).toHaveCount(0);
  await expect(page.locator("#apps-message")).toHaveText(`App ${appId} deleted.`);
  expect((await adminCall(server, "GET", `/api/v2/admin/applications/${appId}`)).code).toBe(40401);
});

test("edits an app with selects for every enumerated field", async ({ page, server }) => {
  const appId = uniqueId("edit");
  await adminCall(server, "POST", "/api/v2/admin/applications", {
    appId,
    mode: "wechat",
    lang: "zh-CN",
    browserExchange: "off",
  });
  await openConsole(page, server);
  const form = card(page, appId).locator(".app-form");
  for (const [label, values] of [
    ["Mode", ["wechat", "demo"]],
    ["Language", ["", "zh-CN", "en-US"]],
    ["Browser ticket exchange", ["off", "proof", "ticketOnly"]],
  ]) {
    const select = form.getByLabel(label, { exact: true });
    expect(await select.evaluate((e) => e.tagName)).toBe("SELECT");
    expect(await select.locator("option").evaluateAll((o) => o.map((x) => x.value))).toEqual(
      values,
    );
  }
  await expect(form.getByLabel("Mode")).toHaveValue("wechat");
  await expect(form.locator("fieldset.mini-program")).toBeVisible();
  await form.getByLabel("Mode").selectOption("demo");
  await expect(form.locator("fieldset.mini-program"), "wechat-only fields hide").toBeHidden();
  await form.getByLabel("Language", { exact: true }).selectOption("en-US");
  await form.getByLabel("Browser ticket exchange").selectOption("ticketOnly");
  await form.getByLabel("QR code lifetime (seconds)").fill("45");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.locator(".message.done")).toHaveText("Saved.");
  const stored = await adminCall(server, "GET", `/api/v2/admin/applications/${appId}`);
  expect(stored.data).toMatchObject({
    mode: "demo",
    lang: "en-US",
    browserExchange: "ticketOnly",
    qrExpiresIn: 45,
  });
});

test("rotating the app secret shows the new secret once", async ({ page, server }) => {
  const appId = uniqueId("rot");
  const made = await adminCall(server, "POST", "/api/v2/admin/applications", { appId });
  await openConsole(page, server);
  const rotated = card(page, appId);
  await expect(rotated.locator(".secret-once")).toHaveCount(0);
  await rotated.getByRole("button", { name: "Rotate app secret" }).click();
  const secret = await rotated.locator(".secret-once code.secret").textContent();
  expect(secret).not.toBe(made.data.appSecret);
  expect(secret.length).toBeGreaterThanOrEqual(24);
  await page.reload();
  await expect(card(page, appId)).toBeVisible();
  expect(await page.locator("body").textContent()).not.toContain(secret);
});

test("every field has a help text saying what it does", async ({ page, server }) => {
  await openConsole(page, server);
  const form = card(page, "demo").locator(".app-form");
  await expect(form.getByLabel("Callback URLs")).toHaveAccessibleDescription(
    /Where the login goes after confirm; a redirectUri must equal one exactly/,
  );
  await expect(form.getByLabel("Allowed origins")).toHaveAccessibleDescription(/scheme:\/\/host/);
  await expect(form.getByLabel("Mode")).toHaveAccessibleDescription(/mini program/);
  const fields = form.locator(".field");
  const count = await fields.count();
  expect(count).toBeGreaterThan(12);
  for (let i = 0; i < count; i++) {
    const help = fields.nth(i).locator("small.help");
    await expect(help).not.toBeEmpty();
  }
  await expect(card(page, "demo").locator("small.help").first()).toBeVisible();
});

test("shows the admin API's message when it refuses", async ({ page, server }) => {
  await openConsole(page, server);
  const form = card(page, "demo").locator(".app-form");
  await form.getByLabel("Callback URLs").fill("not a url");
  await form.getByRole("button", { name: "Save" }).click();
  await expect(form.locator(".message.error")).toHaveText(
    "callbackUrls[0]: must be an absolute http(s) URL without a fragment (40001)",
  );

  await page.getByRole("button", { name: "New app" }).click();
  const create = page.locator(".create-form");
  await create.getByLabel("App ID").fill("demo");
  await create.getByRole("button", { name: "Create app" }).click();
  await expect(create.locator(".message.error")).toHaveText(
    "appId: an app 'demo' exists already (40904)",
  );

  await page.goto(`${server.url}/console`);
  await page.locator("#token").fill("wrong-token");
  await page.locator("#login button[type=submit]").click();
  await expect(page.locator("#message.error")).toHaveText("wrong admin token (40302)");
  await expect(page.locator("#tabs")).toBeHidden();
});

test("a hostile app name renders as text, never as HTML", async ({ page, server }) => {
  const appId = uniqueId("xss");
  const name = `<img src=x onerror=alert(1)><script>alert(2)</script>`;
  await adminCall(server, "POST", "/api/v2/admin/applications", { appId, name });
  page.on("dialog", (d) => {
    problems.push(`a dialog opened: ${d.message()}`);
    d.dismiss();
  });
  await openConsole(page, server);
  const hostile = card(page, appId);
  await expect(hostile.locator("h2")).toHaveText(`${name} (${appId})`);
  await expect(hostile.locator(".app-form").getByLabel("Name", { exact: true })).toHaveValue(name);
  await hostile.getByRole("button", { name: "Delete app" }).click();
  await expect(hostile.locator(".confirm p")).toContainText(name);
  expect(await page.locator("#apps img, #apps script").count()).toBe(0);
});
