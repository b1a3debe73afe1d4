// scan-login/react: <ScanLogin>, a thin React wrapper over <scan-login>
// (React 18 and 19). Props are the element's attributes in camelCase
// (appId, host, redirectUri, autoExchange, …, as the element's properties
// type them), its events come as callbacks (onLoad, onScanned, onSuccess,
// onCancel, onExpired, onError, onStateChange, each given the CustomEvent),
// and a ref reaches the element itself (refresh(), stop()). id, className,
// style and children go to the element as React gives them to any tag.
//
// The wrapper sets the attributes and listeners itself rather than through
// React's custom-element props: React 18 writes every prop as a string
// attribute ("false" included), React 19 assigns properties and, for a prop
// that goes away, null ("null" as text), and neither maps onSuccess to
// "success". Everything is applied in a layout effect, in the same task that
// connects the element, so the element starts once, with its full config.
import { createElement, forwardRef, useCallback, useLayoutEffect, useRef } from "react";
import { EVENT_CALLBACKS, applyProps } from "../element/wrapper-props.js";

export const ScanLogin = forwardRef(function ScanLogin(props, ref) {
  const element = useRef(null);
  const latest = useRef(props);

  useLayoutEffect(() => {
    latest.current = props;
    applyProps(element.current, props);
  });

  // Listeners are added once and call the latest callbacks.
  useLayoutEffect(() => {
    const target = element.current;
    const listeners = EVENT_CALLBACKS.map(([callback, type]) => {
      const listener = (event) => latest.current[callback]?.(event);
      target.addEventListener(type, listener);
      return [type, listener];
    });
    return () => {
      for (const [type, listener] of listeners) target.removeEventListener(type, listener);
    };
  }, []);

  const setRef = useCallback(
    (node) => {
      element.current = node;
      if (typeof ref === "function") ref(node);
      else if (ref) ref.current = node;
    },
    [ref],
  );

  const { id, className, style, children } = props;
  return createElement("scan-login", { ref: setRef, id, className, style }, children);
});
