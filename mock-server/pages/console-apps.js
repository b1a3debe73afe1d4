// The Apps tab: every app as a card (its edit form, Rotate secret, Delete
// with a confirmation step) and a form that creates one. A new app secret
// (created or rotated) is shown once, in its app's card, to copy now.

import { api } from "./console-api.js";
import { appForm, fillAppForm, readAppForm } from "./console-app-form.js";
import { NEW_APP } from "./console-app-fields.js";
import { confirmStep, h, say, sayFailure } from "./console-dom.js";
import { t } from "./console-i18n.js";

const appPath = (appId) => "/api/v2/admin/applications/" + encodeURIComponent(appId);
let formCount = 0;

/** The secret of one answer, with a copy button; nothing keeps it after Dismiss. */
function secretNotice(appId, secret) {
  const code = h("code", { class: "secret", text: secret });
  const copied = h("span", { class: "copied", role: "status" });
  const notice = h(
    "div",
    { class: "secret-once", role: "alert" },
    h("strong", { i18n: "secret.copyNow" }),
    h("p", { i18n: "secret.onlyOnce", vars: { appId } }),
    code,
    h(
      "div",
      { class: "row" },
      h("button", {
        type: "button",
        i18n: "action.copy",
        onClick: async () => {
          const done = await navigator.clipboard?.writeText(secret).then(
            () => true,
            () => false,
          );
          copied.dataset.i18n = done ? "secret.copied" : "secret.copyFailed";
          copied.textContent = t(copied.dataset.i18n);
        },
      }),
      h("button", { type: "button", i18n: "action.dismiss", onClick: () => notice.remove() }),
      copied,
    ),
  );
  return notice;
}

/**
 * One app's card. `onDeleted` runs once the app is gone.
 * @param {object} app the admin view (GET /api/v2/admin/applications)
 * @param {string} [secret] a secret to show once (the create answer's)
 */
function appCard(app, { secret, onDeleted }) {
  const title = h("h2");
  const status = h("p", { class: "message", role: "status", hidden: true });
  const secretSlot = h("div", { class: "secret-slot" });
  const confirmSlot = h("div", { class: "confirm-slot" });
  const form = appForm({ creating: false, prefix: "app" + ++formCount, submitKey: "action.save" });
  const show = (view) => {
    title.textContent = `${view.name} (${view.appId})`;
    fillAppForm(form, view);
  };
  const rotate = h("button", { type: "button", class: "rotate", i18n: "action.rotateSecret" });
  const remove = h("button", { type: "button", class: "danger delete", i18n: "action.deleteApp" });
  rotate.addEventListener("click", async () => {
    const reply = await api("POST", appPath(app.appId) + "/secret");
    if (!reply.ok) return sayFailure(status, reply);
    status.hidden = true;
    show(reply.data);
    secretSlot.replaceChildren(secretNotice(app.appId, reply.data.appSecret));
  });
  remove.addEventListener("click", async () => {
    const sure = await confirmStep(
      confirmSlot,
      "app.deleteQuestion",
      { name: title.textContent },
      "action.deleteForGood",
    );
    if (!sure) return;
    const reply = await api("DELETE", appPath(app.appId));
    if (!reply.ok) return sayFailure(status, reply);
    card.remove();
    onDeleted(app);
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const message = form.querySelector(".message");
    const reply = await api("PUT", appPath(app.appId), readAppForm(form, false));
    if (!reply.ok) return sayFailure(message, reply);
    show(reply.data);
    say(message, "app.saved", "done");
  });
  show(app);
  const card = h(
    "section",
    { class: "app-card", "data-app-id": app.appId },
    h("header", {}, title, h("div", { class: "row" }, rotate, remove)),
    confirmSlot,
    secretSlot,
    status,
    form,
  );
  if (secret) secretSlot.replaceChildren(secretNotice(app.appId, secret));
  return card;
}

/**
 * The Apps tab in `root` (#apps-view): loads the list and wires the create
 * form. Resolves with the app list's reply, so the caller can tell whether
 * the token works.
 */
export async function showApps(root) {
  const list = root.querySelector("#apps");
  const message = root.querySelector("#apps-message");
  const reply = await api("GET", "/api/v2/admin/applications");
  if (!reply.ok) {
    list.replaceChildren();
    return reply;
  }
  const onDeleted = (app) => {
    say(message, "app.deleted", "done", { vars: { appId: app.appId } });
  };
  list.replaceChildren(...reply.data.apps.map((app) => appCard(app, { onDeleted })));

  const slot = root.querySelector("#create-slot");
  const opener = root.querySelector("#new-app");
  opener.onclick = () => {
    const form = appForm({
      creating: true,
      prefix: "new" + ++formCount,
      submitKey: "action.create",
    });
    fillAppForm(form, NEW_APP);
    const cancel = h("button", { type: "button", i18n: "action.cancel" });
    cancel.addEventListener("click", () => {
      slot.replaceChildren();
      opener.hidden = false;
    });
    form.querySelector("button[type=submit]").after(cancel);
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      const made = await api("POST", "/api/v2/admin/applications", readAppForm(form, true));
      if (!made.ok) return sayFailure(form.querySelector(".message"), made);
      slot.replaceChildren();
      opener.hidden = false;
      const { appSecret, ...view } = made.data;
      list.prepend(appCard(view, { secret: appSecret, onDeleted }));
      say(message, "app.created", "done", { vars: { appId: view.appId } });
    });
    slot.replaceChildren(h("h2", { i18n: "app.newTitle" }), form);
    opener.hidden = true;
    form.elements.appId.focus();
  };
  return reply;
}
