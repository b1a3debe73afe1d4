#pragma once
// The account rule of PROTOCOL.md ("one person is one account"), written
// once over the few row operations it needs; each backend runs it inside
// its own transaction (store::link_account and the confirm transition), so
// racing logins of the same person cannot make two accounts.

#include <optional>
#include <string>

#include "store/store.hpp"

namespace scan_login::server {

// Row operations inside one open transaction of a backend.
class account_rows {
 public:
  virtual ~account_rows() = default;
  virtual std::optional<user_record> user_by_phone(const std::string& pool,
                                                   const std::string& phone) = 0;
  virtual std::optional<user_record> user_by_identity(const std::string& pool,
                                                      const std::string& identity) = 0;
  virtual void insert_user(const user_record& user) = 0;
  virtual void update_user(const user_record& user) = 0;  // by id; every field
  // Links (pool, identity) to user_id, replacing any earlier link.
  virtual void link_identity(const std::string& pool, const std::string& identity,
                             const std::string& user_id) = 0;
};

// Applies the rule documented at store::link_account; returns the account
// as stored. Does not count the login.
user_record apply_account_rule(account_rows& rows, const confirm_effects& login, std::int64_t now);

}  // namespace scan_login::server
