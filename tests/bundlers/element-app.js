// The site that tests/bundlers/build.mjs bundles with Vite, webpack and
// esbuild: one <scan-login> from the package, nothing else. ?host= names the
// scan-login server; what the element reports is written into #status (and
// each event's type into window.events) for the test to read.
import "scan-login/element";

const status = document.getElementById("status");
window.events = [];

const login = document.createElement("scan-login");
login.appId = "demo";
login.host = new URLSearchParams(location.search).get("host") ?? "";
login.autoExchange = true;
login.lang = "en-US";
for (const type of ["load", "scanned", "success", "cancel", "expired", "error"]) {
  login.addEventListener(type, () => window.events.push(type));
}
login.addEventListener(
  "scanned",
  (e) => (status.textContent = `Scanned by ${e.detail.userInfo.nickname}`),
);
login.addEventListener("success", (e) => {
  const { nickname, phone } = e.detail.userInfo;
  status.textContent = `Welcome, ${nickname} (${phone})`;
});
login.addEventListener("error", (e) => {
  status.textContent = `Error ${e.detail.code}: ${e.detail.message}`;
});
document.body.append(login);
