// Runs inside the bench page (on a site of its own, the server on another
// origin, as a real embedding site; no CSP). Each function
// measures one thing and resolves to plain numbers; bench/component/run.mjs
// calls them through page.evaluate. Times are performance.now() in this page.

const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

/** True when the canvas holds dark pixels (a QR code) on its middle row. */
function canvasHasQr(canvas) {
  if (!canvas || !canvas.width) return false;
  const y = Math.floor(canvas.height / 2);
  const { data } = canvas.getContext("2d").getImageData(0, y, canvas.width, 1);
  for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0 && data[i] < 128) return true;
  return false;
}

/** Decodes what an <img> or <canvas> shows (outside the timed part). */
function decode(source) {
  const width = source.naturalWidth || source.width;
  const height = source.naturalHeight || source.height;
  const canvas = document.createElement("canvas");
  canvas.width = width;
  canvas.height = height;
  const ctx = canvas.getContext("2d");
  ctx.fillStyle = "#fff";
  ctx.fillRect(0, 0, width, height);
  ctx.drawImage(source, 0, 0);
  const { data } = ctx.getImageData(0, 0, width, height);
  const found = window.jsQR(data, width, height);
  return found ? found.data : null;
}

/** Summed duration of the requests (resource timing) whose path starts with one of `paths`. */
function requestMs(paths) {
  let total = 0;
  for (const entry of performance.getEntriesByType("resource")) {
    const { pathname } = new URL(entry.name);
    if (paths.some((p) => pathname.startsWith(p))) total += entry.duration;
  }
  return total;
}

/**
 * Imports the served element from `folder` (/component/<version> on the
 * server) with the wasm preload hint docs/integration.md shows, as a page
 * that has loaded nothing yet.
 */
async function importComponent(folder) {
  const hint = document.createElement("link");
  Object.assign(hint, { rel: "preload", as: "fetch", crossOrigin: "anonymous" });
  hint.href = `${folder}/scan-login-core.wasm`;
  hint.type = "application/wasm";
  document.head.append(hint);
  await import(`${folder}/scan-login.js`);
}

/** A <scan-login> for the bench app on `host`, in English, not yet connected. */
function newLogin(host, appId) {
  const element = document.createElement("scan-login");
  element.setAttribute("app-id", appId);
  element.setAttribute("host", host);
  element.setAttribute("lang", "en-US");
  return element;
}

function freshContainer() {
  const container = document.createElement("div");
  container.id = "qrcode";
  document.getElementById("qrcode")?.remove();
  document.body.append(container);
  return container;
}

/**
 * Ours: from the moment a <scan-login> is connected to the moment its
 * canvas holds the QR's pixels. `load` fires right after the core painted
 * the canvas; pixels are confirmed there, and by frame polling otherwise.
 * @param {{coldImport?: string}} options coldImport: the clock starts before
 *   importing the element from this folder (the served component,
 *   /component/<version>), with the wasm preload hint docs/integration.md
 *   shows (a page that has loaded nothing yet)
 */
export async function oursToPixels({ host, appId, coldImport }) {
  const container = freshContainer();
  performance.clearResourceTimings();
  const t0 = performance.now();
  if (coldImport) await importComponent(coldImport);
  const importedAt = performance.now() - t0;
  const element = newLogin(host, appId);
  let shown = 0;
  let content = "";
  let loadAt = 0;
  const loaded = new Promise((resolve) =>
    element.addEventListener("load", (e) => {
      loadAt = performance.now() - t0;
      content = e.detail.qrcodeContent;
      resolve();
    }),
  );
  container.append(element);
  const canvas = element.shadowRoot.querySelector("canvas");
  await loaded;
  while (!canvasHasQr(canvas)) await nextFrame();
  shown = performance.now() - t0;
  const decoded = decode(canvas);
  element.remove();
  const entries = performance.getEntriesByType("resource");
  const ending = (suffix) => entries.find((entry) => new URL(entry.name).pathname.endsWith(suffix));
  const gene = ending("/api/v2/qrcode/gene");
  // Cold only: when the script and the wasm had arrived.
  const arrived = (suffix) => (ending(suffix) ? ending(suffix).responseEnd - t0 : null);
  return {
    ms: shown,
    ok: decoded === content,
    serverMs: requestMs(["/api/v2/qrcode/gene"]),
    // Where the time went, from t0: the code request sent and answered, `load`.
    steps: {
      scriptEnd: arrived("/scan-login.js"),
      wasmEnd: arrived("/scan-login-core.wasm"),
      importedAt,
      geneStart: gene.startTime - t0,
      geneEnd: gene.responseEnd - t0,
      loadAt,
    },
  };
}

