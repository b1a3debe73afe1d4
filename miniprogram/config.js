// Where the mini program finds the scan-login server: the one place to change
// when deploying (docs/miniprogram.md). The origin must be on the mini
// program's request-domain allowlist (https) in WeChat's admin console.
module.exports = {
  /** Base URL of the scan-login server, no trailing slash. */
  serverUrl: "https://login.example.com",
  /** Milliseconds one request may take before it counts as "no connection". */
  requestTimeoutMs: 15000,
};
