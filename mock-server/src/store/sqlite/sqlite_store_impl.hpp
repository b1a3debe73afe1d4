#pragma once
// The sqlite store's class, shared by the files that implement its verbs
// (sqlite_store.cpp: open, settings, apps, keys, feed; sqlite_codes.cpp:
// codes, tickets, housekeeping; sqlite_accounts.cpp: accounts;
// sqlite_users.cpp: operators' user verbs and the audit log).

#include <exception>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <utility>

#include "store/memory_only.hpp"
#include "store/sqlite/sqlite_file_lock.hpp"
#include "store/sqlite/sqlite_pool.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace scan_login::server::sqlite {

class sqlite_store final : public store {
 public:
  sqlite_store(std::string file, std::unique_ptr<file_lock> lock,
               std::vector<std::unique_ptr<connection>> connections);

  void ping() override;

  std::string setting_or_insert(const std::string& name, const std::string& value) override;
  void set_setting(const std::string& name, const std::string& value) override;
  void put_avatar(const avatar_record& avatar) override;
  std::optional<avatar_record> avatar(const std::string& id) override;

  std::vector<app_config> apps() override;
  std::optional<app_config> app(const std::string& app_id) override;
  bool insert_app(const app_config& app) override;
  bool update_app(const app_config& app) override;
  bool delete_app(const std::string& app_id) override;
  bool seed_apps_once(const std::vector<app_config>& apps) override;

  std::vector<signing_key_record> signing_keys() override;
  bool add_signing_key(const signing_key_record& key, bool only_if_none,
                       std::int64_t previous_verify_ms) override;
  bool replace_signing_key_pem(const std::string& kid, const std::string& expected,
                               const std::string& pem) override;

  bool insert_code(const code_record& record) override;
  std::optional<code_record> code_by_random(const std::string& random) override;
  std::optional<code_record> code_by_code(const std::string& code) override;
  transition_result transition(const transition_request& request,
                               const std::optional<confirm_effects>& confirm) override;

  std::optional<ticket_record> ticket(const std::string& ticket) override;
  consume_result consume_ticket(const std::string& ticket, std::int64_t now) override;

  user_record link_account(const confirm_effects& login, std::int64_t now) override;
  std::optional<user_record> user_by_id(const std::string& id) override;
  std::optional<user_record> user_by_identity(const std::string& pool,
                                              const std::string& identity) override;

  user_page find_users(const user_query& query) override;
  std::vector<identity_record> identities_of(const std::string& user_id) override;
  std::optional<user_record> set_user_blocked(const std::string& id,
                                              std::int64_t blocked_at) override;
  bool delete_user(const std::string& id) override;
  void append_audit(const audit_record& entry) override;
  std::vector<audit_record> audit(const audit_query& query) override;
  std::size_t sweep_audit(std::int64_t before) override;

  std::size_t sweep(std::int64_t now, std::int64_t retention_ms) override;
  std::map<code_status, std::size_t> codes_by_status(std::int64_t now) override;

  void set_feed_listener(status_feed_listener* listener) override;

 private:
  // Runs `work` on a borrowed connection. Whatever it throws leaves as
  // store_unavailable (the contract lets nothing else out).
  template <class Work>
  auto with_connection(Work&& work) -> decltype(work(std::declval<connection&>())) {
    refuse_if_memory_only();
    try {
      auto db = pool_.borrow();
      return work(*db);
    } catch (const store_unavailable&) {
      throw;
    } catch (const std::exception& error) {
      throw store_unavailable(file_ + ": " + error.what());
    }
  }

  // Runs a verb that writes: writers of this process take turns on a mutex
  // (at most busy_timeout, then store_unavailable) instead of meeting in
  // SQLite's write lock, whose busy handler sleeps and retries (8 workers
  // racing there made half the codes per second of one at a time). Reads
  // never wait for it (WAL).
  template <class Work>
  auto with_writer(Work&& work) -> decltype(work(std::declval<connection&>())) {
    refuse_if_memory_only();
    std::unique_lock turn{writer_turn_, std::defer_lock};
    if (!turn.try_lock_for(busy_timeout)) {
      throw store_unavailable(file_ + ": another write held the database for " +
                              std::to_string(busy_timeout.count()) + " ms");
    }
    return with_connection(std::forward<Work>(work));
  }

  // The inside of transition() once the code moved to confirmed: the
  // account rule, the ticket, the code's ticket and user, the login count.
  user_record confirm_in_transaction(connection& db, const std::string& code,
                                     const confirm_effects& confirm, std::int64_t now);
  // The account rule inside the caller's transaction.
  user_record link_in_transaction(connection& db, const confirm_effects& login, std::int64_t now);
  app_config read_app_doc(const std::string& doc) const;
  void publish(const std::string& random);

  std::string file_;
  std::unique_ptr<file_lock> lock_;  // held until the store goes
  connection_pool pool_;
  std::timed_mutex writer_turn_;
  // Workers publish under a shared lock; set_feed_listener takes it alone,
  // so once it returns no call reaches the previous listener.
  std::shared_mutex listener_mutex_;
  status_feed_listener* listener_ = nullptr;
};

}  // namespace scan_login::server::sqlite
