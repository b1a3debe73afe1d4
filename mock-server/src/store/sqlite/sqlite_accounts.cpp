// The sqlite store: accounts, through the account rule written once in
// store/account_rule.cpp over the rows of an open transaction.

#include "store/account_rule.hpp"
#include "store/sqlite/sqlite_rows.hpp"
#include "store/sqlite/sqlite_store_impl.hpp"

namespace scan_login::server::sqlite {

namespace {

// account_rows over a connection inside a write transaction (BEGIN
// IMMEDIATE: no other writer runs between the rule's reads and writes).
class transaction_rows final : public account_rows {
 public:
  explicit transaction_rows(connection& db) : db_(db) {}

  std::optional<user_record> user_by_phone(const std::string& pool,
                                           const std::string& phone) override {
    query row(db_, user_by_phone_sql);
    if (!row.bind(1, pool).bind(2, phone).step()) return std::nullopt;
    return read_user(row);
  }
  std::optional<user_record> user_by_identity(const std::string& pool,
                                              const std::string& identity) override {
    query row(db_, user_by_identity_sql);
    if (!row.bind(1, pool).bind(2, identity).step()) return std::nullopt;
    return read_user(row);
  }
  void insert_user(const user_record& user) override {
    query insert(db_, insert_user_sql);
    bind_user(insert, user);
    insert.run();
  }
  void update_user(const user_record& user) override {
    query update(db_, update_user_sql);
    bind_user(update, user);
    update.run();
  }
  void link_identity(const std::string& pool, const std::string& identity,
                     const std::string& user_id) override {
    query(db_,
          "INSERT INTO identities (pool, identity, user_id) VALUES (?1, ?2, ?3) "
          "ON CONFLICT (pool, identity) DO UPDATE SET user_id = excluded.user_id")
        .bind(1, pool)
        .bind(2, identity)
        .bind(3, user_id)
        .run();
  }

 private:
  connection& db_;
};

}  // namespace

user_record sqlite_store::link_in_transaction(connection& db, const confirm_effects& login,
                                              std::int64_t now) {
  transaction_rows rows(db);
  return apply_account_rule(rows, login, now);
}

user_record sqlite_store::link_account(const confirm_effects& login, std::int64_t now) {
  return with_writer([&](connection& db) {
    write_transaction transaction(db);
    user_record user = link_in_transaction(db, login, now);
    transaction.commit();
    return user;
  });
}

std::optional<user_record> sqlite_store::user_by_id(const std::string& id) {
  return with_connection([&](connection& db) { return find_user(db, id); });
}

}  // namespace scan_login::server::sqlite
