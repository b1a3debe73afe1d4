// Apps (public config, admin update), signing keys, health and metrics.

#include "api/error_codes.hpp"
#include "api/handler.hpp"
#include "http/json_input.hpp"
#include "http/responses.hpp"

namespace scan_login::server {
namespace {
using nlohmann::json;
}  // namespace

response handler::public_config(const call& c, const std::string& app_id) {
  const auto app = store_.app(app_id);
  if (!app) {
    return make_error(c.req, http::status::not_found, errors::unknown_app,
                      "no app '" + app_id.substr(0, 64) + "' is configured");
  }
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", app_public_json(*app));
}

std::optional<response> handler::require_admin(const call& c) {
  auto header = c.req[http::field::authorization];
  std::string_view token;
  if (header.substr(0, 7) == "Bearer ") token = header.substr(7);
  if (token.empty()) token = c.req["x-admin-token"];
  if (token.empty()) {
    return make_error(c.req, http::status::unauthorized, errors::missing_admin_token,
                      "send the admin token as Authorization: Bearer <token> (printed at start "
                      "or set as adminToken in the config)");
  }
  if (!constant_time_equal(token, settings_.admin_token)) {
    return make_error(c.req, http::status::forbidden, errors::bad_admin_token, "wrong admin token");
  }
  return std::nullopt;
}

response handler::list_apps(const call& c) {
  if (auto refused = require_admin(c)) return std::move(*refused);
  json list = json::array();
  for (const auto& app : store_.apps()) list.push_back(app_admin_json(app));
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", {{"apps", list}});
}

response handler::update_config(const call& c, const std::string& app_id) {
  if (auto refused = require_admin(c)) return std::move(*refused);
  auto app = store_.app(app_id);
  if (!app) {
    return make_error(c.req, http::status::not_found, errors::unknown_app,
                      "no app '" + app_id.substr(0, 64) + "' is configured");
  }
  json body;
  if (auto refused = read_json_object(c.req, body)) return std::move(*refused);
  std::string error;
  if (!apply_app_update(*app, body, error)) {
    return make_error(c.req, http::status::bad_request, errors::bad_field, error);
  }
  store_.save_app(*app);
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", app_admin_json(*app));
}

response handler::jwks(const call& c) {
  auto res = make_response(c.req, http::status::ok, signer_.jwks().dump(),
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
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", {{"status", "ok"}});
}

response handler::metrics_text(const call& c) {
  auto res = make_response(c.req, http::status::ok,
                           metrics_.render(store_.codes_by_status(c.now), c.client.held_polls),
                           "text/plain; version=0.0.4; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  return res;
}

}  // namespace scan_login::server
