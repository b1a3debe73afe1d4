// The Users tab: search (phone digits, id, openid/unionid, name), a list
// with masked phone numbers and paging, and one user's page (identities,
// apps, logins; Block/Unblock, Export, Delete with a confirmation step).
// Admin API: GET/POST/DELETE /api/v2/admin/users[...] (docs/server.md).

import { api, download, latestApi, query } from "./console-api.js";
import { confirmStep, h, say, sayFailure, when } from "./console-dom.js";
import { offsetPager, table } from "./console-table.js";
import { kindLabel } from "./console-audit.js";

const pageSize = 20;
const userPath = (id) => "/api/v2/admin/users/" + encodeURIComponent(id);
export const userLink = (id) => "#users/" + encodeURIComponent(id);

const displayName = (user) => user.name || user.nickname || "—";
const status = (user) =>
  h("span", {
    class: user.blocked ? "badge blocked" : "badge",
    i18n: user.blocked ? "user.blocked" : "user.active",
  });

/** The list part of the tab in `root` (#users-view), for the search in its form. */
export async function showUserList(root) {
  root.querySelector("#user-detail").hidden = true;
  root.querySelector("#user-list").hidden = false;
  // A date input's day in the browser's time zone, as unix ms (plus `days`):
  // "until" includes its whole day.
  const dayStart = (value, days) => {
    if (!value) return "";
    const [year, month, day] = value.split("-").map(Number);
    return new Date(year, month - 1, day + days).getTime();
  };
  const form = root.querySelector("#user-search");
  const message = root.querySelector("#users-message");
  const results = root.querySelector("#user-results");
  const load = async (offset) => {
    const reply = await latestApi(
      results,
      "GET",
      "/api/v2/admin/users" +
        query({
          q: form.q.value.trim(),
          pool: form.pool.value,
          blocked: form.blocked.value,
          from: dayStart(form.from.value, 0),
          until: dayStart(form.until.value, 1),
          limit: pageSize,
          offset,
        }),
    );
    if (!reply) return; // a later search is on its way
    if (!reply.ok) return sayFailure(message, reply);
    if (message.classList.contains("error")) message.hidden = true;
    const { users, total, limit, offset: at } = reply.data;
    results.replaceChildren(
      table(
        [
          "user.id",
          "user.phone",
          "user.name",
          "user.pool",
          "user.registeredAt",
          "user.lastLoginAt",
          "user.loginsCount",
          "user.status",
        ],
        users.map((user) => [
          h("a", { href: userLink(user.id), class: "user-link", text: user.id }),
          user.phone || "—",
          displayName(user),
          user.pool,
          when(user.registeredAt),
          when(user.lastLoginAt),
          String(user.loginsCount),
          status(user),
        ]),
        "users.none",
      ),
      offsetPager({ total, limit, offset: at }, load),
    );
  };
  form.onsubmit = (event) => {
    event.preventDefault();
    load(0);
  };
  await load(0);
}

/** One user's page in `root` (#users-view). */
export async function showUser(root, id) {
  root.querySelector("#user-list").hidden = true;
  const detail = root.querySelector("#user-detail");
  detail.hidden = false;
  const message = root.querySelector("#users-message");
  message.hidden = true;
  const reply = await api("GET", userPath(id));
  if (!reply.ok) {
    detail.replaceChildren(h("a", { href: "#users", i18n: "user.back" }));
    return sayFailure(message, reply);
  }
  // `events` are the user's latest audit entries of every kind; the page
  // lists the logins among them.
  const logins = reply.data.events.filter((e) => e.kind.startsWith("login."));
  renderUser(detail, { ...reply.data, logins }, message);
}

function facts(user) {
  const fact = (key, value) => [h("dt", { i18n: key }), h("dd", {}, value ?? "—")];
  const photo = user.photo ? h("img", { class: "photo", src: user.photo, alt: "" }) : "—";
  return h(
    "dl",
    { class: "facts" },
    ...fact("user.id", user.id),
    ...fact("user.pool", user.pool),
    ...fact("user.phone", user.phone || "—"),
    ...fact("user.phoneVerified", h("span", { i18n: user.phoneVerified ? "yes" : "no" })),
    ...fact("user.name", user.name || "—"),
    ...fact("user.nickname", user.nickname || "—"),
    ...fact("user.photo", photo),
    ...fact("user.openid", user.openid || "—"),
    ...fact("user.unionid", user.unionid || "—"),
    ...fact("user.registeredAt", when(user.registeredAt)),
    ...fact("user.lastLoginAt", when(user.lastLoginAt)),
    ...fact("user.loginsCount", String(user.loginsCount)),
    ...fact("user.status", status(user)),
    ...(user.blocked ? fact("user.blockedAt", when(user.blockedAt)) : []),
  );
}

function renderUser(detail, { user, identities, apps, logins }, message) {
  const confirmSlot = h("div", { class: "confirm-slot" });
  const block = h("button", {
    type: "button",
    class: "block",
    i18n: user.blocked ? "action.unblock" : "action.block",
    onClick: async () => {
      const reply = await api("POST", userPath(user.id) + (user.blocked ? "/unblock" : "/block"));
      if (!reply.ok) return sayFailure(message, reply);
      renderUser(detail, { user: reply.data.user, identities, apps, logins }, message);
      say(message, reply.data.user.blocked ? "user.nowBlocked" : "user.nowUnblocked", "done");
    },
  });
  const exportButton = h("button", {
    type: "button",
    class: "export",
    i18n: "action.export",
    onClick: async () => {
      const reply = await download(userPath(user.id) + "/export", `user-${user.id}.json`);
      if (!reply.ok) return sayFailure(message, reply);
      say(message, "user.exported", "done");
    },
  });
  const remove = h("button", {
    type: "button",
    class: "danger delete",
    i18n: "action.deleteUser",
    onClick: async () => {
      const sure = await confirmStep(
        confirmSlot,
        "user.deleteQuestion",
        { id: user.id },
        "action.deleteForGood",
      );
      if (!sure) return;
      const reply = await api("DELETE", userPath(user.id));
      if (!reply.ok) return sayFailure(message, reply);
      location.hash = "#users";
      say(message, "user.deleted", "done", { vars: { id: user.id } });
    },
  });
  detail.replaceChildren(
    h("a", { href: "#users", class: "back", i18n: "user.back" }),
    h("h2", { text: `${displayName(user)} (${user.id})` }),
    h(
      "div",
      { class: "row" },
      block,
      exportButton,
      remove,
      h("a", { href: "#audit?userId=" + encodeURIComponent(user.id), i18n: "user.seeAudit" }),
    ),
    confirmSlot,
    facts(user),
    h(
      "section",
      { class: "user-identities" },
      h("h3", { i18n: "user.identities" }),
      table(
        ["user.pool", "user.identity"],
        identities.map((i) => [i.pool, i.identity]),
        "user.noIdentities",
      ),
    ),
    h(
      "section",
      { class: "user-apps" },
      h("h3", { i18n: "user.apps" }),
      table(
        ["audit.app", "user.loginsCount", "user.lastLoginAt"],
        apps.map((a) => [a.appId, String(a.logins), when(a.lastLoginAt)]),
        "user.noApps",
      ),
    ),
    h(
      "section",
      { class: "user-logins" },
      h("h3", { i18n: "user.logins" }),
      table(
        ["audit.at", "audit.kind", "audit.app", "audit.ip"],
        logins.map((e) => [when(e.at), kindLabel(e.kind), e.appId, e.ip]),
        "user.noLogins",
      ),
    ),
  );
}
