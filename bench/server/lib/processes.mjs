// The processes bench:server starts: scan-login-server, nginx and a throwaway
// PostgreSQL, all on loopback, all stopped when the bench exits (normally,
// on an error or on Ctrl-C), and the temporary folder removed.
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const binary = join(root, "build/native/mock-server/scan-login-server");

// Searchable by others: PostgreSQL runs as an unprivileged user inside it.
export const work = mkdtempSync(join(tmpdir(), "scan-login-bench-"));
chmodSync(work, 0o755);

const children = new Set();
const postgresDirs = new Set();

function cleanUp() {
  for (const child of children) child.kill(child.stopSignal);
  for (const dir of postgresDirs) {
    spawnSync(join(root, "scripts/test-postgres"), ["stop", dir], { stdio: "ignore" });
  }
  rmSync(work, { recursive: true, force: true });
}
process.on("exit", cleanUp);
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => process.exit(130));

// Exits with a message naming the install step when a tool is missing.
export function requireTools(tools) {
  for (const tool of tools) {
    const found = spawnSync("sh", ["-c", `command -v ${tool} || ls /usr/sbin/${tool}`], {
      stdio: "ignore",
    });
    if (found.status !== 0) {
      console.error(`bench:server needs ${tool}: run scripts/bootstrap --with-bench`);
      process.exit(1);
    }
  }
}

// `stopSignal`: how the child is stopped. SIGKILL for our servers; nginx
// gets SIGTERM, which its master passes on to its workers (a SIGKILLed
// master leaves them running).
function track(child, stopSignal = "SIGKILL") {
  child.stopSignal = stopSignal;
  children.add(child);
  child.on("exit", () => children.delete(child));
  return child;
}

// Stops a child and waits for it to be gone.
export async function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const gone = new Promise((resolve) => child.once("exit", resolve));
  child.kill(child.stopSignal ?? "SIGKILL");
  await gone;
}

// Starts scan-login-server with the bench's limits (no per-IP rate limit,
// caps far above what the bench makes, codes living an hour) and `args`
// (the store). Resolves once it listens; `base` is its http://127.0.0.1:PORT.
export async function startServer(args) {
  const child = track(
    spawn(
      binary,
      [
        "--port",
        "0",
        "--gene-rate",
        "0",
        "--max-live-codes",
        "1000000",
        "--max-held-polls",
        "20000",
        // The bench's load all comes from one address (127.0.0.1).
        "--max-connections-per-client",
        "20000",
        "--max-held-polls-per-client",
        "20000",
        "--qr-expires-in",
        "3600",
        ...args,
      ],
      {
        stdio: ["ignore", "pipe", "pipe"],
        // A PostgreSQL store needs a secrets key (docs/operations-secrets.md).
        env: { SCAN_LOGIN_SECRETS_KEY: Buffer.alloc(32, 7).toString("base64"), ...process.env },
      },
    ),
  );
  let errors = "";
  child.stderr.on("data", (d) => (errors = (errors + d).slice(-2000)));
  const line = await new Promise((resolve, reject) => {
    createInterface({ input: child.stdout }).once("line", resolve);
    child.once("exit", (code) => reject(new Error(`the server exited (${code}): ${errors}`)));
  });
  const base = /listening on (http:\/\/[\d.]+:\d+)/.exec(line)[1];
  return { child, base, pid: child.pid, port: Number(base.split(":").pop()) };
}

// Resident set size of a process, KiB.
export function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

// nginx (one worker, access log off) serving `body` as /check.json;
// resolves to its URL once it answers.
export async function startNginx(name, body) {
  const port = await freePort();
  const dir = join(work, name);
  mkdirSync(join(dir, "logs"), { recursive: true });
  mkdirSync(join(dir, "www"), { recursive: true });
  writeFileSync(join(dir, "www", "check.json"), body);
  const conf = `worker_processes 1;
daemon off;
pid ${dir}/nginx.pid;
error_log ${dir}/logs/error.log;
events { worker_connections 4096; }
http {
  access_log off;
  client_body_temp_path ${dir}/tmp; proxy_temp_path ${dir}/tmp; fastcgi_temp_path ${dir}/tmp;
  uwsgi_temp_path ${dir}/tmp; scgi_temp_path ${dir}/tmp;
  types { application/json json; }
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
    location / { add_header Cache-Control no-store; }
  }
}
`;
  writeFileSync(join(dir, "nginx.conf"), conf);
  const child = track(
    spawn("nginx", ["-p", dir, "-c", join(dir, "nginx.conf")], { stdio: "ignore" }),
    "SIGTERM",
  );
  const url = `http://127.0.0.1:${port}/check.json`;
  for (let i = 0; i < 50; i++) {
    const up = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, url };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("nginx did not start");
}

// A throwaway PostgreSQL (scripts/test-postgres) in the bench's folder;
// stopped and removed when the bench exits. A start that fails (a port
// taken in between, say) is tried again in a new folder, three times at
// most. Returns its libpq URI and data folder.
export function startPostgres() {
  let log = "";
  for (let attempt = 1; attempt <= 3; attempt++) {
    const dir = join(work, `postgres-${attempt}`);
    postgresDirs.add(dir);
    const started = spawnSync(join(root, "scripts/test-postgres"), ["start", dir], {
      encoding: "utf8",
    });
    if (started.status === 0) {
      return {
        uri: readFileSync(join(dir, "conninfo"), "utf8").trim(),
        dataDir: join(dir, "data"),
      };
    }
    try {
      log = readFileSync(join(dir, "server.log"), "utf8").slice(-1000);
    } catch {
      log = started.stderr;
    }
    spawnSync(join(root, "scripts/test-postgres"), ["stop", dir], { stdio: "ignore" });
    postgresDirs.delete(dir);
  }
  throw new Error(`test-postgres could not start PostgreSQL:\n${log}`);
}

// Runs SQL through psql against `uri`; throws with psql's message on failure.
export function psql(uri, sql) {
  const out = spawnSync("psql", ["-X", "-q", "-v", "ON_ERROR_STOP=1", "-d", uri, "-c", sql], {
    encoding: "utf8",
  });
  if (out.status !== 0) throw new Error(`psql failed on ${sql}: ${out.stderr}`);
  return out.stdout;
}

// A new, empty database on the server of `uri`; returns its URI.
export function createDatabase(uri, name) {
  psql(uri, `CREATE DATABASE ${name}`);
  return uri.replace(/\/[^/]*$/, `/${name}`);
}
