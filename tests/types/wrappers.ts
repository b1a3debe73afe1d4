// The React and Vue wrappers as a site's TypeScript uses them, checked with
// consumer.ts by `npm run types:check` (both module settings). React's types
// (@types/react) are not installed: scan-login/react's declarations must not
// need them, so its component is checked through its call signature, as
// React's JSX checks a function component (props in, a React element out).
// Vue ships its own types, so h() checks scan-login/vue as a template would.
import { ScanLogin as ReactScanLogin } from "scan-login/react";
import type { ScanLoginProps as ReactProps, ScanLoginReactElement } from "scan-login/react";
import { ScanLogin as VueScanLogin } from "scan-login/vue";
import type { ScanLoginElement } from "scan-login/element";
import { h, ref } from "vue";

// React: the element's attributes in camelCase, typed as its properties are.
const props: ReactProps = {
  appId: "demo",
  host: "https://login.example.com",
  redirectUri: "https://site.example/callback",
  autoExchange: true,
  size: 320,
  tips: { title: "Scan to log in" },
  className: "login",
  style: { width: "320px", marginTop: 8 },
  ref: (element: ScanLoginElement | null) => void element?.refresh(),
  onSuccess: (e) => {
    const ticket: string = e.detail.ticket;
    e.preventDefault();
    void ticket;
  },
  onError: (e) => void (e.detail.code satisfies number),
  onStateChange: (e) => void (e.detail.state === "scanned"),
};
const rendered: ScanLoginReactElement = ReactScanLogin(props);
const objectRef: ReactProps["ref"] = { current: null as ScanLoginElement | null };
// @ts-expect-error: appId is required
const noApp: ReactProps = { host: "https://login.example.com" };
// @ts-expect-error: size is a number of CSS pixels
const badSize: ReactProps = { appId: "demo", size: "320" };
// @ts-expect-error: the callbacks are camelCase (onSuccess), the attributes too (appId)
const kebab: ReactProps = { appId: "demo", "app-id": "demo" };
// @ts-expect-error: success's detail has ticket and userInfo, no token
const badDetail: ReactProps = { appId: "demo", onSuccess: (e) => void e.detail.token };
// @ts-expect-error: tips keys are the texts' keys
const badTips: ReactProps = { appId: "demo", tips: { titel: "Scan" } };

// Vue: props and emits through h(), as a template's @success compiles.
const exposed = ref<InstanceType<typeof VueScanLogin> | null>(null);
const vnode = h(VueScanLogin, {
  appId: "demo",
  autoRefresh: true,
  wait: 0,
  onSuccess: (e: CustomEvent<{ ticket: string }>) => void e.detail.ticket,
  onStatechange: (e) => void (e.detail.state === "expired"),
});
// @ts-expect-error: size is a number of CSS pixels
h(VueScanLogin, { appId: "demo", size: "big" });
// @ts-expect-error: error's detail is {code, message}
h(VueScanLogin, { appId: "demo", onError: (e) => void e.detail.filename });

void [rendered, objectRef, noApp, badSize, kebab, badDetail, badTips, exposed, vnode];
