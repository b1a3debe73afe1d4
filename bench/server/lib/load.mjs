// Load that bench:server puts on a server: gene calls from node, held long
// polls on raw sockets, and wrk runs.
import { spawn } from "node:child_process";
import http from "node:http";
import net from "node:net";

// One JSON request over `agent`; resolves to {status, body} with body parsed.
export function request(agent, base, path, { method = "GET", body, headers = {} } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      new URL(path, base),
      {
        method,
        agent,
        headers: body === undefined ? headers : { "content-type": "application/json", ...headers },
      },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (d) => (text += d));
        res.on("end", () => {
          try {
            resolve({ status: res.statusCode, body: JSON.parse(text), text });
          } catch {
            resolve({ status: res.statusCode, body: null, text });
          }
        });
      },
    );
    req.on("error", reject);
    req.end(body === undefined ? undefined : JSON.stringify(body));
  });
}

// One code for the demo app; resolves to {random, code}.
export async function gene(agent, base) {
  const res = await request(agent, base, "/api/v2/qrcode/gene", {
    method: "POST",
    body: {},
    headers: { "x-authing-app-id": "demo" },
  });
  if (res.body?.code !== 200) throw new Error(`gene failed: ${res.text}`);
  const { random, qrcodeContent } = res.body.data;
  return { random, code: qrcodeContent.split("/m/").pop() };
}

// n gene calls over `concurrency` keep-alive connections; resolves to the
// poll keys and the rate (codes/s, node being the client).
export async function createCodes(base, n, concurrency = 32) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const randoms = [];
  let issued = 0;
  const started = performance.now();
  const worker = async () => {
    while (issued < n) {
      issued++;
      randoms.push((await gene(agent, base)).random);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const rate = n / ((performance.now() - started) / 1000);
  agent.destroy();
  return { randoms, rate };
}

// The count of held long polls the server reports on /metrics.
export async function heldPolls(agent, base) {
  const res = await request(agent, base, "/metrics");
  return Number(/scan_login_held_long_polls (\d+)/.exec(res.text)[1]);
}

// Opens n connections, each holding GET check?wait=30&since=0 on one of
// `randoms`; resolves once the server reports them all held (or after 10 s).
export async function holdPolls(server, randoms, n) {
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
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  let held = 0;
  for (let i = 0; i < 100 && held < n; i++) {
    await new Promise((r) => setTimeout(r, 100));
    held = await heldPolls(agent, server.base);
  }
  agent.destroy();
  return { sockets, held };
}

// Runs a command to its end without blocking the event loop; resolves to
// {status, stdout, stderr}.
export function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

// wrk -t1 -c`connections` -d`seconds`s --latency against `url`, with an
// optional Lua script and its arguments. Resolves to {rate, p99ms, non2xx}.
export async function wrk(url, { seconds, connections = 64, script, scriptArgs = [] }) {
  const args = ["-t1", `-c${connections}`, `-d${seconds}s`, "--latency"];
  if (script) args.push("-s", script);
  args.push(url);
  if (scriptArgs.length) args.push("--", ...scriptArgs);
  const out = await run("wrk", args);
  const rate = Number(/Requests\/sec:\s+([\d.]+)/.exec(out.stdout)?.[1]);
  const p99raw = /\s99%\s+([\d.]+)(us|ms|s)/.exec(out.stdout);
  const p99ms = p99raw ? Number(p99raw[1]) * { us: 0.001, ms: 1, s: 1000 }[p99raw[2]] : NaN;
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(out.stdout)?.[1] ?? 0);
  const socketErrors = /Socket errors:.*/.exec(out.stdout)?.[0] ?? "";
  if (!rate) throw new Error(`wrk failed: ${out.stdout}${out.stderr}`);
  return { rate, p99ms, non2xx, socketErrors };
}
