// Building the console's DOM without markup strings: every value from the
// server (app names, user names, audit details) becomes text, never HTML.

import { t, applyTexts } from "./console-i18n.js";

/**
 * A new element. `props` keys:
 *   class, text (literal text), i18n (a text key, kept in data-i18n so a
 *   language switch re-labels it), vars (values for its {placeholders}),
 *   on<Event> (listeners), any other key: an attribute (false/null: none).
 * Children: nodes or strings (text); null and false are skipped.
 * @returns {HTMLElement}
 */
export function h(tag, props = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") element.className = value;
    else if (key === "text") element.textContent = String(value);
    else if (key === "i18n") element.dataset.i18n = value;
    else if (key === "vars") element.dataset.i18nVars = JSON.stringify(value);
    else if (key.startsWith("on")) element.addEventListener(key.slice(2).toLowerCase(), value);
    else element.setAttribute(key, value === true ? "" : String(value));
  }
  if (props.i18n) applyTexts(element);
  element.append(...children.filter((c) => c !== null && c !== false && c !== undefined));
  return element;
}

/** A <time> for a unix-ms instant, formatted in the console's language; "—" for 0 or null. */
export function when(ms) {
  if (!ms) return h("span", { text: "—" });
  const element = h("time", { datetime: new Date(ms).toISOString(), "data-ms": ms });
  applyTexts(element);
  return element;
}

/**
 * Shows `text` (a text key, or with `literal` a message as it came, e.g.
 * an admin API envelope's) in a status element of class "message".
 * @param {"done" | "error" | "info"} kind
 */
export function say(element, key, kind, { vars, literal } = {}) {
  delete element.dataset.i18n;
  delete element.dataset.i18nVars;
  if (literal !== undefined) element.textContent = literal;
  else {
    element.dataset.i18n = key;
    if (vars) element.dataset.i18nVars = JSON.stringify(vars);
    element.textContent = t(key, vars);
  }
  element.className = "message " + kind;
  element.hidden = false;
}

/** Shows a failed admin API call: its envelope's message and code. */
export function sayFailure(element, reply) {
  if (reply.offline) return say(element, "error.offline", "error");
  say(element, null, "error", { literal: `${reply.message} (${reply.code})` });
}

/**
 * An inline "are you sure" step: `question` (a text key with `vars`), a
 * dangerous button and a keep button. Resolves true when confirmed, false
 * when kept; the box removes itself either way.
 * @param {HTMLElement} slot where the box goes (its children are replaced)
 */
export function confirmStep(slot, question, vars, confirmKey) {
  return new Promise((resolve) => {
    const done = (answer) => {
      box.remove();
      resolve(answer);
    };
    const box = h(
      "div",
      { class: "confirm", role: "alertdialog" },
      h("p", { i18n: question, vars }),
      h(
        "div",
        { class: "row" },
        h("button", {
          type: "button",
          class: "danger",
          i18n: confirmKey,
          onClick: () => done(true),
        }),
        h("button", { type: "button", i18n: "action.keep", onClick: () => done(false) }),
      ),
    );
    slot.replaceChildren(box);
    box.querySelector("button.danger").focus();
  });
}
