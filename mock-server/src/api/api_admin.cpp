// Apps (public config; the admin API creates, changes, deletes them and
// rotates secrets), signing keys (JWKS, rotation), health and metrics.

#include <iostream>

#include "api/handler.hpp"
#include "api/refusal.hpp"
#include "auth/crypto_util.hpp"
#include "http/error_codes.hpp"
#include "http/json_input.hpp"
#include "http/responses.hpp"

namespace scan_login::server {
namespace {
using nlohmann::json;

// The admin view plus the secret, for the one answer that shows it.
json with_secret(const app_config& app) {
  auto view = app_admin_json(app);
  view["appSecret"] = app.app_secret;
  return view;
}

}  // namespace

response handler::public_config(const call& c, const std::string& app_id) {
  const auto app = flow_.app(app_id);
  if (!app.ok()) return refusal(c.req, app.failure());
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", app_public_json(app.value()));
}

std::optional<response> handler::require_admin(const call& c) {
  auto header = c.req[http::field::authorization];
  std::string_view token;
  if (header.substr(0, 7) == "Bearer ") token = header.substr(7);
  if (token.empty()) token = c.req["x-admin-token"];
  if (token.empty()) {
    return make_error(c.req, errors::missing_admin_token,
                      "send the admin token as Authorization: Bearer <token> (printed at first "
                      "start, kept in the store; or set adminToken in the config or "
                      "SCAN_LOGIN_ADMIN_TOKEN)");
  }
  if (!constant_time_equal(token, settings_.admin_token)) {
    return make_error(c.req, errors::bad_admin_token, "wrong admin token");
  }
  return std::nullopt;
}

response handler::list_apps(const call& c) {
  if (auto refused = require_admin(c)) return std::move(*refused);
  json list = json::array();
  for (const auto& app : flow_.stored_apps()) list.push_back(app_admin_json(app));
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", {{"apps", list}});
}

response handler::create_app(const call& c) {
  if (auto refused = require_admin(c)) return std::move(*refused);
  json body;
  if (auto refused = read_json_object(c.req, body)) return std::move(*refused);
  const auto made = flow_.create_app(body);
  if (!made.ok()) return refusal(c.req, made.failure());
  std::cerr << "admin: app " << made.value().app_id << " created from " << c.ip << '\n';
  flow_.audit("app.created", made.value().app_id, "", {"admin", c.ip},
              {{"mode", app_mode_name(made.value().mode)}});
  return make_envelope(c.req, http::status::ok, errors::ok,
                       "created; the app secret is shown this once", with_secret(made.value()));
}

response handler::update_config(const call& c, const std::string& app_id) {
  if (auto refused = require_admin(c)) return std::move(*refused);
  json body;
  if (auto refused = read_json_object(c.req, body)) return std::move(*refused);
  const auto changed = flow_.update_app(app_id, body);
  if (!changed.ok()) return refusal(c.req, changed.failure());
  // The names of the fields sent, never their values (a miniProgram's
  // appSecret may be among them).
  json fields = json::array();
  for (const auto& [name, value] : body.items()) fields.push_back(name);
  flow_.audit("app.updated", app_id, "", {"admin", c.ip}, {{"fields", std::move(fields)}});
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", app_admin_json(changed.value()));
}

response handler::admin_app(const call& c, const std::string& app_id, std::string_view action) {
  const auto method = c.req.method();
  if (action == "/secret") {
    if (method != http::verb::post) {
      auto res = make_error(c.req, errors::method_not_allowed, "method not allowed here; use POST");
      res.set(http::field::allow, "POST");
      return res;
    }
    if (auto refused = require_admin(c)) return std::move(*refused);
    const auto rotated = flow_.rotate_app_secret(app_id);
    if (!rotated.ok()) return refusal(c.req, rotated.failure());
    std::cerr << "admin: app " << app_id << " secret rotated from " << c.ip << '\n';
    flow_.audit("app.secret_rotated", app_id, "", {"admin", c.ip});
    return make_envelope(c.req, http::status::ok, errors::ok,
                         "rotated; the new app secret is shown this once",
                         with_secret(rotated.value()));
  }
  if (!action.empty()) {
    return make_error(c.req, errors::unknown_route,
                      "no such API route: see docs/server.md for the list");
  }
  if (method == http::verb::put || method == http::verb::patch) return update_config(c, app_id);
  if (method == http::verb::delete_) {
    if (auto refused = require_admin(c)) return std::move(*refused);
    const auto deleted = flow_.delete_app(app_id);
    if (!deleted.ok()) return refusal(c.req, deleted.failure());
    std::cerr << "admin: app " << app_id << " deleted from " << c.ip << '\n';
    flow_.audit("app.deleted", app_id, "", {"admin", c.ip});
    return make_envelope(c.req, http::status::ok, errors::ok, "deleted", {{"appId", app_id}});
  }
  if (method == http::verb::get || method == http::verb::head) {
    if (auto refused = require_admin(c)) return std::move(*refused);
    const auto app = flow_.stored_app(app_id);
    if (!app.ok()) return refusal(c.req, app.failure());
    return make_envelope(c.req, http::status::ok, errors::ok, "ok", app_admin_json(app.value()));
  }
  auto res = make_error(c.req, errors::method_not_allowed,
                        "method not allowed here; use GET, PUT or DELETE");
  res.set(http::field::allow, "GET, PUT, DELETE");
  return res;
}

response handler::rotate_signing_key(const call& c) {
  if (auto refused = require_admin(c)) return std::move(*refused);
  const auto rotated = flow_.rotate_signing_key();
  if (!rotated.ok()) return refusal(c.req, rotated.failure());
  std::cerr << "admin: signing key rotated to " << rotated.value() << " from " << c.ip << '\n';
  flow_.audit("key.rotated", "", "", {"admin", c.ip}, {{"kid", rotated.value()}});
  return make_envelope(c.req, http::status::ok, errors::ok,
                       "rotated; tokens signed before stay verifiable until they expire",
                       {{"kid", rotated.value()}});
}

response handler::jwks(const call& c) {
  auto res = make_response(c.req, http::status::ok, flow_.keys().jwks().dump(),
                           "application/json; charset=utf-8");
  res.set(http::field::cache_control, "public, max-age=300");
  return res;
}

response handler::openid_configuration(const call& c) {
  const json doc = {{"issuer", settings_.public_url},
                    {"jwks_uri", settings_.public_url + "/.well-known/jwks.json"},
                    {"id_token_signing_alg_values_supported", {"RS256"}}};
  auto res = make_response(c.req, http::status::ok, doc.dump(), "application/json; charset=utf-8");
  res.set(http::field::cache_control, "public, max-age=300");
  return res;
}

response handler::healthz(const call& c) {
  flow_.ping();  // throws store_unavailable: a 503 envelope
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", {{"status", "ok"}});
}

response handler::metrics_text(const call& c) {
  if (!settings_.metrics_token.empty()) {
    const auto header = c.req[http::field::authorization];
    if (header.substr(0, 7) != "Bearer " ||
        !constant_time_equal(header.substr(7), settings_.metrics_token)) {
      return make_error(c.req, errors::bad_metrics_token,
                        "/metrics is restricted: send Authorization: Bearer <the token in "
                        "SCAN_LOGIN_METRICS_TOKEN>");
    }
  }
  std::map<code_status, std::size_t> codes;
  {
    std::lock_guard lock{codes_mutex_};
    const auto now = std::chrono::steady_clock::now();
    if (now - codes_read_at_ >= std::chrono::seconds(1)) {
      codes_ = flow_.codes_by_status();
      codes_read_at_ = now;
    }
    codes = codes_;
  }
  auto res = make_response(c.req, http::status::ok, metrics_.render(codes, c.client.held_polls),
                           "text/plain; version=0.0.4; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  return res;
}

}  // namespace scan_login::server
