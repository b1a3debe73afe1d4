// Shared steps of the console specs (tests/browser/console*.spec.js): the
// admin token the server printed, admin API calls from Node, signing in to
// /console, and page problems (console errors, CSP refusals, page errors).
import { expect } from "@playwright/test";
import { Phone, codeFromQr } from "./phone.js";

const tokenLine = /admin token (\S+)/;

/**
 * The admin token the server prints on stderr just after its listening line
 * (a fresh store makes one). Rejects when none came within 5 s.
 */
export async function adminTokenOf(server) {
  const found = tokenLine.exec(server.output());
  if (found) return found[1];
  const stderr = server.process.stderr;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stderr.off("data", onData);
      reject(new Error(`the server printed no admin token:\n${server.output()}`));
    }, 5_000);
    const onData = () => {
      const match = tokenLine.exec(server.output());
      if (!match) return;
      clearTimeout(timer);
      stderr.off("data", onData);
      resolve(match[1]);
    };
    stderr.on("data", onData);
  });
}

/**
 * An admin API call from Node. Resolves to the envelope (or null when the
 * answer is not JSON) with the HTTP status as `httpStatus`.
 */
export async function adminCall(server, method, path, body) {
  const response = await fetch(server.url + path, {
    method,
    headers: {
      authorization: `Bearer ${await adminTokenOf(server)}`,
      ...(body ? { "content-type": "application/json" } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const envelope = await response.json().catch(() => null);
  return { ...envelope, httpStatus: response.status };
}

/**
 * Collects what must not happen on a console page: console errors (a
 * missing text key is one), uncaught exceptions and CSP violations. HTTP
 * refusals the browser logs ("Failed to load resource") are left to the
 * tests, which provoke some on purpose and check what the page shows.
 * @returns {string[]} filled as the page runs
 */
export function watchProblems(page) {
  const problems = [];
  page.on(
    "console",
    (m) =>
      m.type() === "error" &&
      !m.text().startsWith("Failed to load resource") &&
      problems.push(m.text()),
  );
  page.on("pageerror", (e) => problems.push(String(e)));
  page.addInitScript(() =>
    document.addEventListener("securitypolicyviolation", (e) =>
      console.error(`CSP: ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  return problems;
}

/** Opens /console, signs in with the server's admin token and waits for the tabs. */
export async function openConsole(page, server, hash = "") {
  await page.goto(`${server.url}/console${hash}`);
  await page.locator("#token").fill(await adminTokenOf(server));
  await page.locator("#login button[type=submit]").click();
  await expect(page.locator("#tabs")).toBeVisible();
}

/** A unique app id for one test (tests of one worker share a server). */
export function uniqueId(prefix) {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
}

/**
 * Logs a person in to a demo app through the stand-in phone flow (gene,
 * scanned, confirm): registers the account on the first call.
 * @returns {Promise<object>} the check answer's user (status 2)
 */
export async function demoLogin(server, { appId = "demo", phone, realName, nickname, openid }) {
  const gene = await fetch(`${server.url}/api/v2/qrcode/gene`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-authing-app-id": appId },
    body: "{}",
  }).then((r) => r.json());
  const wechatUser = { nickname: nickname ?? "Tester" };
  if (openid) wechatUser.openid = openid;
  const person = new Phone(server.url, wechatUser);
  await person.scan(codeFromQr(gene.data.qrcodeContent));
  await person.confirm({ phone, realName });
  return person;
}
