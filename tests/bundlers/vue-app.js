// The Vue site that tests/bundlers/build.mjs bundles (with Vite):
// <ScanLogin> from scan-login/vue, its server from ?host=; the emitted
// events write into #status and window.events, and a success replaces the
// element with a greeting (unmounting it); #restyle re-renders with other
// props. Render functions: no SFC compiler.
import { createApp, defineComponent, h, ref } from "vue";
import { ScanLogin } from "scan-login/vue";

const host = new URLSearchParams(location.search).get("host") ?? "";
window.events = [];

const App = defineComponent({
  setup() {
    const status = ref("");
    const user = ref(null);
    const look = ref({ size: 260, lang: "en-US" });
    const record = (type, next) => (event) => {
      window.events.push(type);
      next?.(event);
    };
    return () =>
      h("main", null, [
        user.value
          ? h("p", { id: "greeting" }, `Welcome, ${user.value.nickname} (${user.value.phone})`)
          : h(ScanLogin, {
              appId: "demo",
              host,
              autoExchange: true,
              ...look.value,
              class: "login",
              onLoad: record("load"),
              onScanned: record("scanned", (e) => {
                status.value = `Scanned by ${e.detail.userInfo.nickname}`;
              }),
              onSuccess: record("success", (e) => {
                user.value = e.detail.userInfo;
              }),
              onError: record("error", (e) => {
                status.value = `Error ${e.detail.code}: ${e.detail.message}`;
              }),
            }),
        h(
          "button",
          { id: "restyle", onClick: () => (look.value = { size: 300, lang: undefined }) },
          "Restyle",
        ),
        h("p", { id: "status" }, status.value),
      ]);
  },
});

createApp(App).mount("#root");
