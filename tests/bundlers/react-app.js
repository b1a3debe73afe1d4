// The React site that tests/bundlers/build.mjs bundles (with Vite):
// <ScanLogin> from scan-login/react, its server from ?host=; the callbacks
// write into #status and window.events, and a success replaces the element
// with a greeting (unmounting it); #restyle re-renders with other props.
// Plain createElement: no JSX transform.
import { createElement as h, useState } from "react";
import { createRoot } from "react-dom/client";
import { ScanLogin } from "scan-login/react";

const host = new URLSearchParams(location.search).get("host") ?? "";
window.events = [];

function App() {
  const [status, setStatus] = useState("");
  const [user, setUser] = useState(null);
  const [look, setLook] = useState({ size: 260, lang: "en-US" });
  const record = (type, next) => (event) => {
    window.events.push(type);
    next?.(event);
  };
  return h(
    "main",
    null,
    user
      ? h("p", { id: "greeting" }, `Welcome, ${user.nickname} (${user.phone})`)
      : h(ScanLogin, {
          appId: "demo",
          host,
          autoExchange: true,
          ...look,
          className: "login",
          ref: (element) => (window.loginElement = element),
          onLoad: record("load"),
          onScanned: record("scanned", (e) =>
            setStatus(`Scanned by ${e.detail.userInfo.nickname}`),
          ),
          onSuccess: record("success", (e) => setUser(e.detail.userInfo)),
          onError: record("error", (e) => setStatus(`Error ${e.detail.code}: ${e.detail.message}`)),
        }),
    h(
      "button",
      { id: "restyle", onClick: () => setLook({ size: 300, lang: undefined }) },
      "Restyle",
    ),
    h("p", { id: "status" }, status),
  );
}

createRoot(document.getElementById("root")).render(h(App));
