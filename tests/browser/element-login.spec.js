// <scan-login> through whole logins against the real server, the phone
// driven over HTTP with the scan code decoded from the element's canvas.
import { test, expect } from "./fixtures.js";
import { Phone, codeFromQr, exchangeTicket, readQr, waitForQr } from "./phone.js";
import {
  addLogin,
  cspViolations,
  eventTrace,
  openElementHarness,
  part,
  recordedEvents,
  waitForEvent,
  waitForPhase,
} from "./element-harness.js";

test.use({ serverArgs: ["--gene-rate", "0"] });

// The events of a login from the first code to a success kept on the page.
const wholeLoginTrace = [
  "state:loading",
  "state:showing-code",
  "load",
  "state:scanned",
  "scanned",
  "state:confirmed",
  "success",
];

// A 1x1 PNG: an avatar the strict test CSP allows only with img-src data:.
const avatar =
  "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==";

test("the home page logs in and goes to the callback with the ticket and state", async ({
  page,
  server,
}) => {
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  await page.goto(`${server.url}/`);
  const login = page.locator("scan-login");
  await expect(page.getByRole("link", { name: "QR playground" })).toHaveAttribute(
    "href",
    "/playground/",
  );
  const qr = await waitForQr(login.locator("canvas"));
  expect(qr).toMatch(new RegExp(`^${server.url}/m/[A-Za-z0-9_-]{16,}$`));
  const state = await login.evaluate((e) => e.state);
  expect(state).toMatch(/^[0-9a-f]{32}$/);

  const phone = new Phone(server.url, { nickname: "Ada" });
  await phone.scan(codeFromQr(qr));
  await expect(part(login, "nickname")).toHaveText("Ada");
  expect(await cspViolations(page)).toEqual([]); // under the server's own CSP
  await phone.confirm({ phone: "13800138000", realName: "Ada Lovelace" });

  await page.waitForURL((url) => url.pathname === "/callback");
  const callback = new URL(page.url());
  expect(callback.origin).toBe(server.url);
  expect(callback.searchParams.get("state")).toBe(state);
  const ticket = callback.searchParams.get("ticket");
  expect(ticket).toBeTruthy();

  // The callback page plays the site's backend: it exchanged the ticket with
  // the app secret and verified the token against the JWKS.
  await expect(page.locator("#greeting")).toContainText("Welcome, Ada.");
  await expect(page.locator("#state")).toHaveText(state);
  const user = page.locator("#user");
  await expect(user.locator('tr[data-key="phone"] td')).toContainText("13800138000");
  await expect(user.locator('tr[data-key="name"] td')).toContainText("Ada Lovelace");
  await expect(page.locator("#token-status")).toContainText("Signature verified");
  await expect(page.locator('#claims tr[data-key="phone_number"] td')).toContainText("13800138000");
  // The shipped app is a demo app, and every page says so: nothing here was
  // verified by WeChat.
  await expect(page.locator("#demo-mode")).toContainText("not verified by WeChat");
  await expect(page.locator('#claims tr[data-key="phone_number_verified"] td')).toHaveText("false");
  // Tickets are single-use: the page spent it, a replay is refused.
  expect((await exchangeTicket(server.url, ticket)).status).toBe(409);
  // The state was used up with its login: a reload is refused before any
  // exchange is tried.
  await page.reload();
  await expect(
    page.getByRole("heading", { name: "This login was not started here" }),
  ).toBeVisible();
});

test("the callback refuses a login link made in another browser (login CSRF)", async ({
  page,
  browser,
  server,
}) => {
  // The attacker logs in to their own account on their own browser and
  // stops at the callback link instead of following it.
  const attacker = await browser.newPage();
  await attacker.goto(`${server.url}/`);
  const login = attacker.locator("scan-login");
  const qr = await waitForQr(login.locator("canvas"));
  await attacker.route(`${server.url}/callback*`, (route) => route.abort());
  const link = new Promise((resolve) =>
    attacker.on("request", (request) => {
      if (new URL(request.url()).pathname === "/callback") resolve(request.url());
    }),
  );
  const phone = new Phone(server.url, { nickname: "Mallory" });
  await phone.scan(codeFromQr(qr));
  await phone.confirm({ phone: "13800138099" });
  const callbackLink = await link;
  await attacker.close();

  // The victim, who has been on the site (their own state cookie), opens it.
  await page.goto(`${server.url}/`);
  await waitForQr(page.locator("scan-login canvas"));
  const response = await page.goto(callbackLink);
  expect(response.status()).toBe(403);
  await expect(
    page.getByRole("heading", { name: "This login was not started here" }),
  ).toBeVisible();
  await expect(page.locator("#user")).toHaveCount(0);
  // Refused before the exchange: the attacker's ticket was not even spent.
  const ticket = new URL(callbackLink).searchParams.get("ticket");
  expect((await exchangeTicket(server.url, ticket)).status).toBe(200);
});

