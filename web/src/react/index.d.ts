// Types for scan-login/react (web/src/react/index.js). They need no
// @types/react: the component is declared by its call signature and the
// element it renders, which is what React's own types accept as a JSX
// component (a function of props returning a React element).
import type { ScanLoginElement } from "../element/scan-login-element.js";
import type { ScanLoginAttributeProps, ScanLoginCallbackProps } from "../element/wrapper-props.js";

export type { ScanLoginElement } from "../element/scan-login-element.js";
export type {
  ScanLoginEventMap,
  ScanLoginElementEventMap,
  ScanLoginPhase,
} from "../element/scan-login-element.js";
export type { ScanLoginAttributeProps, ScanLoginCallbackProps };

/** A ref to the element: a callback or an object, as React's Ref<ScanLoginElement>. */
export type ScanLoginRef =
  | ((element: ScanLoginElement | null) => void | (() => void))
  | { current: ScanLoginElement | null }
  | null;

/** Inline styles by CSS property name (React.CSSProperties fits). */
export type ScanLoginStyle = {
  [K in keyof CSSStyleDeclaration as CSSStyleDeclaration[K] extends string ? K : never]?:
    string | number;
};

export interface ScanLoginProps extends ScanLoginAttributeProps, ScanLoginCallbackProps {
  id?: string;
  className?: string;
  style?: ScanLoginStyle;
  children?: unknown;
  /** The <scan-login> element (refresh(), stop()). */
  ref?: ScanLoginRef;
}

/** What rendering <ScanLogin> gives: a React element of the tag "scan-login". */
export interface ScanLoginReactElement {
  type: "scan-login";
  props: Record<string, unknown>;
  key: string | null;
}

/** <ScanLogin appId="demo" onSuccess={(e) => send(e.detail.ticket)} /> */
export const ScanLogin: {
  (props: ScanLoginProps): ScanLoginReactElement;
  readonly displayName?: string;
};
