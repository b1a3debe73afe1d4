// scan-login/vue: <ScanLogin>, a thin Vue 3 wrapper over <scan-login>.
// Props are the element's attributes in camelCase (app-id / appId, host,
// redirect-uri / redirectUri, auto-exchange, …; the element's properties
// type them), its events are emitted under their own names (load, scanned,
// success, cancel, expired, error, statechange), each with the CustomEvent,
// so a template listens with @success="…". The component exposes refresh(),
// stop() and element (the <scan-login> itself, once mounted).
//
// The wrapper writes the attributes through the element's properties
// (wrapper-props.js) after each render, in the same task that mounts the
// element, so the element starts once, with its full config.
import { defineComponent, h, onBeforeUnmount, onMounted, shallowRef, watchEffect } from "vue";
import {
  ATTRIBUTE_PROPS,
  BOOLEAN_PROPS,
  EVENT_CALLBACKS,
  applyProps,
} from "../element/wrapper-props.js";

const EVENT_TYPES = EVENT_CALLBACKS.map(([, type]) => type);

// Booleans are cast as Vue casts them (a bare `auto-exchange` is true); the
// rest are taken as given (the element converts), undefined when absent.
const props = Object.fromEntries(
  ATTRIBUTE_PROPS.map(([prop]) => [
    prop,
    BOOLEAN_PROPS.includes(prop)
      ? { type: Boolean, default: undefined }
      : { type: null, default: undefined },
  ]),
);

export const ScanLogin = defineComponent({
  name: "ScanLogin",
  props,
  emits: EVENT_TYPES,
  setup(componentProps, { emit, expose }) {
    const element = shallowRef(null);
    const listeners = EVENT_TYPES.map((type) => [type, (event) => emit(type, event)]);

    watchEffect(
      () => {
        if (element.value) applyProps(element.value, componentProps);
      },
      { flush: "post" },
    );
    onMounted(() => {
      for (const [type, listener] of listeners) element.value.addEventListener(type, listener);
    });
    onBeforeUnmount(() => {
      for (const [type, listener] of listeners) element.value?.removeEventListener(type, listener);
    });
    expose({
      refresh: () => element.value?.refresh(),
      stop: () => element.value?.stop(),
      get element() {
        return element.value;
      },
    });
    return () => h("scan-login", { ref: element });
  },
});
