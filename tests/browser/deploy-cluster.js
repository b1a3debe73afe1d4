// Deployment test kit (plain Node, no Playwright import): server processes
// that can be stopped, killed and started again on the same port, a throwaway
// PostgreSQL (scripts/test-postgres), nginx in front of several processes,
// an HTTP client that opens one connection per request (so a restarted
// process never meets a stale keep-alive socket), and deadline polling.
//
//   const pg = await startPostgres();                 // own server, own folder
//   const uri = await pg.createDatabase("cluster");
//   const a = await startProcess(["--database", uri], { env: { SCAN_LOGIN_ADMIN_TOKEN: t } });
//   const api = client(a.url, { adminToken: t });
//   const gene = ok(await api.gene(), "gene");
//   ...
//   await a.stop(); await pg.stop();
import { execFile, spawn } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { repoRoot, serverBinary } from "./server.js";

export { repoRoot, serverBinary };
export const demoAppId = "demo";
export const demoSecret = "demo-secret-change-me";
/**
 * The secrets key (base64 of 32 bytes) a process on PostgreSQL gets unless
 * `env` names SCAN_LOGIN_SECRETS_KEY: such a store needs one key shared by
 * every process (docs/operations.md). SQLite processes make their own.
 */
export const testSecretsKey = Buffer.alloc(32, 7).toString("base64");

const run = promisify(execFile);
const listeningLine = /scan-login-server listening on (http:\/\/127\.0\.0\.1:(\d+))/;

/** A fresh temporary folder named `scan-login-<what>-XXXXXX`. */
export function temporaryDir(what) {
  return mkdtempSync(path.join(tmpdir(), `scan-login-${what}-`));
}

/**
 * Temporary folders for one test file: make(what) makes one named after
 * `prefix` and `what`; removeAll() (for the file's after hook) removes every
 * folder made.
 */
