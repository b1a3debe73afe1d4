#pragma once
// A per-process view in front of a store, for the hot paths: PC polling
// (check by poll key) and every request that names an app (gene, the CORS
// judgement). It answers from memory what it holds, also on the io thread
// inside a memory_only_scope (store/memory_only.hpp); everything else goes
// to the store, which throws would_block there.
//
// Codes: entries are filled on a read that misses, dropped when the store's
// feed names their code (before the feed reaches the shell, so the long poll
// a change wakes reads fresh data) and when the feed resyncs (the feed
// reconnected and may have lost names), and live at most `max_age`: what
// another process's sweep removed, or a notification lost without the feed
// noticing, stays visible that long at most. A PC polls its code about once
// a second, so a shorter age would make nearly every check a miss. A poll
// key the view does not hold is always read from the store: a code made
// through another process a moment ago is never "unknown" here.
//
// Apps: filled on a read that finds the app (an unknown id is never kept, so
// guessing ids cannot fill memory), dropped on this view's own app writes,
// when the feed names the app (another process changed it) or resyncs, and
// after `max_age`.
// Every other verb goes straight to the store.

#include <chrono>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "store/store.hpp"

namespace scan_login::server {

class code_view_store final : public store, private status_feed_listener {
 public:
  explicit code_view_store(std::unique_ptr<store> inner,
                           std::chrono::milliseconds max_age = std::chrono::seconds(30),
                           std::size_t max_entries = 200'000);
  ~code_view_store() override;

  std::optional<code_record> code_by_random(const std::string& random) override;
  std::optional<app_config> app(const std::string& app_id) override;
  bool insert_app(const app_config& app) override;
  bool update_app(const app_config& app) override;
  bool delete_app(const std::string& app_id) override;
  bool seed_apps_once(const std::vector<app_config>& apps) override;
  transition_result transition(const transition_request& request,
                               const std::optional<confirm_effects>& confirm) override;
  std::size_t sweep(std::int64_t now, std::int64_t retention_ms) override;
  void set_feed_listener(status_feed_listener* listener) override;

  // Straight to the store.
  void ping() override { inner_->ping(); }
  std::string setting_or_insert(const std::string& name, const std::string& value) override {
    return inner_->setting_or_insert(name, value);
  }
  void put_avatar(const avatar_record& avatar) override { inner_->put_avatar(avatar); }
  std::optional<avatar_record> avatar(const std::string& id) override { return inner_->avatar(id); }
  void set_setting(const std::string& name, const std::string& value) override {
    inner_->set_setting(name, value);
  }
  std::vector<app_config> apps() override { return inner_->apps(); }
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
  std::optional<code_record> code_by_code(const std::string& code) override {
    return inner_->code_by_code(code);
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
  std::map<code_status, std::size_t> codes_by_status(std::int64_t now) override {
    return inner_->codes_by_status(now);
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
  // Also forgets every held code: the deleted user's codes lost their
  // scanner data. (Other processes' views catch up within max_age.)
  bool delete_user(const std::string& id) override {
    const bool deleted = inner_->delete_user(id);
    if (deleted) forget_all();
    return deleted;
  }
  void append_audit(const audit_record& entry) override { inner_->append_audit(entry); }
  std::vector<audit_record> audit(const audit_query& query) override {
    return inner_->audit(query);
  }
  std::size_t sweep_audit(std::int64_t before) override { return inner_->sweep_audit(before); }

 private:
  void on_status_change(const std::string& random) override;
  void on_app_change(const std::string& app_id) override;
  void on_feed_resync() override;
  void forget(const std::string& random);
  void forget_app(const std::string& app_id);
  void forget_all();

  template <typename Record>
  struct held_record {
    Record value;
    std::chrono::steady_clock::time_point read_at;
  };
  template <typename Record>
  using held_map = std::unordered_map<std::string, held_record<Record>>;
  // What `held` has for `key` while younger than max_age_, else `read()`,
  // kept when it found something and no forget raced it (`forgets`).
  template <typename Record, typename Read>
  std::optional<Record> read_through(held_map<Record>& held, std::uint64_t& forgets,
                                     std::size_t max_held, const std::string& key, Read&& read);
  std::unique_ptr<store> inner_;
  std::chrono::milliseconds max_age_;
  std::size_t max_entries_;
  std::mutex mutex_;
  held_map<code_record> entries_;  // by poll key
  held_map<app_config> apps_;      // by app id
  // Bumped by every forget of codes (apps): a read that raced one is not kept.
  std::uint64_t forgets_ = 0;
  std::uint64_t app_forgets_ = 0;
  std::mutex listener_mutex_;
  status_feed_listener* listener_ = nullptr;
};

}  // namespace scan_login::server
