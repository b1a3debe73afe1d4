// Generated from web/src/element/attributes.js by scripts/generate.mjs: do not edit.
import type { TextKey } from "../i18n.js";

/** The attributes <scan-login> observes. */
export type ScanLoginAttributeName =
  | "app-id"
  | "host"
  | "user-pool-id"
  | "redirect-uri"
  | "state"
  | "auto-exchange"
  | "auto-refresh"
  | "interval"
  | "wait"
  | "size"
  | "lang"
  | "tips";

/** The properties of <scan-login> that reflect its attributes. */
export interface ScanLoginAttributeProperties {
  /** The app's id (sent as `x-authing-app-id`); required. (attribute `app-id`) */
  appId: string;
  /** The server's base URL; "" (default): this page's origin. (attribute `host`) */
  host: string;
  /** Sent as `x-authing-userpool-id` when set. (attribute `user-pool-id`) */
  userPoolId: string;
  /** After success the page goes to `<redirect-uri>?ticket=…&state=…`; it must be one of the app's configured callback URLs. (attribute `redirect-uri`) */
  redirectUri: string;
  /** Returned untouched to the callback. The property reads the attribute, else the random value of the running session (32 hex digits). (attribute `state`) */
  state: string;
  /** Exchange the ticket in the browser (the app must allow browser exchange; with `proof` the element sends the code's poll key itself): success's `userInfo` is then the full user. (attribute `auto-exchange`) */
  autoExchange: boolean;
  /** Fetch a new code before the old one expires. (attribute `auto-refresh`) */
  autoRefresh: boolean;
  /** Milliseconds between plain polls when the server does not long-poll. (attribute `interval`; 100..60000, default 800) */
  interval: number;
  /** Long-poll seconds; 0 polls plainly. (attribute `wait`; 0..30, default 25) */
  wait: number;
  /** Side of the code in CSS pixels (rounded). (attribute `size`; 64..1024, clamped, default 240) */
  size: number;
  /** Texts overriding the built-in ones by key (web/src/i18n.js), as a JSON object. (attribute `tips`) */
  tips: Partial<Record<TextKey, string>>;
}

/** One entry of the attribute table (web/src/element/attributes.js says what each field does). */
export interface AttributeSpec {
  readonly property: string | null;
  readonly type: "string" | "boolean" | "number" | "json";
  readonly onChange: "restart" | "layout" | "render";
  readonly default?: number;
  readonly min?: number;
  readonly max?: number;
  readonly clamp?: boolean;
  readonly tsType?: string;
}
export declare const ATTRIBUTES: Readonly<Record<ScanLoginAttributeName, AttributeSpec>>;
export declare const OBSERVED_ATTRIBUTES: readonly ScanLoginAttributeName[];
/** The attribute read as its table entry says. */
export function readAttribute(element: Element, name: ScanLoginAttributeName): unknown;
/** Writes the attribute as its table entry says (json: null removes it). */
export function writeAttribute(
  element: Element,
  name: ScanLoginAttributeName,
  value: unknown,
): void;
/** Defines the reflecting properties the class does not define itself. */
export function defineAttributeProperties(prototype: object): void;
