// What the framework wrappers (../react, ../vue) share: <scan-login>'s
// attributes as the camelCase props they take, its events by the callback
// names React uses, and how props reach the element. Importing this module
// defines <scan-login> (in a browser; see define.js).
//
// Props go through the element's own properties (appId -> app-id, …), so
// the element stays the one place that converts values: a boolean toggles
// its attribute, a number or the tips object is written as text. A prop
// that is undefined or null removes its attribute.
import { ScanLoginElement } from "./define.js";

/** [prop, attribute] for each attribute the element observes: ["appId", "app-id"], … */
export const ATTRIBUTE_PROPS = ScanLoginElement.observedAttributes.map((attribute) => [
  attribute.replace(/-([a-z])/g, (_, letter) => letter.toUpperCase()),
  attribute,
]);

/** The boolean attributes (present or absent), which Vue must cast as Boolean props. */
export const BOOLEAN_PROPS = ["autoExchange", "autoRefresh"];

/** [callback prop, event type] for each event the element dispatches. */
export const EVENT_CALLBACKS = [
  ["onLoad", "load"],
  ["onScanned", "scanned"],
  ["onSuccess", "success"],
  ["onCancel", "cancel"],
  ["onExpired", "expired"],
  ["onError", "error"],
  ["onStateChange", "statechange"],
];

/**
 * Brings the element's attributes in line with `props` (an object with
 * ATTRIBUTE_PROPS' names). A value equal to the property's is not written
 * again, so a re-render with the same props restarts nothing.
 * @param {ScanLoginElement} element
 * @param {Record<string, unknown>} props
 */
export function applyProps(element, props) {
  for (const [prop, attribute] of ATTRIBUTE_PROPS) {
    const value = props[prop];
    if (value === undefined || value === null) element.removeAttribute(attribute);
    else if (element[prop] !== value) element[prop] = value;
  }
}