test("the callback page without a ticket says how to get one", async ({ page, server }) => {
  const response = await page.goto(`${server.url}/callback`);
  expect(response.status()).toBe(400);
  await expect(page.getByRole("heading", { name: "No ticket" })).toBeVisible();
});

test("under a strict CSP: events in order, no violation, success can keep the page here", async ({
  page,
  server,
}) => {
  await openElementHarness(page, server);
  const login = await addLogin(page, {
    "app-id": "demo",
    "redirect-uri": `${server.url}/callback`,
    state: "xyz 1/2",
  });
  const qr = await waitForQr(login.locator("canvas"));
  await waitForEvent(login, "load");
  await login.evaluate((e) => e.addEventListener("success", (event) => event.preventDefault()));

  const phone = new Phone(server.url, { nickname: "Grace" });
  await phone.scan(codeFromQr(qr));
  await waitForEvent(login, "scanned");
  await phone.confirm({ phone: "13900139000" });
  const success = await waitForEvent(login, "success");
  expect(success.detail.ticket).toBeTruthy();
  expect(success.detail.userInfo).toMatchObject({ nickname: "Grace" });
  await waitForPhase(login, "confirmed");

  expect(await eventTrace(login)).toEqual(wholeLoginTrace);
  expect(new URL(page.url()).pathname).toBe("/__test__/element.html");
  expect(await login.evaluate((e) => e.state)).toBe("xyz 1/2");
  const user = await exchangeTicket(server.url, success.detail.ticket);
  expect(user.body.data.phone).toBe("13900139000");
  expect(await cspViolations(page)).toEqual([]);
});

test("a scan shows the scanner's avatar and nickname, confirm on the phone", async ({
  page,
  server,
}) => {
  await openElementHarness(page, server, {
    csp: "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:",
  });
  const login = await addLogin(page, { "app-id": "demo", lang: "en-US" });
  const qr = await waitForQr(login.locator("canvas"));
  await expect(part(login, "overlay")).toBeHidden();
  await expect(part(login, "status")).toHaveText("Scan with WeChat to log in");

  await new Phone(server.url, { nickname: "Linus", photo: avatar }).scan(codeFromQr(qr));
  const scanned = await waitForEvent(login, "scanned");
  expect(scanned.detail.userInfo).toEqual({ nickname: "Linus", photo: avatar });
  await expect(part(login, "overlay")).toBeVisible();
  await expect(part(login, "nickname")).toHaveText("Linus");
  await expect(part(login, "avatar")).toHaveAttribute("src", avatar);
  await expect(part(login, "avatar")).toBeVisible();
  await expect(part(login, "status")).toHaveText("Scanned. Confirm the login on your phone");
  expect(await cspViolations(page)).toEqual([]);
});

test("a hostile nickname stays text and a non-https avatar is not shown", async ({
  page,
  server,
}) => {
  await openElementHarness(page, server);
  const login = await addLogin(page, { "app-id": "demo" });
  const qr = await waitForQr(login.locator("canvas"));
  const nickname = `<img src=x onerror="window.__pwned=1">`;
  await new Phone(server.url, { nickname, photo: "http://127.0.0.1:9/tracker.png" }).scan(
    codeFromQr(qr),
  );
  await waitForEvent(login, "scanned");
  await expect(part(login, "nickname")).toHaveText(nickname);
  await expect(part(login, "avatar")).toBeHidden();
  expect(
    await login.evaluate((e) => ({
      images: e.shadowRoot.querySelectorAll("img").length,
      avatarSrc: e.shadowRoot.querySelector("[part=avatar]").getAttribute("src"),
      nicknameChildren: e.shadowRoot.querySelector("[part=nickname]").children.length,
      pwned: window.__pwned,
    })),
  ).toEqual({ images: 1, avatarSrc: null, nicknameChildren: 0, pwned: undefined });
  expect(await cspViolations(page)).toEqual([]);
});

