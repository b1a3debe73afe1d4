// npm run bench:server: scan-login-server beside nginx on loopback.
//   1. check requests/s and p99 (wrk) with 10k live codes, against nginx
//      serving a static JSON file of the same size, in the same run;
//   2. RSS with 10k held long polls;
//   3. RSS growth per live code over 100k codes (fresh server).
// Prints the figures and the ratios against the goals, and writes
// bench/results/server.json. Needs wrk and nginx (scripts/bootstrap --with-bench).
import { spawn, spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const binary = join(root, "build/native/mock-server/scan-login-server");
const seconds = Number(process.env.BENCH_SECONDS || 10);
const work = mkdtempSync(join(tmpdir(), "scan-login-bench-"));
chmodSync(work, 0o755);

for (const tool of ["wrk", "nginx"]) {
  const found = spawnSync("sh", ["-c", `command -v ${tool} || ls /usr/sbin/${tool}`], {
    encoding: "utf8",
  });
  if (found.status !== 0) {
    console.error(`bench:server needs ${tool}: run scripts/bootstrap --with-bench`);
    process.exit(1);
  }
}

const children = [];
process.on("exit", () => {
  children.forEach((c) => c.kill("SIGTERM"));
  rmSync(work, { recursive: true, force: true });
});

async function startServer(args = []) {
  const child = spawn(
    binary,
    [
      "--port",
      "0",
      "--gene-rate",
      "0",
      "--max-live-codes",
      "300000",
      "--max-held-polls",
      "20000",
      "--qr-expires-in",
      "3600",
      ...args,
    ],
    { stdio: ["ignore", "pipe", "ignore"] },
  );
  children.push(child);
  const line = await new Promise((resolve) =>
    createInterface({ input: child.stdout }).once("line", resolve),
  );
  const base = /listening on (http:\/\/[\d.]+:\d+)/.exec(line)[1];
  return { child, base, pid: child.pid, port: Number(base.split(":").pop()) };
}

function rssKiB(pid) {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]);
}

// n gene calls over `concurrency` keep-alive connections; returns the randoms.
async function createCodes(base, n, concurrency = 32) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const url = new URL("/api/v2/qrcode/gene", base);
  const randoms = [];
  let issued = 0;
  const one = () =>
    new Promise((resolve, reject) => {
      const req = http.request(
        url,
        {
          method: "POST",
          agent,
          headers: { "content-type": "application/json", "x-authing-app-id": "demo" },
        },
        (res) => {
          let body = "";
          res.setEncoding("utf8");
          res.on("data", (d) => (body += d));
          res.on("end", () => {
            const parsed = JSON.parse(body);
            if (parsed.code !== 200) return reject(new Error(body));
            randoms.push(parsed.data.random);
            resolve();
          });
        },
      );
      req.on("error", reject);
      req.end('{"scene":"WXAPP_AUTH"}');
    });
  const worker = async () => {
    while (issued < n) {
      issued++;
      await one();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return randoms;
}

function wrk(url, options = [], scriptArgs = []) {
  const args = ["-t1", "-c64", `-d${seconds}s`, "--latency", ...options, url];
  if (scriptArgs.length) args.push("--", ...scriptArgs);
  const out = spawnSync("wrk", args, { encoding: "utf8" });
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out.stdout)?.[1]);
  const p99raw = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out.stdout);
  const p99ms = p99raw ? Number(p99raw[1]) * { us: 0.001, ms: 1, s: 1000 }[p99raw[2]] : NaN;
  const errors = /Non-2xx or 3xx responses:\s+(\d+)/.exec(out.stdout)?.[1] ?? "0";
  if (!rate) throw new Error(`wrk failed: ${out.stdout}${out.stderr}`);
  return { rate, p99ms, non2xx: Number(errors) };
}

async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

async function startNginx(bodyFile) {
  const port = await freePort();
  const dir = join(work, "nginx");
  mkdirSync(join(dir, "logs"), { recursive: true });
  mkdirSync(join(dir, "www"), { recursive: true });
  writeFileSync(join(dir, "www", "check.json"), readFileSync(bodyFile));
  // One worker, like our one io_context thread; access log off, as ours has none.
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
  const child = spawn("nginx", ["-p", dir, "-c", join(dir, "nginx.conf")], { stdio: "ignore" });
  children.push(child);
  for (let i = 0; i < 50; i++) {
    const up = await fetch(`http://127.0.0.1:${port}/check.json`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { child, url: `http://127.0.0.1:${port}/check.json` };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("nginx did not start");
}

// Opens n connections, each holding GET check?wait=30 on one of `randoms`;
// resolves once the server reports them all held.
async function holdPolls(server, randoms, n) {
  const sockets = [];
  for (let i = 0; i < n; i++) {
    const socket = net.connect(server.port, "127.0.0.1");
    socket.on("error", () => {});
    socket.setNoDelay(true);
    const random = randoms[i % randoms.length];
    socket.write(
      `GET /api/v2/qrcode/check?random=${random}&wait=30&since=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`,
    );
    sockets.push(socket);
    if (i % 500 === 499) await new Promise((r) => setTimeout(r, 5));
  }
  let held = 0;
  for (let i = 0; i < 100 && held < n; i++) {
    await new Promise((r) => setTimeout(r, 100));
    const text = await fetch(server.base + "/metrics").then((r) => r.text());
    held = Number(/scan_login_held_long_polls (\d+)/.exec(text)[1]);
  }
  return { sockets, held };
}

const fmt = (n, digits = 0) =>
  n.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: digits });

