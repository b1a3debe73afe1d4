// `npm run bench:flood`: one client (127.0.0.1) opens FLOOD_CONNECTIONS idle
// connections (default 19,000: near this shell's open-file limit) to a
// server with its default caps, while a second client (127.0.0.2) checks
// /healthz and logs in. Prints the server's descriptors and RSS before and
// under the flood, how many flood connections it kept and turned away, and
// the second client's /healthz and login times. Issue 10's figures.
import { readdirSync, readFileSync } from "node:fs";
import net from "node:net";
import { client, login, startProcess, temporaryDir } from "../../tests/browser/deploy-cluster.js";

const count = Number(process.env.FLOOD_CONNECTIONS || 19_000);

const descriptors = (pid) => readdirSync(`/proc/${pid}/fd`).length;
const rssMiB = (pid) =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))[1]) / 1024;

const server = await startProcess(["--data-dir", temporaryDir("flood"), "--gene-rate", "0"]);
const pid = server.child.pid;
const [capsLine] = await server.waitForOutput(/open files .*\n/);
const before = { fds: descriptors(pid), rss: rssMiB(pid) };

const sockets = [];
let refused = 0;
await Promise.all(
  Array.from(
    { length: count },
    () =>
      new Promise((resolve) => {
        const socket = net.connect({ port: server.port, host: "127.0.0.1" });
        socket.on("data", (d) => String(d).startsWith("HTTP/1.1 503") && refused++);
        socket.on("error", () => {});
        socket.once("connect", resolve);
        socket.once("error", resolve);
        socket.once("close", resolve);
        sockets.push(socket);
      }),
  ),
);
await new Promise((resolve) => setTimeout(resolve, 1000));
const under = { fds: descriptors(pid), rss: rssMiB(pid) };
const open = sockets.filter((s) => !s.destroyed && s.readyState === "open").length;

const other = client(server.url, { localAddress: "127.0.0.2" });
let started = performance.now();
const health = await other.healthz();
const healthMs = performance.now() - started;
started = performance.now();
await login({ gene: other, poll: other, phone: other, exchange: other }, { phone: "13700009999" });
const loginMs = performance.now() - started;

for (const s of sockets) s.destroy();
await server.stop();
console.log(`flood bench: ${capsLine.trim().replace(/^scan-login-server: /, "")}`);
console.log(
  `flood from 127.0.0.1: ${count} connections attempted, ${open} still open, ${refused} answered 503 50305`,
);
console.log(
  `server descriptors ${before.fds} -> ${under.fds}, RSS ${before.rss.toFixed(1)} -> ${under.rss.toFixed(1)} MiB`,
);
console.log(
  `127.0.0.2 during the flood: /healthz ${health.status} in ${healthMs.toFixed(1)} ms, a whole login in ${loginMs.toFixed(0)} ms`,
);