test("cancel on the phone shows a retry button that brings a new code", async ({
  page,
  server,
}) => {
  await openElementHarness(page, server);
  const login = await addLogin(page, { "app-id": "demo", lang: "en-US" });
  const first = await waitForQr(login.locator("canvas"));
  const phone = new Phone(server.url);
  await phone.scan(codeFromQr(first));
  await phone.cancel();
  await waitForEvent(login, "cancel");
  await expect(part(login, "message")).toHaveText("The login was cancelled on the phone");
  expect(await readQr(login.locator("canvas"))).toBeNull(); // no dead code on show

  await part(login, "button").click();
  const second = await waitForQr(login.locator("canvas"), { previous: first });
  await waitForPhase(login, "showing-code");
  await expect(part(login, "overlay")).toBeHidden();
  expect(codeFromQr(second)).not.toBe(codeFromQr(first));
  expect((await eventTrace(login)).slice(-5)).toEqual([
    "state:cancelled",
    "cancel",
    "state:loading",
    "state:showing-code",
    "load",
  ]);

  const other = new Phone(server.url);
  await other.scan(codeFromQr(second));
  await other.confirm();
  await waitForEvent(login, "success");
});

test("two elements on one page keep their own codes and events", async ({ page, server }) => {
  await openElementHarness(page, server);
  const a = await addLogin(page, { "app-id": "demo", size: "200" });
  const b = await addLogin(page, { "app-id": "demo", size: "160" });
  const [qrA, qrB] = await Promise.all([
    waitForQr(a.locator("canvas")),
    waitForQr(b.locator("canvas")),
  ]);
  expect(qrA).not.toBe(qrB);
  expect(await a.evaluate((e) => e.state)).not.toBe(await b.evaluate((e) => e.state));

  const phone = new Phone(server.url, { nickname: "Only A" });
  await phone.scan(codeFromQr(qrA));
  await phone.confirm();
  await waitForEvent(a, "success");
  expect(await b.evaluate((e) => e.phase)).toBe("showing-code");
  expect(await readQr(b.locator("canvas"))).toBe(qrB);
  expect((await recordedEvents(b)).map((e) => e.type)).not.toContain("scanned");

  await new Phone(server.url).scan(codeFromQr(qrB));
  await waitForEvent(b, "scanned");
  await expect(part(b, "overlay")).toBeVisible();
  await expect(part(a, "nickname")).toHaveText("Only A");
});

test("texts in zh-CN and en-US, switched live, and tips override them", async ({
  page,
  server,
}) => {
  await openElementHarness(page, server);
  const login = await addLogin(page, { "app-id": "demo", lang: "zh-CN" });
  const qr = await waitForQr(login.locator("canvas"));
  const canvas = part(login, "canvas");
  await expect(part(login, "status")).toHaveText("请使用微信扫码登录");
  await expect(canvas).toHaveAttribute("role", "img");
  await expect(canvas).toHaveAttribute("aria-label", "登录二维码，请用手机微信扫描");
  await expect(part(login, "status")).toHaveAttribute("aria-live", "polite");

  await login.evaluate((e) => (e.lang = "en-US"));
  await expect(part(login, "status")).toHaveText("Scan with WeChat to log in");
  await expect(canvas).toHaveAttribute(
    "aria-label",
    "Login QR code: scan it with WeChat on your phone",
  );
  await login.evaluate((e) => (e.tips = { title: "Use the app to sign in", nope: 1 }));
  await expect(part(login, "status")).toHaveText("Use the app to sign in");
  expect(await login.getAttribute("tips")).toBe('{"title":"Use the app to sign in","nope":1}');
  // Language and texts are not lifecycle settings: the same code stays.
  expect(await readQr(login.locator("canvas"))).toBe(qr);

  await new Phone(server.url).scan(codeFromQr(qr));
  await login.evaluate((e) => {
    e.removeAttribute("tips");
    e.lang = "zh-CN";
  });
  await expect(part(login, "status")).toHaveText("扫码成功，请在手机上确认登录");
});

test("without lang the browser's language decides", async ({ browser, server }) => {
  for (const [locale, text] of [
    ["zh-CN", "请使用微信扫码登录"],
    ["en-GB", "Scan with WeChat to log in"],
  ]) {
    const context = await browser.newContext({ locale });
    const page = await context.newPage();
    await openElementHarness(page, server);
    const login = await addLogin(page, { "app-id": "demo" });
    await waitForEvent(login, "load");
    await expect(part(login, "status")).toHaveText(text);
    await context.close();
  }
});

