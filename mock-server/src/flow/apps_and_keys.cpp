// The login flow's apps (create, change, delete, rotate a secret) and the
// deployment's signing keys (first key, import, rotation, reload), and
// housekeeping.

#include "auth/jwt_signer.hpp"
#include "flow/login_flow.hpp"

namespace scan_login::server {
namespace {

flow_failure no_app(const std::string& app_id) {
  return refuse(flow_error::unknown_app, "no app '" + app_id.substr(0, 64) + "' is configured");
}

// A made app secret: 32 random bytes (auth/app_secret_hash.hpp says why
// that lets the store keep a fast hash of it).
std::string new_app_secret(const random_source& random) { return random_token(random, 32); }

}  // namespace

std::optional<app_config> login_flow::load_app(const std::string& app_id) {
  auto found = store_.app(app_id);
  if (!found) return std::nullopt;
  return with_public_url(std::move(*found), settings_.issuer);
}

flow_result<app_config> login_flow::app(const std::string& app_id) {
  auto found = load_app(app_id);
  if (!found) return no_app(app_id);
  return std::move(*found);
}

std::vector<app_config> login_flow::apps() {
  auto all = store_.apps();
  for (auto& app : all) app = with_public_url(std::move(app), settings_.issuer);
  return all;
}

flow_result<app_config> login_flow::stored_app(const std::string& app_id) {
  auto found = store_.app(app_id);
  if (!found) return no_app(app_id);
  return std::move(*found);
}

std::vector<app_config> login_flow::stored_apps() { return store_.apps(); }

flow_result<app_config> login_flow::create_app(const nlohmann::json& doc) {
  std::string error;
  if (doc.is_object() && doc.contains("appSecretHash")) {
    return refuse(flow_error::bad_field,
                  "appSecretHash: unknown field (send appSecret, or none to have one made)");
  }
  auto app = app_from_file_json(doc, error);
  if (!app) return refuse(flow_error::bad_field, error);
  if (app->app_id.size() > 64 ||
      app->app_id.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                    "0123456789-_.") != std::string::npos) {
    return refuse(flow_error::bad_field,
                  "appId: 1 to 64 characters of letters, digits, '-', '_' or '.'");
  }
  if (app->name.empty()) app->name = app->app_id;
  if (app->app_secret.empty()) app->app_secret = new_app_secret(random_);
  if (!store_.insert_app(*app)) {
    return refuse(flow_error::app_exists, "appId: an app '" + app->app_id + "' exists already");
  }
  return std::move(*app);
}

flow_result<app_config> login_flow::update_app(const std::string& app_id,
                                               const nlohmann::json& changes) {
  auto app = store_.app(app_id);
  if (!app) return no_app(app_id);
  std::string error;
  if (!apply_app_update(*app, changes, error)) return refuse(flow_error::bad_field, error);
  if (!store_.update_app(*app)) return no_app(app_id);
  return std::move(*app);
}

flow_result<bool> login_flow::delete_app(const std::string& app_id) {
  if (!store_.delete_app(app_id)) return no_app(app_id);
  return true;
}

flow_result<app_config> login_flow::rotate_app_secret(const std::string& app_id) {
  auto app = store_.app(app_id);
  if (!app) return no_app(app_id);
  app->app_secret = new_app_secret(random_);
  app->app_secret_hash.clear();
  if (!store_.update_app(*app)) return no_app(app_id);
  return std::move(*app);
}

bool login_flow::prepare_signing_keys(const std::string& import_pem, std::string& error) {
  const auto now = clock_();
  const auto verify_ms = static_cast<std::int64_t>(settings_.limits.token_expires_in) * 1000;
  auto stored = store_.signing_keys();
  std::unique_ptr<jwt_signer> wanted;
  if (!import_pem.empty()) {
    wanted = jwt_signer::from_pem(import_pem, error);
    if (!wanted) return false;
  } else if (stored.empty() || stored.front().retired_at != 0) {
    wanted = jwt_signer::generate(error);
    if (!wanted) return false;
  }
  if (wanted && (stored.empty() || stored.front().kid != wanted->kid())) {
    signing_key_record key{wanted->kid(), wanted->private_pem(), now, 0, 0};
    // A generated first key loses quietly to one another process stored at
    // the same moment; an imported key replaces the active one.
    if (store_.add_signing_key(key, import_pem.empty(), verify_ms)) {
      audit(import_pem.empty() ? "key.created" : "key.imported", "", "", {"server", ""},
            {{"kid", key.kid}});
    }
    stored = store_.signing_keys();
  }
  return keys_.reload(stored, error);
}

flow_result<std::string> login_flow::rotate_signing_key() {
  std::string error;
  const auto fresh = jwt_signer::generate(error);
  if (!fresh) return refuse(flow_error::bad_field, error);
  const auto verify_ms = static_cast<std::int64_t>(settings_.limits.token_expires_in) * 1000;
  store_.add_signing_key({fresh->kid(), fresh->private_pem(), clock_(), 0, 0}, false, verify_ms);
  if (!keys_.reload(store_.signing_keys(), error)) return refuse(flow_error::bad_field, error);
  return fresh->kid();
}

void login_flow::reload_signing_keys() {
  std::string error;
  keys_.reload(store_.signing_keys(), error);
}

std::size_t login_flow::sweep() {
  const auto retention = static_cast<std::int64_t>(settings_.limits.expired_retention) * 1000;
  const auto now = clock_();
  auto removed = store_.sweep(now, retention);
  removed += store_.sweep_audit(
      now - static_cast<std::int64_t>(settings_.limits.audit_retention_days) * 86'400'000);
  reload_signing_keys();
  return removed;
}

}  // namespace scan_login::server
