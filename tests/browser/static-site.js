// A website for browser tests: a folder served as static files on its own
// loopback origin by node:http (the site, not our server). "/" paths end in
// index.html; anything outside the folder or missing is 404.
//
//   const site = await serveFolder(dir);   // site.url: http://127.0.0.1:<port>
//   await site.close();
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import path from "node:path";

const contentTypes = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
};

/**
 * @param {string} root the folder to serve
 * @returns {Promise<{url: string, close: () => Promise<void>}>}
 */
export function serveFolder(root) {
  const server = createServer(async (request, response) => {
    let pathname = decodeURIComponent(new URL(request.url, "http://site").pathname);
    if (pathname.endsWith("/")) pathname += "index.html";
    const file = path.join(root, pathname);
    if (!file.startsWith(root + path.sep)) return notFound(response);
    try {
      const body = await readFile(file);
      const type = contentTypes[path.extname(file)] ?? "application/octet-stream";
      response.writeHead(200, { "content-type": type, "cache-control": "no-store" });
      response.end(body);
    } catch {
      notFound(response);
    }
  });
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      resolve({
        url: `http://127.0.0.1:${server.address().port}`,
        // The browser keeps its connections alive; close them with the server.
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

function notFound(response) {
  response.writeHead(404, { "content-type": "text/plain" });
  response.end("not found");
}
