// A website on another origin than the scan-login server: a real HTTP server
// on 127.0.0.2 (all of 127.0.0.0/8 is loopback) that serves a page and the
// component's files as a site hosting them itself would (`/src/` from web/src,
// `/wasm/` from the wasm build). Its pages call the real scan-login server
// across origins, so CORS and the server's origin checks are the real ones.
//
//   const site = await startSite({ page: html });        // site.url: http://127.0.0.2:<port>
//   await browserPage.goto(`${site.url}/`);
//   await site.stop();
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { repoRoot } from "./server.js";

const roots = {
  "/src/": path.join(repoRoot, "web/src"),
  "/wasm/": path.join(repoRoot, "build/wasm/dist"),
};
const types = {
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
  ".html": "text/html; charset=utf-8",
};

/**
 * Starts the site. `/` answers `page` (HTML); `withWasm: false` leaves the
 * .wasm files out (404), as a site that copied only the scripts would.
 * @param {{page: string, withWasm?: boolean}} options
 * @returns {Promise<{url: string, stop: () => Promise<void>}>}
 */
export async function startSite({ page, withWasm = true }) {
  const server = createServer(async (req, res) => {
    const { pathname } = new URL(req.url, "http://site");
    if (pathname === "/") {
      res.writeHead(200, { "content-type": types[".html"] });
      res.end(page);
      return;
    }
    const prefix = Object.keys(roots).find((p) => pathname.startsWith(p));
    const relative = prefix ? path.normalize(pathname.slice(prefix.length)) : "";
    const ext = path.extname(relative);
    if (!prefix || relative.startsWith("..") || !types[ext] || (!withWasm && ext === ".wasm")) {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
      return;
    }
    try {
      const body = await readFile(path.join(roots[prefix], relative));
      res.writeHead(200, { "content-type": types[ext] });
      res.end(body);
    } catch {
      res.writeHead(404, { "content-type": "text/plain" });
      res.end("not found");
    }
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.2", resolve);
  });
  const { port } = server.address();
  return {
    url: `http://127.0.0.2:${port}`,
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A page that defines <scan-login> from the site's own /src/, with `lang` on <html>. */
export function elementPage({ lang = "en" } = {}) {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>site</title>
<script type="module" src="/src/element/define.js"></script></head><body></body></html>`;
}
