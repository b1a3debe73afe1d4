#pragma once
// The account rule's rows over one open PostgreSQL transaction.
//
// Racing logins of one person (same phone or same identity) are serialized
// by transaction-scoped advisory locks taken before the rule reads anything:
// the phone's lock first, then the identity's (one fixed order, two lock
// classes, so these locks cannot deadlock). The rows read are locked FOR
// UPDATE, so a login through another identity of the same account sees the
// account as the previous login left it. The unique indexes (pool, phone)
// and (pool, identity) stay as the last guard; a violation, or a deadlock
// between row locks of different accounts, is retried by the caller
// (run_account_transaction).

#include "store/account_rule.hpp"
#include "store/postgres/pg_connection.hpp"

namespace scan_login::server::pg {

class account_rows_tx : public account_rows {
 public:
  explicit account_rows_tx(connection& conn) : conn_(conn) {}

  // Takes the advisory locks for `login` (call first in the transaction).
  void lock_for(const confirm_effects& login);

  std::optional<user_record> user_by_phone(const std::string& pool,
                                           const std::string& phone) override;
  std::optional<user_record> user_by_identity(const std::string& pool,
                                              const std::string& identity) override;
  void insert_user(const user_record& user) override;
  void update_user(const user_record& user) override;
  void link_identity(const std::string& pool, const std::string& identity,
                     const std::string& user_id) override;

 private:
  connection& conn_;
};

// Runs `body` (which opens and commits its own transaction) up to 5 times
// while it fails with a unique violation, serialization failure or
// deadlock; other failures and the last one propagate.
template <typename F>
auto run_account_transaction(F&& body) {
  for (int attempt = 1;; ++attempt) {
    try {
      return body();
    } catch (const query_error& e) {
      const bool retryable = e.sqlstate() == unique_violation ||
                             e.sqlstate() == serialization_failure ||
                             e.sqlstate() == deadlock_detected;
      if (!retryable || attempt == 5) throw;
    }
  }
}

}  // namespace scan_login::server::pg
