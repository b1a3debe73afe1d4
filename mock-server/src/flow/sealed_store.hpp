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
#include "store/store.hpp"

namespace scan_login::server {

class sealed_store final : public store {
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

  void ping() override { inner_->ping(); }
  std::string setting_or_insert(const std::string& name, const std::string& value) override;
  void set_setting(const std::string& name, const std::string& value) override;

  std::vector<app_config> apps() override;
  std::optional<app_config> app(const std::string& app_id) override;
  bool insert_app(const app_config& app) override { return inner_->insert_app(sealed(app)); }
  bool update_app(const app_config& app) override { return inner_->update_app(sealed(app)); }
  bool delete_app(const std::string& app_id) override { return inner_->delete_app(app_id); }
  bool seed_apps_once(const std::vector<app_config>& apps) override;

  std::vector<signing_key_record> signing_keys() override;
  bool add_signing_key(const signing_key_record& key, bool only_if_none,
                       std::int64_t previous_verify_ms) override;
  bool replace_signing_key_pem(const std::string& kid, const std::string& expected,
                               const std::string& pem) override {
    return inner_->replace_signing_key_pem(kid, expected, pem);
  }

  bool insert_code(const code_record& record) override { return inner_->insert_code(record); }
  std::optional<code_record> code_by_random(const std::string& random) override {
    return inner_->code_by_random(random);
  }
  std::optional<code_record> code_by_code(const std::string& code) override {
    return inner_->code_by_code(code);
  }
  transition_result transition(const transition_request& request,
                               const std::optional<confirm_effects>& confirm) override {
    return inner_->transition(request, confirm);
  }
  std::optional<ticket_record> ticket(const std::string& ticket) override {
    return inner_->ticket(ticket);
  }
  consume_result consume_ticket(const std::string& ticket, std::int64_t now) override {
    return inner_->consume_ticket(ticket, now);
  }
  user_record link_account(const confirm_effects& login, std::int64_t now) override {
    return inner_->link_account(login, now);
  }
  std::optional<user_record> user_by_id(const std::string& id) override {
    return inner_->user_by_id(id);
  }
  void put_avatar(const avatar_record& avatar) override { inner_->put_avatar(avatar); }
  std::optional<avatar_record> avatar(const std::string& id) override { return inner_->avatar(id); }
  std::size_t sweep(std::int64_t now, std::int64_t retention_ms) override {
    return inner_->sweep(now, retention_ms);
  }
  std::map<code_status, std::size_t> codes_by_status(std::int64_t now) override {
    return inner_->codes_by_status(now);
  }
  void set_feed_listener(status_feed_listener* listener) override {
    inner_->set_feed_listener(listener);
  }
  std::optional<user_record> user_by_identity(const std::string& pool,
                                              const std::string& identity) override {
    return inner_->user_by_identity(pool, identity);
  }
  user_page find_users(const user_query& query) override { return inner_->find_users(query); }
  std::vector<identity_record> identities_of(const std::string& user_id) override {
    return inner_->identities_of(user_id);
  }
  std::optional<user_record> set_user_blocked(const std::string& id,
                                              std::int64_t blocked_at) override {
    return inner_->set_user_blocked(id, blocked_at);
  }
  bool delete_user(const std::string& id) override { return inner_->delete_user(id); }
  void append_audit(const audit_record& entry) override { inner_->append_audit(entry); }
  std::vector<audit_record> audit(const audit_query& query) override {
    return inner_->audit(query);
  }
  std::size_t sweep_audit(std::int64_t before) override { return inner_->sweep_audit(before); }

 private:
  app_config sealed(app_config app) const;
  app_config opened(app_config app) const;

  std::unique_ptr<store> inner_;
  secret_box box_;
};

}  // namespace scan_login::server
