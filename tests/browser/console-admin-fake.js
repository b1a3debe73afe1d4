// A stand-in for the users and audit admin API, answered inside the page
// through Playwright's page.route, exactly as its contract says (the
// "Users and audit" part of the operators issue; field names final):
//
//   GET    /api/v2/admin/users?q=&pool=&blocked=&limit=&offset=  {users, total, limit, offset}
//   GET    /api/v2/admin/users/<id>          {user, identities, apps, logins}
//   POST   /api/v2/admin/users/<id>/block    {user}      (and /unblock)
//   DELETE /api/v2/admin/users/<id>          {id, deleted: true}
//   GET    /api/v2/admin/users/<id>/export   the user's data, a JSON download
//   GET    /api/v2/admin/audit?appId=&userId=&kind=&before=&limit=  {events, next}
//
// It was written before the server had these routes and stays for what
// the server's data cannot give a test cheaply: fixed users and events
// (dates, audit pages of exactly known content). The server's own routes
// are tested by console-users-server.spec.js.

const envelope = (data) => ({
  status: 200,
  contentType: "application/json; charset=utf-8",
  body: JSON.stringify({ code: 200, message: "ok", data }),
});
const refuse = (status, code, message) => ({
  status,
  contentType: "application/json; charset=utf-8",
  body: JSON.stringify({ code, message, data: null }),
});

/** 13800000001 -> 138****0001, as the list shows numbers. */
export const maskPhone = (phone) => (phone ? phone.slice(0, 3) + "****" + phone.slice(-4) : "");

/**
 * Installs the stand-in on `page`. `users` (full user objects, unmasked)
 * and `events` (audit events; ids increase with time) are changed in place
 * by block, unblock and delete, so a test can check what the console did.
 * @returns {{users: object[], events: object[], calls: string[]}}
 */
export async function installAdminFake(page, { token, users, events, identities = {} }) {
  const calls = [];
  let nextEventId = Math.max(0, ...events.map((e) => e.id)) + 1;
  const record = (kind, userId) =>
    events.push({
      id: nextEventId++,
      at: Date.now(),
      kind,
      appId: null,
      userId,
      actor: "admin",
      ip: "127.0.0.1",
      detail: {},
    });

  const answer = (method, url) => {
    const path = decodeURIComponent(url.pathname);
    const q = url.searchParams;
    if (path === "/api/v2/admin/audit" && method === "GET") {
      const before = Number(q.get("before") || Infinity);
      const limit = Number(q.get("limit") || 50);
      const matching = events
        .filter(
          (e) =>
            e.id < before &&
            (!q.get("appId") || e.appId === q.get("appId")) &&
            (!q.get("userId") || e.userId === q.get("userId")) &&
            (!q.get("kind") || e.kind === q.get("kind")),
        )
        .sort((a, b) => b.id - a.id);
      const page = matching.slice(0, limit);
      const next = matching.length > limit ? page.at(-1).id : null;
      return envelope({ events: page, next });
    }
    if (path === "/api/v2/admin/users" && method === "GET") {
      const text = q.get("q") || "";
      const limit = Number(q.get("limit") || 50);
      const offset = Number(q.get("offset") || 0);
      const matching = users.filter(
        (u) =>
          (!text ||
            (/^\d+$/.test(text) && u.phone.includes(text)) ||
            u.id.startsWith(text) ||
            u.openid === text ||
            u.unionid === text ||
            u.name.includes(text) ||
            u.nickname.includes(text)) &&
          (!q.get("pool") || u.pool === q.get("pool")) &&
          (!q.get("blocked") || String(u.blocked) === q.get("blocked")),
      );
      return envelope({
        users: matching
          .slice(offset, offset + limit)
          .map((u) => ({ ...u, phone: maskPhone(u.phone) })),
        total: matching.length,
        limit,
        offset,
      });
    }
    const match = /^\/api\/v2\/admin\/users\/([^/]+)(\/\w+)?$/.exec(path);
    const user = match && users.find((u) => u.id === match[1]);
    if (!user) return refuse(404, 40406, `unknown user: no account has the id ${match?.[1]}`);
    const action = match[2] || "";
    if (method === "GET" && action === "") {
      const logins = events.filter((e) => e.userId === user.id && e.kind.startsWith("login."));
      const apps = [...new Set(logins.map((e) => e.appId))].map((appId) => ({
        appId,
        logins: logins.filter((e) => e.appId === appId && e.kind === "login.confirmed").length,
        lastLoginAt: Math.max(...logins.filter((e) => e.appId === appId).map((e) => e.at)),
      }));
      return envelope({
        user,
        identities: identities[user.id] ?? [],
        apps,
        logins: logins.sort((a, b) => b.id - a.id),
      });
    }
    if (method === "POST" && (action === "/block" || action === "/unblock")) {
      user.blocked = action === "/block";
      user.blockedAt = user.blocked ? Date.now() : 0;
      record(user.blocked ? "user.blocked" : "user.unblocked", user.id);
      return envelope({ user });
    }
    if (method === "DELETE" && action === "") {
      users.splice(users.indexOf(user), 1);
      record("user.deleted", user.id);
      return envelope({ id: user.id, deleted: true });
    }
    if (method === "GET" && action === "/export") {
      record("user.exported", user.id);
      return {
        status: 200,
        contentType: "application/json; charset=utf-8",
        headers: {
          "Content-Disposition": `attachment; filename="scan-login-user-${user.id}.json"`,
        },
        body: JSON.stringify({ user, identities: identities[user.id] ?? [] }),
      };
    }
    return refuse(405, 40501, "method not allowed here");
  };

  const handle = async (route) => {
    const request = route.request();
    const url = new URL(request.url());
    calls.push(`${request.method()} ${url.pathname}${url.search}`);
    if (request.headers().authorization !== `Bearer ${token}`) {
      return route.fulfill(refuse(403, 40302, "wrong admin token"));
    }
    return route.fulfill(answer(request.method(), url));
  };
  await page.route("**/api/v2/admin/users**", handle);
  await page.route("**/api/v2/admin/audit**", handle);
  return { users, events, calls };
}
