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
// Every other verb goes straight to the store (forwarding_store).

#include <chrono>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "store/forwarding_store.hpp"

namespace scan_login::server {

class code_view_store final : public forwarding_store, private status_feed_listener {
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

  // Also forgets every held code: the deleted user's codes lost their
  // scanner data. (Other processes' views catch up within max_age.)
  bool delete_user(const std::string& id) override {
    const bool deleted = inner_->delete_user(id);
    if (deleted) forget_all();
    return deleted;
  }

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
