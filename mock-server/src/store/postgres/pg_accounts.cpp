#include "store/postgres/pg_accounts.hpp"

#include "store/postgres/pg_rows.hpp"

namespace scan_login::server::pg {

void account_rows_tx::lock_for(const confirm_effects& login) {
  // Classes 1 (phone) and 2 (identity) keep the two key spaces apart.
  if (!login.phone.empty()) {
    conn_.exec("SELECT pg_advisory_xact_lock(1, hashtext($1::text || '|' || $2::text))",
               {login.pool, login.phone});
  }
  conn_.exec("SELECT pg_advisory_xact_lock(2, hashtext($1::text || '|' || $2::text))",
             {login.pool, login.identity});
}

std::optional<user_record> account_rows_tx::user_by_phone(const std::string& pool,
                                                          const std::string& phone) {
  const auto res = conn_.exec("SELECT " SCAN_LOGIN_PG_USER_COLUMNS
                              " FROM users WHERE pool = $1 AND phone = $2 AND phone <> ''"
                              " FOR UPDATE",
                              {pool, phone});
  if (res.rows() == 0) return std::nullopt;
  return read_user(res, 0);
}

std::optional<user_record> account_rows_tx::user_by_identity(const std::string& pool,
                                                             const std::string& identity) {
  const auto res = conn_.exec(
      "SELECT u.id, u.pool, u.phone, u.phone_verified, u.name, u.nickname, u.photo, u.openid,"
      " u.unionid, u.registered_at, u.last_login_at, u.logins_count, u.blocked_at"
      " FROM identities i JOIN users u ON u.id = i.user_id"
      " WHERE i.pool = $1 AND i.identity = $2 FOR UPDATE OF u",
      {pool, identity});
  if (res.rows() == 0) return std::nullopt;
  return read_user(res, 0);
}

void account_rows_tx::insert_user(const user_record& user) {
  conn_.exec("INSERT INTO users (" SCAN_LOGIN_PG_USER_COLUMNS
             ") VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
             user_params(user));
}

void account_rows_tx::update_user(const user_record& user) {
  conn_.exec(
      "UPDATE users SET pool = $2, phone = $3, phone_verified = $4, name = $5, nickname = $6,"
      " photo = $7, openid = $8, unionid = $9, registered_at = $10, last_login_at = $11,"
      " logins_count = $12, blocked_at = $13 WHERE id = $1",
      user_params(user));
}

void account_rows_tx::link_identity(const std::string& pool, const std::string& identity,
                                    const std::string& user_id) {
  conn_.exec(
      "INSERT INTO identities (pool, identity, user_id) VALUES ($1, $2, $3)"
      " ON CONFLICT (pool, identity) DO UPDATE SET user_id = excluded.user_id",
      {pool, identity, user_id});
}

}  // namespace scan_login::server::pg
