// Starts and stops the real scan-login server for browser tests and benches.
// Plain Node (no Playwright import), so bench/ scripts can use it too.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import path from "node:path";

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The server binary; SCAN_LOGIN_SERVER points the tests at another build. */
export const serverBinary =
  process.env.SCAN_LOGIN_SERVER ||
  path.join(repoRoot, "build/native/mock-server/scan-login-server");

const listeningLine = /scan-login-server listening on (http:\/\/\S+)/;
const startTimeoutMs = 10_000;
const stopTimeoutMs = 5_000;

/**
 * Spawns the server on a free loopback port (`--port 0`) with `args` added,
 * and resolves once it printed its listening line.
 *
 * @param {string[]} [args] extra command-line flags, e.g. ["--qr-expires-in", "5"]
 * @returns {Promise<RunningServer>} rejects with the server's output when it
 *   exits or stays silent for 10 s.
 *
 * @typedef {object} RunningServer
 * @property {string} url base URL without a trailing slash, e.g. http://127.0.0.1:41234
 * @property {import("node:child_process").ChildProcess} process the current process
 * @property {() => string} output everything it printed so far (stdout and stderr)
 * @property {string | null} dataDir its SQLite data folder (a fresh temporary one
 *   unless `args` name --data-dir or --database); removed by stop()
 * @property {() => Promise<void>} stop SIGTERM, then SIGKILL after 5 s; idempotent
 * @property {() => Promise<void>} restart stop, then start again on the same
 *   port with the same args and data (the store keeps users, apps, codes)
 * @property {() => Promise<void>} kill SIGKILL (a crash), then start again like restart
 */
export async function startServer(args = []) {
  const ownsData = !args.some((a) => /^--(data-dir|database)(=|$)/.test(a));
  const dataDir = ownsData ? mkdtempSync(path.join(tmpdir(), "scan-login-test-")) : null;
  if (dataDir) args = ["--data-dir", dataDir, ...args];
  let current;
  try {
    current = await spawnServer(["--port", "0", ...args]);
  } catch (e) {
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    throw e;
  }
  const port = new URL(current.url).port;
  const server = {
    url: current.url,
    get process() {
      return current.child;
    },
    output: () => current.output(),
    dataDir,
    async stop() {
      await current.stop();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
    async restart() {
      await current.stop();
      current = await spawnServer(["--port", port, ...args]);
      server.url = current.url;
    },
    async kill() {
      await current.kill();
      current = await spawnServer(["--port", port, ...args]);
      server.url = current.url;
    },
  };
  return server;
}

function spawnServer(args) {
  const child = spawn(serverBinary, args, {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let exited = false;
  // Should this Node process end without stopping the server (a crashed or
  // force-exited worker), take the server down with it rather than leak it.
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  const exitPromise = new Promise((resolve) => {
    child.once("exit", () => {
      exited = true;
      process.removeListener("exit", killOnExit);
      resolve();
    });
  });

  const stop = async () => {
    if (exited) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), stopTimeoutMs);
    await exitPromise;
    clearTimeout(timer);
  };
  const kill = async () => {
    if (exited) return;
    child.kill("SIGKILL");
    await exitPromise;
  };

  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (why) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      stop().finally(() =>
        reject(new Error(`${serverBinary} ${args.join(" ")}: ${why}\n--- output ---\n${output}`)),
      );
    };
    const timer = setTimeout(
      () => fail(`no listening line within ${startTimeoutMs} ms`),
      startTimeoutMs,
    );
    const onData = (chunk) => {
      output += chunk;
      const match = !settled && listeningLine.exec(output);
      if (match) {
        settled = true;
        clearTimeout(timer);
        resolve({ url: match[1].replace(/\/$/, ""), child, output: () => output, stop, kill });
      }
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", (chunk) => (output += chunk));
    child.once("error", (e) => fail(`could not start (${e.message}); run scripts/build first`));
    child.once("exit", (code, signal) => fail(`exited early (code ${code}, signal ${signal})`));
  });
}