export function temporaryDirs(prefix) {
  const made = [];
  return {
    make(what) {
      const dir = temporaryDir(what ? `${prefix}-${what}` : prefix);
      made.push(dir);
      return dir;
    },
    removeAll() {
      for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Polls `probe` (sync or async) until it returns a truthy value, and returns
 * that value. Rejects after `timeoutMs` with `what` and the last value or error.
 */
export async function waitUntil(probe, { timeoutMs = 10_000, intervalMs = 50, what = "" } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const seen = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`not ${what || "true"} within ${timeoutMs} ms (last: ${seen})`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** A loopback TCP port that was free a moment ago. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** `percentile(values, 0.99)`: nearest-rank percentile of a non-empty list. */
export function percentile(values, p) {
  const sorted = [...values].sort((x, y) => x - y);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

function childEnv(env, args) {
  const shared = args.includes("--database") ? { SCAN_LOGIN_SECRETS_KEY: testSecretsKey } : {};
  const merged = { ...process.env, ...shared, ...env };
  for (const [name, value] of Object.entries(merged)) if (value === undefined) delete merged[name];
  return merged;
}

/**
 * Starts the server binary with `--bind 127.0.0.1` and `args` (give
 * `--port N` to pin the port; the default is `--port 0`; without `--data-dir`
 * or `--database`, a fresh temporary data folder; with `--database`, the
 * secrets key testSecretsKey), and resolves once it printed its listening line. `env` entries set to undefined are removed
 * from the inherited environment.
 *
 * @returns {Promise<ServerProcess>} rejects with the output when the process
 *   exits or stays silent for `timeoutMs`.
 * @typedef {object} ServerProcess
 * @property {string} url base URL, e.g. http://127.0.0.1:41234
 * @property {number} port
 * @property {import("node:child_process").ChildProcess} child
 * @property {() => string} output stdout and stderr so far
 * @property {Promise<{code: number|null, signal: string|null}>} exited
 * @property {(pattern: RegExp, timeoutMs?: number) => Promise<RegExpExecArray>} waitForOutput
 * @property {(signal?: string) => Promise<{code: number|null, signal: string|null}>} stop
 *   sends `signal` (SIGTERM), SIGKILL after 10 s, resolves with how it exited
 * @property {() => Promise<{code: number|null, signal: string|null}>} kill SIGKILL (a crash)
 */
export function startProcess(args = [], { env = {}, timeoutMs = 10_000, prefix = [] } = {}) {
  const portGiven = args.includes("--port");
  // Unless told where the state lives, a process keeps it in a folder of
  // its own: two tests never meet in the source tree's data/ (SQLite allows
  // one process per folder) and nothing is left there.
  const storeGiven = args.includes("--data-dir") || args.includes("--database");
  const argv = [
    "--bind",
    "127.0.0.1",
    ...(portGiven ? [] : ["--port", "0"]),
    ...(storeGiven ? [] : ["--data-dir", temporaryDir("server")]),
    ...args,
  ];
  // `prefix`: a command that execs the binary, e.g. ["prlimit", "--nofile=300:300", "--"].
  const [program, ...programArgs] = [...prefix, serverBinary, ...argv];
  const child = spawn(program, programArgs, {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: childEnv(env, argv),
  });
  let output = "";
  const watchers = new Set();
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  let status = null;
  const exited = new Promise((resolve) => {
    const ended = (value) => {
      if (status) return;
      status = value;
      process.removeListener("exit", killOnExit);
      resolve(status);
    };
    child.once("exit", (code, signal) => ended({ code, signal }));
    // A binary that cannot be started (ENOENT, EACCES) never exits: end here.
    child.once("error", (e) => ended({ code: null, signal: null, error: e.message }));
  });
  const onData = (chunk) => {
    output += chunk;
    for (const watch of watchers) watch();
  };
  child.stdout.setEncoding("utf8").on("data", onData);
  child.stderr.setEncoding("utf8").on("data", onData);

  const waitForOutput = (pattern, waitMs = 10_000) =>
    new Promise((resolve, reject) => {
      const done = (fn, value) => {
        watchers.delete(watch);
        clearTimeout(timer);
        fn(value);
      };
      const watch = () => {
        const match = pattern.exec(output);
        if (match) done(resolve, match);
        else if (status) {
          done(
            reject,
            new Error(`exited (${JSON.stringify(status)}) before ${pattern}: ${output}`),
          );
        }
      };
      const timer = setTimeout(
        () => done(reject, new Error(`no ${pattern} within ${waitMs} ms; output:\n${output}`)),
        waitMs,
      );
      watchers.add(watch);
      exited.then(watch);
      watch();
    });

  const stop = async (signal = "SIGTERM") => {
    if (!status) child.kill(signal);
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    const result = await exited;
    clearTimeout(timer);
    return result;
  };

  return waitForOutput(listeningLine, timeoutMs).then(
    (match) => ({
      url: match[1],
      port: Number(match[2]),
      child,
      output: () => output,
      exited,
      waitForOutput,
      stop,
      kill: () => stop("SIGKILL"),
    }),
    async (e) => {
      await stop("SIGKILL");
      throw new Error(`${serverBinary} ${argv.join(" ")}: ${e.message}`);
    },
  );
}

/**
 * Runs the binary with `args` until it exits (killed after `timeoutMs`).
 * @returns {Promise<{code: number|null, signal: string|null, stderr: string, elapsedMs: number}>}
 */
export function runToExit(args, { env = {}, timeoutMs = 15_000 } = {}) {
  const started = Date.now();
  const child = spawn(serverBinary, ["--bind", "127.0.0.1", "--port", "0", ...args], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: childEnv(env, args),
  });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk) => (stderr += chunk));
  child.stdout.resume();
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  return new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, elapsedMs: Date.now() - started });
    }),
  );
}

