// Types for scan-login/vue (web/src/vue/index.js), from Vue's own types.
import type { DefineSetupFnComponent } from "vue";
import type { ScanLoginElement, ScanLoginEventMap } from "../element/scan-login-element.js";
import type { ScanLoginAttributeProps } from "../element/wrapper-props.js";

export type { ScanLoginElement } from "../element/scan-login-element.js";
export type {
  ScanLoginEventMap,
  ScanLoginElementEventMap,
  ScanLoginPhase,
} from "../element/scan-login-element.js";

/** Props: the element's attributes in camelCase (kebab-case in templates). */
export type ScanLoginProps = ScanLoginAttributeProps;

/** Emits: the element's events under their own names, with the CustomEvent. */
export type ScanLoginEmits = {
  [K in keyof ScanLoginEventMap]: (event: ScanLoginEventMap[K]) => true;
};

/** What a template ref to <ScanLogin> exposes. */
export interface ScanLoginExposed {
  refresh(): void;
  stop(): void;
  /** The <scan-login> element, once mounted. */
  readonly element: ScanLoginElement | null;
}

/** <ScanLogin app-id="demo" @success="(e) => send(e.detail.ticket)" /> */
export const ScanLogin: DefineSetupFnComponent<ScanLoginProps, ScanLoginEmits>;
