// What the server ships for the QR code: MIME types the browser insists on,
// and JavaScript that a strict Content-Security-Policy accepts (no eval).
import { test, expect } from "./fixtures.js";

const dynamicCode = /\beval\s*\(|\bnew\s+Function\b|\bFunction\s*\(|setTimeout\s*\(\s*["'`]/;

test("the WASM glue is served as JavaScript and has no eval or new Function", async ({
  request,
  server,
}) => {
  const response = await request.get(`${server.url}/wasm/scan-login-qr.js`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^text\/javascript\b/);
  const source = await response.text();
  expect(source).toContain("export default createQrCore");
  expect(source).toContain("import.meta.url");
  expect(source).not.toMatch(dynamicCode);
});

test("the WebAssembly binary is served as application/wasm", async ({ request, server }) => {
  const response = await request.get(`${server.url}/wasm/scan-login-qr.wasm`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toBe("application/wasm");
  const body = await response.body();
  expect([...body.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]); // "\0asm"
});

for (const path of ["/src/qr-core.js", "/src/qr-canvas.js", "/playground/playground.js"]) {
  test(`${path} is served as JavaScript and has no eval or new Function`, async ({
    request,
    server,
  }) => {
    const response = await request.get(`${server.url}${path}`);
    expect(response.status()).toBe(200);
    expect(response.headers()["content-type"]).toMatch(/^text\/javascript\b/);
    expect(await response.text()).not.toMatch(dynamicCode);
  });
}

test("the playground page is HTML with no inline script", async ({ request, server }) => {
  const response = await request.get(`${server.url}/playground/`);
  expect(response.status()).toBe(200);
  expect(response.headers()["content-type"]).toMatch(/^text\/html\b/);
  const html = await response.text();
  for (const tag of html.match(/<script\b[^>]*>/g) ?? []) expect(tag).toMatch(/\bsrc=/);
  expect(html).not.toMatch(/\son[a-z]+\s*=/i); // no inline event handlers
});