/**
 * One HTTP/1.1 request on a connection of its own. `body` (an object) is sent
 * as JSON. Resolves with `{status, headers, text, json}` (json null unless the
 * body parses); rejects on a network error or after `timeoutMs` (error.code
 * "TIMEOUT"). `localAddress` (e.g. "127.0.0.2") makes it another client.
 */
export function request(
  url,
  { method = "GET", headers = {}, body, timeoutMs = 15_000, localAddress } = {},
) {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? null : Buffer.from(JSON.stringify(body));
    const req = http.request(url, {
      method,
      agent: false,
      localAddress,
      headers: {
        ...(payload ? { "content-type": "application/json" } : {}),
        ...headers,
      },
    });
    const timer = setTimeout(() => {
      const e = new Error(`${method} ${url}: no answer within ${timeoutMs} ms`);
      e.code = "TIMEOUT";
      req.destroy(e);
    }, timeoutMs);
    req.once("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    req.once("response", (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk) => (text += chunk));
      res.once("error", (e) => {
        clearTimeout(timer);
        reject(e);
      });
      res.once("end", () => {
        clearTimeout(timer);
        let json = null;
        try {
          json = JSON.parse(text);
        } catch {
          // not JSON: leave json null
        }
        resolve({ status: res.statusCode, headers: res.headers, text, json });
      });
    });
    req.end(payload ?? undefined);
  });
}

/**
 * The envelope's data of a successful answer (HTTP 200, code 200); throws an
 * error naming `what` and showing the answer otherwise.
 */
export function ok(answer, what) {
  if (answer.status !== 200 || answer.json?.code !== 200) {
    throw new Error(`${what}: HTTP ${answer.status} ${answer.text.slice(0, 300)}`);
  }
  return answer.json.data;
}

/** The scan code in a QR content `<public URL>/m/<code>`. */
export function codeOf(qrcodeContent) {
  return decodeURIComponent(new URL(qrcodeContent).pathname.split("/m/")[1]);
}

/**
 * The API of one base URL (a process or nginx): PC side, phone side, the
 * website backend's ticket exchange and the admin API. Every method resolves
 * with request()'s answer; `headers` are added to every request, which
 * leaves from `localAddress` when given (another client on loopback).
 */
export function client(
  baseUrl,
  {
    adminToken,
    appId = demoAppId,
    secret = demoSecret,
    headers = {},
    timeoutMs = 15_000,
    localAddress,
  } = {},
) {
  const call = (method, route, body, extra = {}, ms = timeoutMs) =>
    request(baseUrl + route, {
      method,
      body,
      headers: { ...headers, ...extra },
      timeoutMs: ms,
      localAddress,
    });
  return {
    url: baseUrl,
    gene: (app = appId) =>
      call("POST", "/api/v2/qrcode/gene", { scene: "WXAPP_AUTH" }, { "x-authing-app-id": app }),
    /** With `wait`, a long poll held up to `wait` s until the status differs from `since`. */
    check: (random, { wait, since } = {}) => {
      let route = `/api/v2/qrcode/check?random=${encodeURIComponent(random)}`;
      if (wait !== undefined) route += `&wait=${wait}&since=${since ?? 0}`;
      return call("GET", route, undefined, {}, wait ? (wait + 10) * 1000 : timeoutMs);
    },
    context: (code) => call("GET", `/api/v2/qrcode/context?code=${encodeURIComponent(code)}`),
    scanned: (code, wechatUser) => call("POST", "/api/v2/qrcode/scanned", { code, wechatUser }),
    confirm: (code, scanToken, fields = {}) =>
      call("POST", "/api/v2/qrcode/confirm", { code, scanToken, ...fields }),
    exchange: (ticket, app = appId, appSecret = secret) =>
      call(
        "POST",
        "/api/v2/qrcode/userinfo",
        { ticket },
        { "x-authing-app-id": app, "x-authing-app-secret": appSecret },
      ),
    jwks: () => call("GET", "/.well-known/jwks.json"),
    healthz: () => call("GET", "/healthz"),
    metrics: () => call("GET", "/metrics"),
    admin: (method, route, body) =>
      call(method, route, body, { authorization: `Bearer ${adminToken}` }),
  };
}