test("attributes are reflected and a lifecycle change brings a new code once", async ({
  page,
  server,
}) => {
  await openElementHarness(page, server);
  const login = await addLogin(page, { "app-id": "demo", "auto-refresh": "" });
  const first = await waitForQr(login.locator("canvas"));
  const reflected = await login.evaluate((e) => {
    e.size = 180;
    e.autoExchange = true;
    e.redirectUri = `${location.origin}/callback`;
    return {
      appId: e.appId,
      autoRefresh: e.autoRefresh,
      autoExchange: e.getAttribute("auto-exchange"),
      size: e.getAttribute("size"),
      redirect: e.getAttribute("redirect-uri"),
      interval: e.interval,
      wait: e.wait,
    };
  });
  expect(reflected).toEqual({
    appId: "demo",
    autoRefresh: true,
    autoExchange: "",
    size: "180",
    redirect: `${server.url}/callback`,
    interval: 800,
    wait: 25,
  });
  const second = await waitForQr(login.locator("canvas"), { previous: first });
  await waitForEvent(login, "load", { count: 2 });
  expect(await login.evaluate((e) => e.shadowRoot.querySelector("canvas").style.width)).toBe(
    "180px",
  );
  expect(codeFromQr(second)).not.toBe(codeFromQr(first));
  // Two attribute changes in one task restarted once.
  expect((await recordedEvents(login)).filter((e) => e.type === "load")).toHaveLength(2);

  const phone = new Phone(server.url, { nickname: "Auto" });
  await phone.scan(codeFromQr(second));
  await login.evaluate((e) => e.addEventListener("success", (event) => event.preventDefault()));
  await phone.confirm({ phone: "13700137000" });
  const success = await waitForEvent(login, "success");
  // auto-exchange: the browser spent the ticket and has the full user.
  expect(success.detail.userInfo).toMatchObject({ phone: "13700137000", nickname: "Auto" });
  expect((await exchangeTicket(server.url, success.detail.ticket)).status).toBe(409);
});

test("crisp on a HiDPI screen: one backing pixel per device pixel, and the code reads", async ({
  browser,
  server,
}) => {
  const context = await browser.newContext({ deviceScaleFactor: 2 });
  const page = await context.newPage();
  try {
    await openElementHarness(page, server);
    const login = await addLogin(page, { "app-id": "demo", size: "150" });
    const qr = await waitForQr(login.locator("canvas"));
    expect(qr).toContain("/m/");
    expect(
      await part(login, "canvas").evaluate((c) => ({
        width: c.width,
        height: c.height,
        css: c.getBoundingClientRect().width,
      })),
    ).toEqual({ width: 300, height: 300, css: 150 });

    // Moved to a 3x screen: the same code is painted again at 3x.
    const cdp = await context.newCDPSession(page);
    await cdp.send("Emulation.setDeviceMetricsOverride", {
      width: 800,
      height: 600,
      deviceScaleFactor: 3,
      mobile: false,
    });
    await expect.poll(() => part(login, "canvas").evaluate((c) => c.width)).toBe(450);
    expect(await readQr(login.locator("canvas"))).toBe(qr);
  } finally {
    await context.close();
  }
});

test("a first code that is slow to come finds the answer handler compiled ahead, and logs in", async ({
  page,
  server,
}) => {
  // The page's first code is held 400 ms, far longer than the element waits
  // before compiling ahead (COMPILE_AHEAD_AFTER_MS): the warm-up's call into
  // the core names no session and must leave the real one untouched.
  await page.route(`${server.url}/api/v2/qrcode/gene`, async (route) => {
    await new Promise((resolve) => setTimeout(resolve, 400));
    await route.continue();
  });
  await openElementHarness(page, server);
  await page.evaluate(async () => {
    const { LoginCore } = await import("/src/login-core.js");
    const compileAhead = LoginCore.prototype.compileAhead;
    window.compileAheadCalls = [];
    LoginCore.prototype.compileAhead = function () {
      window.compileAheadCalls.push(document.querySelector("scan-login")?.phase ?? "none");
      return compileAhead.call(this);
    };
  });
  const login = await addLogin(page, { "app-id": "demo" });
  await waitForEvent(login, "load");
  // It ran once, while the element still showed "loading".
  expect(await page.evaluate(() => window.compileAheadCalls)).toEqual(["loading"]);
  const qr = await waitForQr(login.locator("canvas"));
  expect(qr).toBe(
    await login.evaluate(
      (e) => e.recordedEvents.find((x) => x.type === "load").detail.qrcodeContent,
    ),
  );

  const phone = new Phone(server.url, { nickname: "Slow" });
  await phone.scan(codeFromQr(qr));
  await waitForEvent(login, "scanned");
  await login.evaluate((e) => e.addEventListener("success", (event) => event.preventDefault()));
  await phone.confirm({ phone: "13800138000" });
  await waitForEvent(login, "success");
  expect(await eventTrace(login)).toEqual(wholeLoginTrace);
});
