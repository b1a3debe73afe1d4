// One app's form, made from APP_FIELDS: each control with its label, its
// help text and, for secrets, whether one is set. The same form creates
// (appId editable, secrets optional) and edits (appId fixed) an app.

import { APP_FIELDS } from "./console-app-fields.js";
import { h } from "./console-dom.js";
import { t } from "./console-i18n.js";

function control(field, id) {
  const base = { name: field.name, id };
  switch (field.kind) {
    case "select":
      return h(
        "select",
        base,
        ...field.options.map((value) =>
          h("option", { value, i18n: `field.${field.name}.${value || "empty"}` }),
        ),
      );
    case "lines":
      return h("textarea", { ...base, rows: 2, spellcheck: "false" });
    case "number":
      return h("input", { ...base, type: "number", min: field.min, max: field.max });
    case "checkbox":
      return h("input", { ...base, type: "checkbox" });
    case "secret":
      return h("input", { ...base, type: "password", autocomplete: "off" });
    case "url":
      return h("input", { ...base, type: "url", spellcheck: "false" });
    default:
      return h("input", { ...base, type: "text", spellcheck: "false" });
  }
}

function row(field, creating, prefix) {
  const id = `${prefix}-${field.name}`;
  const help = h("small", {
    class: "help",
    id: id + "-help",
    i18n: `field.${field.name}.help${creating && field.kind === "secret" ? "Create" : ""}`,
  });
  const input = control(field, id);
  input.setAttribute("aria-describedby", help.id);
  const label = h("label", { for: id, i18n: `field.${field.name}` });
  const state = field.kind === "secret" && !creating ? h("span", { class: "secret-state" }) : null;
  const children =
    field.kind === "checkbox"
      ? [h("div", { class: "check" }, input, label), help]
      : [h("div", { class: "label-line" }, label, state), input, help];
  if (field.name === "logo") {
    const upload = h("input", {
      type: "file",
      accept: "image/*",
      "data-i18n-label": "field.logoFile",
    });
    upload.addEventListener("change", () => {
      const file = upload.files[0];
      if (!file) return;
      const reader = new FileReader();
      reader.onload = () => (input.value = reader.result);
      reader.readAsDataURL(file);
    });
    children.splice(
      2,
      0,
      h("div", { class: "upload" }, h("span", { i18n: "field.logoFile" }), upload),
    );
  }
  return h("div", { class: "field", "data-field": field.name }, ...children);
}

/**
 * A form for an app. `creating`: the create form (class create-form),
 * else an edit form (class app-form). Its one button submits.
 * @param {string} prefix unique per form, for ids
 * @returns {HTMLFormElement}
 */
export function appForm({ creating, prefix, submitKey }) {
  const plain = APP_FIELDS.filter((f) => !f.group && (creating || !f.createOnly));
  const mp = APP_FIELDS.filter((f) => f.group === "miniProgram");
  const form = h(
    "form",
    { class: creating ? "create-form" : "app-form", novalidate: true },
    ...plain.map((f) => row(f, creating, prefix)),
    h(
      "fieldset",
      { class: "mini-program" },
      h("legend", { i18n: "field.group.miniProgram" }),
      h("small", { class: "help", i18n: "field.group.miniProgram.help" }),
      ...mp.map((f) => row(f, creating, prefix)),
    ),
    h("button", { type: "submit", class: "primary", i18n: submitKey }),
    h("p", { class: "message", role: "status", hidden: true }),
  );
  form.mode.addEventListener("change", () => showModeFields(form));
  return form;
}

function showModeFields(form) {
  form.querySelector("fieldset.mini-program").hidden = form.mode.value !== "wechat";
}

/** Puts an admin view of an app into the form (secrets: empty, with their state). */
export function fillAppForm(form, app) {
  for (const field of APP_FIELDS) {
    const input = form.elements[field.name];
    if (!input) continue;
    const value = field.read(app);
    if (field.kind === "checkbox") input.checked = Boolean(value);
    else if (field.kind === "select") {
      // A stored value this console has no option for stays selectable as is.
      if (![...input.options].some((o) => o.value === value)) {
        input.append(h("option", { value, text: value }));
      }
      input.value = value;
    } else input.value = value ?? "";
    const state = form.querySelector(`[data-field="${field.name}"] .secret-state`);
    if (state) {
      state.dataset.i18n = field.isSet(app) ? "state.set" : "state.notSet";
      state.className = "secret-state " + (field.isSet(app) ? "set" : "unset");
      state.textContent = t(state.dataset.i18n);
    }
  }
  showModeFields(form);
}

/** The create or update body of the form's current values. */
export function readAppForm(form, creating) {
  const body = {};
  for (const field of APP_FIELDS) {
    const input = form.elements[field.name];
    if (!input) continue;
    field.write(body, field.kind === "checkbox" ? input.checked : input.value, creating);
  }
  return body;
}