let loginCount = 0;

/**
 * Long polls `random` through `api` until its status differs from `since`,
 * as a page does: an answer with the unchanged status (the wait ran out, or
 * the server answered early) is followed by another poll, up to `tries` in all.
 * @returns {Promise<{data: object, at: number, early: number}>} the answer's data,
 *   when it came (performance.now()) and how many answers had the old status
 */
export async function pollChange(api, random, since, { wait = 20, tries = 5 } = {}) {
  for (let early = 0; early < tries; early++) {
    const data = ok(await api.check(random, { wait, since }), `long poll since ${since}`);
    if (data.status !== since) return { data, at: performance.now(), early };
  }
  throw new Error(`long poll of ${random}: status still ${since} after ${tries} answers`);
}

/**
 * A whole login of the demo app with the phone number `phone`, each step
 * through the client named in `via` ({gene, poll, phone, exchange}; each a
 * client()). The PC's long polls run while the phone acts, as a page's would.
 * @returns {Promise<{random: string, code: string, user: object, confirmedAt: number,
 *   polledAt: number, early: number}>} times in ms (performance.now()) of the
 *   confirm's answer and of the poll answer carrying the ticket; `early`: poll
 *   answers that still had the status the poll was sent with
 */
export async function login(via, { phone, nickname = `Deploy ${++loginCount}` } = {}) {
  const gene = ok(await via.gene.gene(), "gene");
  const code = codeOf(gene.qrcodeContent);
  const scannedPoll = pollChange(via.poll, gene.random, 0);
  const wechatUser = { openid: `deploy-${process.pid}-${loginCount}-${Date.now()}`, nickname };
  const { scanToken } = ok(await via.phone.scanned(code, wechatUser), "scanned");
  const scanned = await scannedPoll;
  if (scanned.data.status !== 1) throw new Error(`poll after scan: status ${scanned.data.status}`);
  const confirmedPoll = pollChange(via.poll, gene.random, 1);
  ok(await via.phone.confirm(code, scanToken, { phone }), "confirm");
  const confirmedAt = performance.now();
  const confirmed = await confirmedPoll;
  if (confirmed.data.status !== 2 || !confirmed.data.ticket) {
    throw new Error(`poll after confirm: ${JSON.stringify(confirmed.data)}`);
  }
  const user = ok(await via.exchange.exchange(confirmed.data.ticket), "ticket exchange");
  return {
    random: gene.random,
    code,
    user,
    confirmedAt,
    polledAt: confirmed.at,
    early: scanned.early + confirmed.early,
  };
}

/**
 * A PostgreSQL server of its own (scripts/test-postgres) in a temporary
 * folder, removed by stop().
 * @returns {Promise<{dir: string, conninfo: string, createDatabase: (name: string) =>
 *   Promise<string>, restart: () => Promise<void>, pause: () => Promise<void>,
 *   resume: () => Promise<void>, stop: () => Promise<void>}>}
 */
