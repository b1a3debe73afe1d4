#pragma once
// A per-process view of codes in front of a shared store, for the hot path
// of PC polling (check by poll key). Entries are filled on a read that
// misses, dropped when the store's feed names their code (before the feed
// reaches the shell, so the long poll a change wakes reads fresh data) and
// when the feed resyncs (the feed reconnected and may have lost names), and
// live at most `max_age`: what another process's sweep removed, or a
// notification lost without the feed noticing, stays visible that long at
// most. A PC polls its code about once a second, so a shorter age would
// make nearly every check a miss. A poll key the
// view does not hold is always read from the store: a code made through
// another process a moment ago is never "unknown" here.
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
  transition_result transition(const transition_request& request,
                               const std::optional<confirm_effects>& confirm) override;
  std::size_t sweep(std::int64_t now, std::int64_t retention_ms) override;
  void set_feed_listener(status_feed_listener* listener) override;

  // Straight to the store.
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

 private:
  void on_status_change(const std::string& random) override;
  void on_feed_resync() override;
  void forget(const std::string& random);
  void forget_all();

  struct entry {
    code_record record;
    std::chrono::steady_clock::time_point read_at;
  };
  std::unique_ptr<store> inner_;
  std::chrono::milliseconds max_age_;
  std::size_t max_entries_;
  std::mutex mutex_;
  std::unordered_map<std::string, entry> entries_;  // by poll key
  std::uint64_t forgets_ = 0;  // bumped by every forget: a read that raced one is not kept
  std::mutex listener_mutex_;
  status_feed_listener* listener_ = nullptr;
};

}  // namespace scan_login::server
