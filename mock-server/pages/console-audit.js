// The Audit tab: the audit log newest first (GET /api/v2/admin/audit),
// filtered by app, user and kind, a page at a time: `next` of one answer is
// the `before` of the next page; the pages seen are kept for "Newer".

import { api, latestApi, query } from "./console-api.js";
import { h, sayFailure, when } from "./console-dom.js";
import { currentLanguage, MESSAGES } from "./console-i18n.js";
import { table } from "./console-table.js";

const pageSize = 25;

/** The audit event kinds of the admin API, in the order the filter lists them. */
export const KINDS = Object.freeze([
  "login.confirmed",
  "login.cancelled",
  "login.expired",
  "login.refused",
  "app.created",
  "app.updated",
  "app.deleted",
  "app.secret_rotated",
  "key.created",
  "key.imported",
  "key.rotated",
  "user.blocked",
  "user.unblocked",
  "user.deleted",
  "user.exported",
]);

/** A kind in words (its code as the tooltip); a kind this console does not know, as sent. */
export function kindLabel(kind) {
  const key = "kind." + kind;
  return key in MESSAGES[currentLanguage()]
    ? h("span", { class: "kind", title: kind, i18n: key })
    : h("span", { class: "kind", text: kind });
}

// An event's detail as one line of JSON; none (null, "", {}) as a dash.
const detailText = (detail) => {
  if (detail === null || detail === undefined || detail === "") return "—";
  if (typeof detail === "string") return detail;
  return Object.keys(detail).length ? JSON.stringify(detail) : "—";
};

/** Fills the filter's app list from the admin API (keeps the current choice). */
async function listApps(select) {
  const reply = await api("GET", "/api/v2/admin/applications");
  if (!reply.ok) return;
  const chosen = select.value;
  select.replaceChildren(
    h("option", { value: "", i18n: "audit.allApps" }),
    ...reply.data.apps.map((app) => h("option", { value: app.appId, text: app.appId })),
  );
  select.value = chosen;
}

/**
 * The tab in `root` (#audit-view). `filters` preset the form (from a link
 * such as a user's page); the list starts at the newest event.
 */
export async function showAudit(root, filters = {}) {
  const form = root.querySelector("#audit-filter");
  const message = root.querySelector("#audit-message");
  const results = root.querySelector("#audit-results");
  if (form.kind.options.length === 1) {
    form.kind.append(...KINDS.map((kind) => h("option", { value: kind, i18n: "kind." + kind })));
  }
  await listApps(form.appId);
  if (filters.appId !== undefined) form.appId.value = filters.appId;
  if (filters.userId !== undefined) form.userId.value = filters.userId;
  const seen = []; // the `before` of each page shown so far; "" = the newest
  const load = async (before) => {
    const reply = await latestApi(
      results,
      "GET",
      "/api/v2/admin/audit" +
        query({
          appId: form.appId.value,
          userId: form.userId.value.trim(),
          kind: form.kind.value,
          before,
          limit: pageSize,
        }),
    );
    if (!reply) return; // a later load is on its way
    if (!reply.ok) return sayFailure(message, reply);
    message.hidden = true;
    if (seen.at(-1) !== before) seen.push(before);
    const { events, next } = reply.data;
    const userCell = (id) =>
      id ? h("a", { href: "#users/" + encodeURIComponent(id), class: "user-link", text: id }) : "—";
    results.replaceChildren(
      table(
        [
          "audit.at",
          "audit.kind",
          "audit.app",
          "audit.user",
          "audit.actor",
          "audit.ip",
          "audit.detail",
        ],
        events.map((e) => [
          when(e.at),
          kindLabel(e.kind),
          e.appId || "—",
          userCell(e.userId),
          e.actor || "—",
          e.ip || "—",
          h("code", { class: "detail", text: detailText(e.detail) }),
        ]),
        "audit.none",
      ),
      h(
        "div",
        { class: "pager" },
        h("button", {
          type: "button",
          class: "newer",
          i18n: "page.newer",
          disabled: seen.length <= 1,
          onClick: () => {
            seen.pop();
            load(seen.pop() ?? "");
          },
        }),
        h("button", {
          type: "button",
          class: "older",
          i18n: "page.older",
          disabled: next === null || next === undefined,
          onClick: () => load(next),
        }),
      ),
    );
  };
  form.onsubmit = (event) => {
    event.preventDefault();
    seen.length = 0;
    load("");
  };
  await load("");
}
