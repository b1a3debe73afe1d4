// Types for web/src/element/wrapper-props.js: what the React and Vue
// wrappers' props are, from the element's own declarations.
import type { ScanLoginElement, ScanLoginEventMap } from "./scan-login-element.js";

/**
 * The element's attributes as camelCase props, typed as the element's
 * properties are; appId is required (the element cannot start without it).
 */
export type ScanLoginAttributeProps = { appId: string } & Partial<
  Pick<
    ScanLoginElement,
    | "host"
    | "userPoolId"
    | "redirectUri"
    | "state"
    | "autoExchange"
    | "autoRefresh"
    | "interval"
    | "wait"
    | "size"
    | "lang"
    | "tips"
  >
>;

/** Each event of the element as a callback prop (React's names). */
export interface ScanLoginCallbackProps {
  onLoad?: (event: ScanLoginEventMap["load"]) => void;
  onScanned?: (event: ScanLoginEventMap["scanned"]) => void;
  /** The event is cancelable: preventDefault() keeps the page from going to redirectUri. */
  onSuccess?: (event: ScanLoginEventMap["success"]) => void;
  onCancel?: (event: ScanLoginEventMap["cancel"]) => void;
  onExpired?: (event: ScanLoginEventMap["expired"]) => void;
  onError?: (event: ScanLoginEventMap["error"]) => void;
  onStateChange?: (event: ScanLoginEventMap["statechange"]) => void;
}

export const ATTRIBUTE_PROPS: ReadonlyArray<readonly [string, string]>;
export const BOOLEAN_PROPS: readonly string[];
export const EVENT_CALLBACKS: ReadonlyArray<readonly [keyof ScanLoginCallbackProps, string]>;
export function applyProps(element: ScanLoginElement, props: Record<string, unknown>): void;
