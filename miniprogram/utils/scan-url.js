// Reading the scan code out of what WeChat hands the page. WeChat opens the
// page for a scanned link QR code with `options.q` = the whole URL,
// URL-encoded once, and `options.scancode_time` (unix seconds). The URL is
// `<prefix>/m/<code>`: any http(s) origin and path before `/m/`, the code as
// the last path segment, a query string or fragment ignored.

// The mini program's JS runs without the `URL` class, hence the pattern.
const urlPattern = /^https?:\/\/[^/?#\s]+(\/[^?#\s]*)(?:\?[^#\s]*)?(?:#\S*)?$/i;
const pathPattern = /\/m\/([^/]+)$/;
const codePattern = /^[A-Za-z0-9._~-]{1,128}$/;

/**
 * The scan code in a login URL, e.g. "https://login.example.com/m/Ab3_x" ->
 * {ok: true, code: "Ab3_x"}. Anything else -> {ok: false, reason: "badQr"}
 * (not http(s), no `/m/<code>` at the end of the path, a code with
 * characters a server never makes or longer than 128).
 */
function parseScanUrl(text) {
  const url = urlPattern.exec(String(text || "").trim());
  const path = url && pathPattern.exec(url[1]);
  if (!path) return { ok: false, reason: "badQr" };
  let code;
  try {
    code = decodeURIComponent(path[1]);
  } catch (e) {
    return { ok: false, reason: "badQr" };
  }
  return codePattern.test(code) ? { ok: true, code } : { ok: false, reason: "badQr" };
}

/**
 * The page's load options -> {ok: true, code, url, scannedAt} (scannedAt in
 * unix ms, null when WeChat gave no scancode_time), or {ok: false, reason}:
 * "noQr" when the page was opened without a scanned URL (from the WeChat
 * menu, a share), "badQr" when the URL is not a login URL.
 */
function parseScanOptions(options) {
  const q = options && options.q;
  if (typeof q !== "string" || q === "") return { ok: false, reason: "noQr" };
  let url;
  try {
    url = decodeURIComponent(q);
  } catch (e) {
    return { ok: false, reason: "badQr" };
  }
  const parsed = parseScanUrl(url);
  if (!parsed.ok) return parsed;
  const seconds = Number(options.scancode_time);
  return {
    ok: true,
    code: parsed.code,
    url,
    scannedAt: Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : null,
  };
}

module.exports = { parseScanUrl, parseScanOptions };
