// The admin API over accounts (docs/server.md "Users"): search, one user's
// details, block and unblock, delete, export. Every route needs the admin
// token; lists mask phone numbers, one user's page shows them whole.

#include <charconv>

#include "api/handler.hpp"
#include "api/refusal.hpp"
#include "http/error_codes.hpp"
#include "http/log_masks.hpp"
#include "http/responses.hpp"
#include "http/url.hpp"

namespace scan_login::server {
namespace {
using nlohmann::json;

// A non-negative integer query parameter, or why not.
bool read_count(const query_params& params, std::string_view name, std::int64_t& out,
                std::string& why) {
  const auto text = params.get(name);
  if (!text) return true;
  const auto* end = text->data() + text->size();
  const auto [last, problem] = std::from_chars(text->data(), end, out);
  if (problem != std::errc{} || last != end || out < 0 || text->empty()) {
    why = std::string{name} + ": must be a non-negative integer";
    return false;
  }
  return true;
}

}  // namespace

json handler::admin_user_json(const user_record& user, bool mask) const {
  return {{"id", user.id},
          {"pool", user.pool},
          {"phone", mask ? mask_phone(user.phone) : user.phone},
          {"phoneVerified", user.phone_verified},
          {"name", user.name},
          {"nickname", user.nickname},
          {"photo", user.photo},
          {"openid", user.openid},
          {"unionid", user.unionid},
          {"registeredAt", user.registered_at},
          {"lastLoginAt", user.last_login_at},
          {"loginsCount", user.logins_count},
          {"blocked", user.blocked_at != 0},
          {"blockedAt", user.blocked_at == 0 ? json(nullptr) : json(user.blocked_at)}};
}

json handler::audit_json(const audit_record& entry) const {
  json detail = json::object();
  if (!entry.detail.empty()) {
    detail = json::parse(entry.detail, nullptr, false);
    if (detail.is_discarded()) detail = json::object();
  }
  return {{"id", entry.id},
          {"at", entry.at},
          {"kind", entry.kind},
          {"appId", entry.app_id.empty() ? json(nullptr) : json(entry.app_id)},
          {"userId", entry.user_id.empty() ? json(nullptr) : json(entry.user_id)},
          {"actor", entry.actor},
          {"ip", entry.ip.empty() ? json(nullptr) : json(entry.ip)},
          {"detail", std::move(detail)}};
}

response handler::list_users(const call& c) {
  if (auto refused = require_admin(c)) return std::move(*refused);
  user_query query;
  std::int64_t limit = 50, offset = 0;
  std::string why;
  if (!read_count(c.params, "limit", limit, why) || !read_count(c.params, "offset", offset, why) ||
      !read_count(c.params, "from", query.registered_from, why) ||
      !read_count(c.params, "until", query.registered_until, why)) {
    return make_error(c.req, errors::bad_field, why);
  }
  query.limit = static_cast<std::size_t>(limit);
  query.offset = static_cast<std::size_t>(offset);
  query.text = c.params.get("q").value_or("");
  query.pool = c.params.get("pool").value_or("");
  if (const auto blocked = c.params.get("blocked")) {
    if (*blocked != "true" && *blocked != "false") {
      return make_error(c.req, errors::bad_field, "blocked: must be true or false");
    }
    query.blocked = *blocked == "true";
  }
  const auto found = flow_.find_users(query);
  if (!found.ok()) return refusal(c.req, found.failure());
  json users = json::array();
  for (const auto& user : found.value().users) users.push_back(admin_user_json(user, true));
  return make_envelope(c.req, http::status::ok, errors::ok, "ok",
                       {{"users", std::move(users)},
                        {"total", found.value().total},
                        {"limit", query.limit},
                        {"offset", query.offset}});
}

json handler::user_details_json(const user_details& details) const {
  json identities = json::array();
  for (const auto& identity : details.identities) {
    identities.push_back({{"pool", identity.pool}, {"identity", identity.identity}});
  }
  // Apps used: from the user's confirmed logins.
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> apps;  // app -> logins, last
  json events = json::array();
  for (const auto& entry : details.events) {
    events.push_back(audit_json(entry));
    if (entry.kind != "login.confirmed") continue;
    auto& [logins, last] = apps[entry.app_id];
    logins += 1;
    last = std::max(last, entry.at);
  }
  json used = json::array();
  for (const auto& [app_id, counts] : apps) {
    used.push_back({{"appId", app_id}, {"logins", counts.first}, {"lastLoginAt", counts.second}});
  }
  return {{"user", admin_user_json(details.user, false)},
          {"identities", std::move(identities)},
          {"apps", std::move(used)},
          {"events", std::move(events)}};
}

response handler::admin_user(const call& c, const std::string& user_id, std::string_view action) {
  if (auto refused = require_admin(c)) return std::move(*refused);
  const audit_actor by{"admin", c.ip};
  const auto method = c.req.method();
  const bool read = method == http::verb::get || method == http::verb::head;
  if (action == "/block" || action == "/unblock") {
    if (method != http::verb::post) {
      auto res = make_error(c.req, errors::method_not_allowed, "method not allowed here; use POST");
      res.set(http::field::allow, "POST");
      return res;
    }
    const auto changed = flow_.set_user_blocked(user_id, action == "/block", by);
    if (!changed.ok()) return refusal(c.req, changed.failure());
    return make_envelope(c.req, http::status::ok, errors::ok,
                         action == "/block" ? "blocked" : "unblocked",
                         {{"user", admin_user_json(changed.value(), false)}});
  }
  if (action == "/export") {
    if (!read) {
      auto res = make_error(c.req, errors::method_not_allowed, "method not allowed here; use GET");
      res.set(http::field::allow, "GET");
      return res;
    }
    const auto exported = flow_.export_user(user_id, by);
    if (!exported.ok()) return refusal(c.req, exported.failure());
    auto doc = user_details_json(exported.value());
    doc["exportedAt"] = c.now;
    auto res =
        make_response(c.req, http::status::ok, doc.dump(2), "application/json; charset=utf-8");
    res.set(http::field::content_disposition,
            "attachment; filename=\"scan-login-user-" + percent_encode(user_id) + ".json\"");
    res.set(http::field::cache_control, "no-store");
    return res;
  }
  if (!action.empty()) {
    return make_error(c.req, errors::unknown_route,
                      "no such API route: see docs/server.md for the list");
  }
  if (method == http::verb::delete_) {
    const auto deleted = flow_.delete_user(user_id, by);
    if (!deleted.ok()) return refusal(c.req, deleted.failure());
    return make_envelope(c.req, http::status::ok, errors::ok,
                         "deleted with their personal data; tokens already issued stay valid "
                         "until they expire",
                         {{"id", user_id}, {"deleted", true}});
  }
  if (read) {
    const auto details = flow_.user_details_of(user_id);
    if (!details.ok()) return refusal(c.req, details.failure());
    auto res = make_envelope(c.req, http::status::ok, errors::ok, "ok",
                             user_details_json(details.value()));
    res.set(http::field::cache_control, "no-store");
    return res;
  }
  auto res =
      make_error(c.req, errors::method_not_allowed, "method not allowed here; use GET or DELETE");
  res.set(http::field::allow, "GET, DELETE");
  return res;
}

response handler::audit_log(const call& c) {
  if (auto refused = require_admin(c)) return std::move(*refused);
  audit_query query;
  std::int64_t limit = 50;
  std::string why;
  if (!read_count(c.params, "limit", limit, why) ||
      !read_count(c.params, "before", query.before_id, why)) {
    return make_error(c.req, errors::bad_field, why);
  }
  query.limit = static_cast<std::size_t>(limit);
  query.app_id = c.params.get("appId").value_or("");
  query.user_id = c.params.get("userId").value_or("");
  query.kind = c.params.get("kind").value_or("");
  const auto found = flow_.audit_log(query);
  if (!found.ok()) return refusal(c.req, found.failure());
  json events = json::array();
  for (const auto& entry : found.value()) events.push_back(audit_json(entry));
  const bool more = found.value().size() == query.limit;
  auto res = make_envelope(c.req, http::status::ok, errors::ok, "ok",
                           {{"events", std::move(events)},
                            {"next", more ? json(found.value().back().id) : json(nullptr)}});
  res.set(http::field::cache_control, "no-store");
  return res;
}

}  // namespace scan_login::server
