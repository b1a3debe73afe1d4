#pragma once
// The store with its secrets protected at rest, in front of either backend
// (no schema change): what goes in is sealed, what comes out is opened.
// - An app secret is kept as its hash only (appSecretHash; the clear secret
//   exists only in the answer that made it): app_config::app_secret is
//   empty on the way out, app_secret_hash set.
// - A mini program's AppSecret, the signing keys' private PEM and the WeChat
//   access tokens in the settings ("wechat.access_token.*"), which the
//   server must use in clear, are AES-256-GCM sealed (auth/secret_box.hpp)
//   with the deployment's secrets key, each bound to its place ("app:<id>",
//   "signing_key:<kid>", the setting's name).
// Values an older version kept in clear still read as they are; migrate()
// rewrites them at start. A sealed value that does not open with this key
// reads as absent (an empty AppSecret or PEM, no access token) with a line
// on stderr; check() finds that case before the server starts.

#include <memory>

#include "auth/secret_box.hpp"
#include "store/forwarding_store.hpp"

namespace scan_login::server {

class sealed_store final : public forwarding_store {
 public:
  sealed_store(std::unique_ptr<store> inner, secret_box box);

  // Reads every sealed app secret and signing key and writes nothing. False
  // and `what` naming the first value that does not open with this key and
  // why ("the stored signing key <kid>: it was sealed with another key (id
  // 0a1b2c3d; this key is 9f8e7d6c)").
  bool check(std::string& what);
  // True when the store holds any sealed value (so a key made now cannot be
  // the one it needs).
  bool holds_sealed_values();
  // Rewrites what older versions kept in clear: app secrets as hashes, mini
  // program AppSecrets and signing keys sealed. Idempotent; with several
  // processes at once each value is rewritten once (a signing key by
  // compare-and-set; an app by writing the same hash and a sealing of the
  // same AppSecret). Returns how many apps and keys it rewrote.
  std::size_t migrate();

  const secret_box& box() const { return box_; }

  std::string setting_or_insert(const std::string& name, const std::string& value) override;
  void set_setting(const std::string& name, const std::string& value) override;

  std::vector<app_config> apps() override;
  std::optional<app_config> app(const std::string& app_id) override;
  bool insert_app(const app_config& app) override { return inner_->insert_app(sealed(app)); }
  bool update_app(const app_config& app) override { return inner_->update_app(sealed(app)); }
  bool seed_apps_once(const std::vector<app_config>& apps) override;

  std::vector<signing_key_record> signing_keys() override;
  bool add_signing_key(const signing_key_record& key, bool only_if_none,
                       std::int64_t previous_verify_ms) override;

 private:
  app_config sealed(app_config app) const;
  app_config opened(app_config app) const;

  secret_box box_;
};

}  // namespace scan_login::server