export async function startPostgres() {
  const script = path.join(repoRoot, "scripts/test-postgres");
  // A start that fails is tried once more in a fresh folder (a rare failure
  // to start when several clusters start at once); its log is printed.
  let dir, conninfo;
  for (let attempt = 1; !conninfo; attempt++) {
    dir = temporaryDir("pg");
    try {
      conninfo = (await run(script, ["start", dir], { timeout: 120_000 })).stdout.trim();
    } catch (e) {
      let log = "";
      try {
        log = readFileSync(path.join(dir, "server.log"), "utf8");
      } catch {
        // no log: initdb or the script failed before starting the server
      }
      await run(script, ["stop", dir]).catch(() => {});
      rmSync(dir, { recursive: true, force: true });
      const error = `${e.message}\n--- server.log ---\n${log}`;
      if (attempt === 2) throw new Error(error);
      console.error(`test-postgres start failed, trying again: ${error}`);
    }
  }
  const action = async (name) => (await run(script, [name, dir], { timeout: 120_000 })).stdout;
  return {
    dir,
    conninfo,
    /** Creates database `name` and returns its URI. */
    async createDatabase(name) {
      await run("psql", [conninfo, "-q", "-v", "ON_ERROR_STOP=1", "-c", `CREATE DATABASE ${name}`]);
      return conninfo.replace(/\/postgres$/, `/${name}`);
    },
    restart: () => action("restart").then(() => {}),
    pause: () => action("pause").then(() => {}),
    resume: () => action("start").then(() => {}),
    stop: () => action("stop").then(() => {}),
  };
}

/**
 * nginx (Debian's nginx-light) on 127.0.0.1:`port` in front of the server
 * processes on `upstreamPorts`, round robin, no sticky sessions, long polls
 * allowed (proxy_read_timeout 60 s), X-Forwarded-For appended.
 * @returns {Promise<{url: string, port: number, dir: string, output: () => string,
 *   stop: () => Promise<void>}>}
 */
export async function startNginx(upstreamPorts, { port } = {}) {
  port ??= await freePort();
  const dir = temporaryDir("nginx");
  mkdirSync(path.join(dir, "tmp"));
  // Root's nginx runs its worker as `nobody` unless told otherwise; the
  // worker needs only the temporary folders.
  chmodSync(dir, 0o755);
  chmodSync(path.join(dir, "tmp"), 0o777);
  const servers = upstreamPorts.map((p) => `    server 127.0.0.1:${p} max_fails=0;`).join("\n");
  const temp = ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"]
    .map((what) => `  ${what}_temp_path ${dir}/tmp/${what};`)
    .join("\n");
  writeFileSync(
    path.join(dir, "nginx.conf"),
    `daemon off;
worker_processes 1;
pid ${dir}/nginx.pid;
error_log ${dir}/error.log notice;
events { worker_connections 1024; }
http {
  access_log off;
${temp}
  upstream scan_login {
${servers}
  }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://scan_login;
      proxy_http_version 1.1;
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_read_timeout 60s;
      proxy_buffering off;
    }
  }
}
`,
  );
  const child = spawn(
    "/usr/sbin/nginx",
    ["-p", dir, "-c", path.join(dir, "nginx.conf"), "-e", path.join(dir, "error.log")],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk) => (output += chunk));
  let exited = false;
  const exit = new Promise((resolve) =>
    child.once("exit", () => {
      exited = true;
      resolve();
    }),
  );
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const stop = async () => {
    if (!exited) child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exit;
    clearTimeout(timer);
    process.removeListener("exit", killOnExit);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntil(
      () => {
        if (exited) throw new Error(`nginx exited: ${output}`);
        return new Promise((resolve) => {
          const socket = net.connect(port, "127.0.0.1", () => {
            socket.destroy();
            resolve(true);
          });
          socket.once("error", () => resolve(false));
        });
      },
      { timeoutMs: 10_000, what: `nginx listening on ${port}` },
    );
  } catch (e) {
    await stop();
    throw e;
  }
  return { url: `http://127.0.0.1:${port}`, port, dir, output: () => output, stop };
}

/** Waits until the process behind `api` reports at least `count` held long polls (/metrics). */
export function waitForHeldPolls(api, count = 1, timeoutMs = 10_000) {
  return waitUntil(
    async () => {
      const text = (await api.metrics()).text;
      return Number(/^scan_login_held_long_polls (\d+)/m.exec(text)?.[1] ?? 0) >= count;
    },
    { timeoutMs, intervalMs: 20, what: `${count} held long polls on ${api.url}` },
  );
}