/**
 * GenAuth's SDK (authing-js-sdk v4, browser build, window.Authing):
 * wxqrcode.startScanning asks our server for a code, loads the `url` image
 * (our SVG), draws it on a canvas, and shows it as a PNG data-URL <img>. The
 * clock stops when that <img> is decoded (its pixels are ready to paint).
 * @param {{coldScript?: string}} options coldScript: the clock starts before
 *   loading the SDK's script from this URL
 */
export async function genAuthToPixels({ host, appId, coldScript }) {
  const container = freshContainer();
  performance.clearResourceTimings();
  const t0 = performance.now();
  if (coldScript) {
    await new Promise((resolve, reject) => {
      const script = document.createElement("script");
      script.src = coldScript;
      script.onload = resolve;
      script.onerror = () => reject(new Error(`could not load ${coldScript}`));
      document.head.append(script);
    });
  }
  const client = new window.Authing.AuthenticationClient({
    appId,
    appHost: host,
    lang: "en-US",
  });
  let random = null;
  const seen = new Promise((resolve) => {
    const observer = new MutationObserver(() => {
      const img = container.querySelector('img[src^="data:image/png"]');
      if (!img) return;
      observer.disconnect();
      img.decode().then(
        () => resolve(img),
        () => resolve(img),
      );
    });
    observer.observe(container, { childList: true, subtree: true, attributes: true });
  });
  let timer = null;
  client.wxqrcode.startScanning("qrcode", {
    onCodeLoaded: (r) => (random = r),
    onStart: (t) => (timer = t),
  });
  const img = await seen;
  const ms = performance.now() - t0;
  const serverMs = requestMs(["/api/v2/qrcode/gene", "/api/v2/qrcode/image/"]);
  const decoded = decode(img);
  // Stop its polling (it starts a setInterval of 800 ms) before the next round.
  await new Promise((resolve) => setTimeout(resolve, 900));
  clearInterval(timer ?? client.wxqrcode.timer);
  clearInterval(client.wxqrcode.timer);
  container.remove();
  return {
    ms,
    ok: typeof decoded === "string" && decoded.includes("/m/"),
    random: Boolean(random),
    serverMs,
  };
}

async function phone(host, path, body) {
  const response = await fetch(`${host}/api/v2/qrcode/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  });
  const envelope = await response.json();
  if (envelope.code !== 200) throw new Error(`${path}: ${envelope.message}`);
  return envelope.data;
}

let loginCount = 0;

/**
 * One login on a <scan-login>: wait for the code, scan from the "phone"
 * (fetch to the phone endpoints), wait until the element shows "scanned"
 * (its next poll is under way), then time from sending confirm to the
 * element's success event.
 * @param {{host: string, wait: number|null, interval?: number}} options
 *   wait null: the element's default long poll; 0: plain polling every `interval` ms
 */
export async function confirmToSuccess({ host, appId, wait, interval = 800 }) {
  const container = freshContainer();
  const element = newLogin(host, appId);
  if (wait !== null) element.setAttribute("wait", String(wait));
  element.setAttribute("interval", String(interval));
  const once = (type) =>
    new Promise((resolve) => element.addEventListener(type, resolve, { once: true }));
  const loaded = once("load");
  container.append(element);
  const code = new URL((await loaded).detail.qrcodeContent).pathname.split("/").pop();
  const scannedEvent = once("scanned");
  const { scanToken } = await phone(host, "scanned", {
    code,
    wechatUser: { openid: `bench-${++loginCount}`, nickname: "Bench" },
  });
  await scannedEvent;
  // Let the poll that follows "scanned" reach the server (a long poll is then held).
  await new Promise((resolve) => setTimeout(resolve, 50 + Math.random() * 800));
  const success = once("success");
  const t0 = performance.now();
  await phone(host, "confirm", {
    code,
    scanToken,
    phone: `1380000${String(loginCount).padStart(4, "0")}`,
  });
  await success;
  const ms = performance.now() - t0;
  element.remove();
  return ms;
}

/**
 * For profiling (bench/component/profile.mjs): connects `count` elements one
 * after another, each until its `load` event, and removes it; nothing else
 * runs in the page meanwhile (no decoding, no polling of pixels).
 * @param {{host: string, appId: string, count: number, coldImport?: string}} options
 *   coldImport: first import the element from this folder with the wasm
 *   preload hint, as oursToPixels does
 * @returns {Promise<number[]>} ms from creating each element to its `load`
 */
export async function connectUntilLoad({ host, appId, count, coldImport }) {
  const times = [];
  const t0 = performance.now();
  if (coldImport) await importComponent(coldImport);
  for (let i = 0; i < count; i++) {
    const start = i === 0 ? t0 : performance.now();
    const container = freshContainer();
    const element = newLogin(host, appId);
    const loaded = new Promise((resolve) => element.addEventListener("load", resolve));
    container.append(element);
    await loaded;
    times.push(performance.now() - start);
    element.remove();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return times;
}
