#include "flow/sealed_store.hpp"

#include "auth/app_secret_hash.hpp"
#include "http/throttled_log.hpp"

namespace scan_login::server {
namespace {

// What each sealed value is bound to (its AES-GCM associated data).
std::string app_context(const std::string& app_id) { return "app:" + app_id; }
std::string key_context(const std::string& kid) { return "signing_key:" + kid; }

bool is_sealed_setting(const std::string& name) {
  return name.rfind("wechat.access_token.", 0) == 0;
}

// Why `value` did not open, for the startup message.
std::string reason(const secret_box& box, open_failure why, const std::string& value) {
  if (why != open_failure::other_key) return "it " + describe(why, value);
  return "sealed with the key of id " + secret_box::key_id_of(value) + ", this key's id is " +
         box.key_id();
}

}  // namespace

sealed_store::sealed_store(std::unique_ptr<store> inner, secret_box box)
    : forwarding_store(std::move(inner)), box_(std::move(box)) {}

app_config sealed_store::sealed(app_config app) const {
  if (!app.app_secret.empty()) {
    app.app_secret_hash = hash_app_secret(app.app_secret);
    app.app_secret.clear();
  }
  // Apps reach here opened (or as typed): a non-empty AppSecret is clear text.
  auto& secret = app.mini_program.app_secret;
  if (!secret.empty()) secret = box_.seal(secret, app_context(app.app_id));
  return app;
}

app_config sealed_store::opened(app_config app) const {
  auto& secret = app.mini_program.app_secret;
  if (!secret_box::is_sealed(secret)) return app;  // empty, or kept in clear by an older version
  open_failure why;
  if (auto clear = box_.open(secret, app_context(app.app_id), why)) {
    secret = std::move(*clear);
  } else {
    throttled_log::shared().write("secrets", "app " + app.app_id + ": its mini program AppSecret " +
                                                 describe(why, secret) + "; used as not set");
    secret.clear();
  }
  return app;
}

std::string sealed_store::setting_or_insert(const std::string& name, const std::string& value) {
  if (!is_sealed_setting(name)) return inner_->setting_or_insert(name, value);
  const auto stored =
      inner_->setting_or_insert(name, value.empty() ? value : box_.seal(value, name));
  if (!secret_box::is_sealed(stored)) return stored;  // empty, or clear from an older version
  open_failure why;
  // One that does not open is as good as none: the gateway fetches a fresh one.
  return box_.open(stored, name, why).value_or(std::string{});
}

void sealed_store::set_setting(const std::string& name, const std::string& value) {
  inner_->set_setting(name,
                      is_sealed_setting(name) && !value.empty() ? box_.seal(value, name) : value);
}

std::vector<app_config> sealed_store::apps() {
  auto all = inner_->apps();
  for (auto& app : all) app = opened(std::move(app));
  return all;
}

std::optional<app_config> sealed_store::app(const std::string& app_id) {
  auto found = inner_->app(app_id);
  if (found) found = opened(std::move(*found));
  return found;
}

bool sealed_store::seed_apps_once(const std::vector<app_config>& apps) {
  std::vector<app_config> kept;
  kept.reserve(apps.size());
  for (const auto& app : apps) kept.push_back(sealed(app));
  return inner_->seed_apps_once(kept);
}

std::vector<signing_key_record> sealed_store::signing_keys() {
  auto keys = inner_->signing_keys();
  for (auto& key : keys) {
    if (!secret_box::is_sealed(key.private_pem)) continue;
    open_failure why;
    if (auto pem = box_.open(key.private_pem, key_context(key.kid), why)) {
      key.private_pem = std::move(*pem);
    } else {
      // The key ring refuses an empty PEM: this process keeps its keys.
      throttled_log::shared().write(
          "secrets", "signing key " + key.kid + " " + describe(why, key.private_pem));
      key.private_pem.clear();
    }
  }
  return keys;
}

bool sealed_store::add_signing_key(const signing_key_record& key, bool only_if_none,
                                   std::int64_t previous_verify_ms) {
  auto kept = key;
  kept.private_pem = box_.seal(key.private_pem, key_context(key.kid));
  return inner_->add_signing_key(kept, only_if_none, previous_verify_ms);
}

bool sealed_store::check(std::string& what) {
  for (const auto& key : inner_->signing_keys()) {
    if (!secret_box::is_sealed(key.private_pem)) continue;
    open_failure why;
    if (!box_.open(key.private_pem, key_context(key.kid), why)) {
      what = "the stored signing key " + key.kid + " (" + reason(box_, why, key.private_pem) + ")";
      return false;
    }
  }
  for (const auto& app : inner_->apps()) {
    const auto& secret = app.mini_program.app_secret;
    if (!secret_box::is_sealed(secret)) continue;
    open_failure why;
    if (!box_.open(secret, app_context(app.app_id), why)) {
      what = "the stored mini program AppSecret of app " + app.app_id + " (" +
             reason(box_, why, secret) + ")";
      return false;
    }
  }
  return true;
}

bool sealed_store::holds_sealed_values() {
  for (const auto& key : inner_->signing_keys()) {
    if (secret_box::is_sealed(key.private_pem)) return true;
  }
  for (const auto& app : inner_->apps()) {
    if (secret_box::is_sealed(app.mini_program.app_secret)) return true;
  }
  return false;
}

std::size_t sealed_store::migrate() {
  std::size_t rewritten = 0;
  for (auto app : inner_->apps()) {
    auto& mp_secret = app.mini_program.app_secret;
    const bool clear_mp = !mp_secret.empty() && !secret_box::is_sealed(mp_secret);
    if (app.app_secret.empty() && !clear_mp) continue;
    if (!app.app_secret.empty()) {
      app.app_secret_hash = hash_app_secret(app.app_secret);
      app.app_secret.clear();
    }
    if (clear_mp) mp_secret = box_.seal(mp_secret, app_context(app.app_id));
    if (inner_->update_app(app)) ++rewritten;
  }
  for (const auto& key : inner_->signing_keys()) {
    if (key.private_pem.empty() || secret_box::is_sealed(key.private_pem)) continue;
    const auto pem = box_.seal(key.private_pem, key_context(key.kid));
    if (inner_->replace_signing_key_pem(key.kid, key.private_pem, pem)) ++rewritten;
  }
  return rewritten;
}

}  // namespace scan_login::server