// 1. check throughput with 10k live codes, against nginx.
const a = await startServer();
const randoms = await createCodes(a.base, 10_000);
const randomsFile = join(work, "randoms.txt");
writeFileSync(randomsFile, randoms.join("\n") + "\n");
const sampleBody = await fetch(`${a.base}/api/v2/qrcode/check?random=${randoms[0]}`).then((r) =>
  r.text(),
);
const bodyFile = join(work, "check.json");
writeFileSync(bodyFile, sampleBody);
const nginx = await startNginx(bodyFile);

const checkUrl = a.base + "/api/v2/qrcode/check";
const checkScript = ["-s", join(root, "bench/server/check.lua")];
const rounds = [];
for (let round = 0; round < 2; round++) {
  rounds.push({ ours: wrk(checkUrl, checkScript, [randomsFile]), nginx: wrk(nginx.url) });
}
const best = (key) => rounds.map((r) => r[key]).sort((x, y) => y.rate - x.rate)[0];
const ours = best("ours");
const theirs = best("nginx");
nginx.child.kill("SIGTERM");

// 2. 10k held long polls on the same server (10k live codes).
const rssBeforePolls = rssKiB(a.pid);
const polls = await holdPolls(a, randoms, 10_000);
const rssWithPolls = rssKiB(a.pid);
polls.sockets.forEach((s) => s.destroy());
a.child.kill("SIGTERM");

// 3. RSS growth per live code, on a fresh server.
const b = await startServer();
await createCodes(b.base, 1_000);
const rss0 = rssKiB(b.pid);
const codes = 100_000;
const started = performance.now();
await createCodes(b.base, codes);
const geneRate = codes / ((performance.now() - started) / 1000);
const rss1 = rssKiB(b.pid);
b.child.kill("SIGTERM");
const bytesPerCode = ((rss1 - rss0) * 1024) / codes;

const results = {
  date: new Date().toISOString(),
  seconds,
  check: { rate: ours.rate, p99ms: ours.p99ms, non2xx: ours.non2xx, bodyBytes: sampleBody.length },
  nginxStatic: { rate: theirs.rate, p99ms: theirs.p99ms },
  ratio: ours.rate / theirs.rate,
  heldPolls: { held: polls.held, rssMiB: rssWithPolls / 1024, rssBeforeMiB: rssBeforePolls / 1024 },
  perCode: {
    codes,
    bytes: bytesPerCode,
    rssBeforeMiB: rss0 / 1024,
    rssAfterMiB: rss1 / 1024,
    geneRate,
  },
};
mkdirSync(join(root, "bench/results"), { recursive: true });
writeFileSync(join(root, "bench/results/server.json"), JSON.stringify(results, null, 2) + "\n");

const verdict = (ok) => (ok ? "goal met" : "GOAL MISSED");
console.log(
  `scan-login-server bench (wrk -t1 -c64 -d${seconds}s on loopback, best of 2 rounds, both servers on one thread/worker)`,
);
console.log(
  `  check, 10k live codes: ${fmt(ours.rate)} req/s, p99 ${fmt(ours.p99ms, 2)} ms, non-2xx ${ours.non2xx}`,
);
console.log(
  `  nginx, static ${sampleBody.length}-byte JSON: ${fmt(theirs.rate)} req/s, p99 ${fmt(theirs.p99ms, 2)} ms`,
);
console.log(
  `  ratio ours/nginx: ${fmt(results.ratio * 100, 1)}%  (goal >= 50%: ${verdict(results.ratio >= 0.5)})`,
);
console.log(
  `  10k held long polls: ${fmt(polls.held)} held, RSS ${fmt(rssWithPolls / 1024, 1)} MiB (was ${fmt(rssBeforePolls / 1024, 1)} MiB)  (goal < 100 MiB: ${verdict(polls.held >= 10_000 && rssWithPolls / 1024 < 100)})`,
);
console.log(
  `  RSS per live code over ${fmt(codes)} codes: ${fmt(bytesPerCode)} bytes  (goal <= 1024: ${verdict(bytesPerCode <= 1024)})`,
);
console.log(`  gene over HTTP from node (32 connections): ${fmt(geneRate)} codes/s`);
process.exit(0);
