// A fake of WeChat's server API (api.weixin.qq.com) on 127.0.0.1, speaking
// WeChat's wire format, with a control API under /_fake/ for tests.
//
// In process: const fake = await startFakeWechat({ port, tls: { key, cert } });
//   fake.url, fake.port, fake.control.<operation>(args), await fake.close().
// As a child process (C++ tests):
//   node tests/fake-wechat/server.mjs [--port N] [--tls-key FILE --tls-cert FILE]
//                                     [--exit-on-stdin-close]
//   prints one line "fake-wechat listening on <url>" and then nothing on
//   stdout; exits 0 on SIGTERM or SIGINT (and, with --exit-on-stdin-close,
//   when its stdin closes, i.e. when the parent that holds the pipe dies).
// See README.md for the endpoints and the control API.
import { readFileSync, realpathSync } from "node:fs";
import http from "node:http";
import https from "node:https";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { createControl } from "./control.mjs";
import { listenOnLoopback } from "./loopback-listener.mjs";
import { createRequestHandler } from "./request-handler.mjs";
import { createWorld } from "./world.mjs";

export async function startFakeWechat({ port = 0, tls } = {}) {
  if (tls !== undefined && !(tls.key && tls.cert)) throw new Error("tls needs { key, cert } (PEM)");
  const world = createWorld();
  const control = createControl(world);
  const closing = new AbortController();
  const handler = createRequestHandler({
    world,
    control,
    tls: tls !== undefined,
    closing: closing.signal,
  });
  const listener = await listenOnLoopback({
    port,
    plainServer: http.createServer(handler),
    tlsServer: tls && https.createServer({ key: tls.key, cert: tls.cert }, handler),
  });
  return {
    url: `${tls ? "https" : "http"}://127.0.0.1:${listener.port}`,
    port: listener.port,
    control,
    // Stops listening and ends every connection, hung requests included.
    async close() {
      closing.abort();
      await listener.close();
    },
  };
}

async function main(args) {
  const { values } = parseArgs({
    args,
    options: {
      port: { type: "string", default: "0" },
      "tls-key": { type: "string" },
      "tls-cert": { type: "string" },
      "exit-on-stdin-close": { type: "boolean", default: false },
    },
  });
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`bad --port ${values.port}`);
  if ((values["tls-key"] === undefined) !== (values["tls-cert"] === undefined)) {
    throw new Error("--tls-key and --tls-cert go together");
  }
  const tls = values["tls-key"] && {
    key: readFileSync(values["tls-key"], "utf8"),
    cert: readFileSync(values["tls-cert"], "utf8"),
  };
  const fake = await startFakeWechat({ port, tls });
  process.stdout.write(`fake-wechat listening on ${fake.url}\n`);

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    fake.close().then(() => process.exit(0));
  };
  process.once("SIGTERM", stop);
  process.once("SIGINT", stop);
  if (values["exit-on-stdin-close"]) {
    process.stdin.on("end", stop).on("close", stop).on("error", stop).resume();
  }
}

const runAsProgram =
  process.argv[1] !== undefined &&
  import.meta.url === pathToFileURL(realpathSync(process.argv[1])).href;
if (runAsProgram) {
  main(process.argv.slice(2)).catch((error) => {
    process.stderr.write(`fake-wechat: ${error.message}\n`);
    process.exit(1);
  });
}
