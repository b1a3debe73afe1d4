#pragma once
// A store in front of another one that hands every verb to it: the base of
// the decorators (store/code_view_store.hpp, flow/sealed_store.hpp), which
// override only the verbs they change. A verb added to store.hpp is added
// here once, and every decorator passes it on.

#include <memory>
#include <utility>

#include "store/store.hpp"

namespace scan_login::server {

class forwarding_store : public store {
 public:
  explicit forwarding_store(std::unique_ptr<store> inner) : inner_(std::move(inner)) {}

  void ping() override { inner_->ping(); }
  std::string setting_or_insert(const std::string& name, const std::string& value) override {
    return inner_->setting_or_insert(name, value);
  }
  void set_setting(const std::string& name, const std::string& value) override {
    inner_->set_setting(name, value);
  }

  std::vector<app_config> apps() override { return inner_->apps(); }
  std::optional<app_config> app(const std::string& app_id) override { return inner_->app(app_id); }
  bool insert_app(const app_config& app) override { return inner_->insert_app(app); }
  bool update_app(const app_config& app) override { return inner_->update_app(app); }
  bool delete_app(const std::string& app_id) override { return inner_->delete_app(app_id); }
  bool seed_apps_once(const std::vector<app_config>& apps) override {
    return inner_->seed_apps_once(apps);
  }

  std::vector<signing_key_record> signing_keys() override { return inner_->signing_keys(); }
  bool add_signing_key(const signing_key_record& key, bool only_if_none,
                       std::int64_t previous_verify_ms) override {
    return inner_->add_signing_key(key, only_if_none, previous_verify_ms);
  }
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

  void put_avatar(const avatar_record& avatar) override { inner_->put_avatar(avatar); }
  std::optional<avatar_record> avatar(const std::string& id) override { return inner_->avatar(id); }

  std::size_t sweep(std::int64_t now, std::int64_t retention_ms) override {
    return inner_->sweep(now, retention_ms);
  }
  std::size_t sweep_audit(std::int64_t before) override { return inner_->sweep_audit(before); }
  std::map<code_status, std::size_t> codes_by_status(std::int64_t now) override {
    return inner_->codes_by_status(now);
  }

  void set_feed_listener(status_feed_listener* listener) override {
    inner_->set_feed_listener(listener);
  }

 protected:
  std::unique_ptr<store> inner_;
};

}  // namespace scan_login::server
