#pragma once
// The PostgreSQL store's class (built by open_postgres_store). Verbs run on
// the calling worker thread over a pooled connection; a slow database only
// occupies workers and pool slots, never the io thread. Each verb is one
// autocommit statement, or one transaction where it writes several rows.

#include <memory>

#include "store/memory_only.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/pg_feed.hpp"
#include "store/postgres/pg_pool.hpp"
#include "store/store.hpp"
#include "store/write_batcher.hpp"

namespace scan_login::server::pg {

class postgres_store final : public store {
 public:
  // `first` is a connected, migrated connection; it joins the pool.
  postgres_store(endpoint ep, int pool_size, std::unique_ptr<connection> first);

  void ping() override;
  std::string setting_or_insert(const std::string& name, const std::string& value) override;
  void put_avatar(const avatar_record& avatar) override;
  std::optional<avatar_record> avatar(const std::string& id) override;
  void set_setting(const std::string& name, const std::string& value) override;
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
  // Runs `body(connection&)` on a pooled connection; a failed statement
  // leaves as store_unavailable (the only exception a verb throws).
  template <typename F>
  auto with_connection(F&& body) {
    refuse_if_memory_only();
    auto conn = pool_.checkout();
    try {
      return body(*conn);
    } catch (const query_error& e) {
      throw store_unavailable("PostgreSQL at " + endpoint_.where + " failed: " + e.what());
    }
  }
  app_config read_app(const result& res, int row);
  std::vector<bool> insert_codes(connection& conn, const std::vector<const code_record*>& batch);

  endpoint endpoint_;
  pool pool_;
  // gene's inserts, group-committed (store/write_batcher.hpp); 64 rows of
  // 19 parameters stay far below PostgreSQL's 65535.
  write_batcher<code_record, bool> inserts_{64};
  feed feed_;  // after pool_: stops first
};

}  // namespace scan_login::server::pg
