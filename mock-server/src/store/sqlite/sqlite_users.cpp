// The sqlite store: what operators do with accounts (search, block, delete)
// and the audit log.

#include "store/sqlite/sqlite_rows.hpp"
#include "store/sqlite/sqlite_store_impl.hpp"

namespace scan_login::server::sqlite {

namespace {

// The parameters of find_users_sql and count_users_sql (sqlite_rows.hpp).
void bind_user_query(query& statement, const user_query& search) {
  statement.bind(1, search.text)
      .bind(2, search.pool)
      .bind(3, search.blocked ? (*search.blocked ? 1 : 0) : -1)
      .bind(4, search.registered_from)
      .bind(5, search.registered_until);
}

audit_record read_audit(const query& row) {
  audit_record entry;
  entry.id = row.int64(0);
  entry.at = row.int64(1);
  entry.kind = row.text(2);
  entry.app_id = row.text(3);
  entry.user_id = row.text(4);
  entry.actor = row.text(5);
  entry.ip = row.text(6);
  entry.detail = row.text(7);
  return entry;
}

constexpr int audit_sweep_batch = 1000;

}  // namespace

std::optional<user_record> sqlite_store::user_by_identity(const std::string& pool,
                                                          const std::string& identity) {
  return with_connection([&](connection& db) -> std::optional<user_record> {
    query row(db, user_by_identity_sql);
    if (!row.bind(1, pool).bind(2, identity).step()) return std::nullopt;
    return read_user(row);
  });
}

user_page sqlite_store::find_users(const user_query& search) {
  return with_connection([&](connection& db) {
    user_page page;
    {
      query count(db, count_users_sql);
      bind_user_query(count, search);
      count.step();
      page.total = static_cast<std::size_t>(count.int64(0));
    }
    query rows(db, find_users_sql);
    bind_user_query(rows, search);
    rows.bind(6, static_cast<std::int64_t>(search.limit))
        .bind(7, static_cast<std::int64_t>(search.offset));
    while (rows.step()) page.users.push_back(read_user(rows));
    return page;
  });
}

std::vector<identity_record> sqlite_store::identities_of(const std::string& user_id) {
  return with_connection([&](connection& db) {
    std::vector<identity_record> found;
    query rows(db,
               "SELECT pool, identity, user_id FROM identities WHERE user_id = ?1 "
               "ORDER BY identity");
    rows.bind(1, user_id);
    while (rows.step()) found.push_back({rows.text(0), rows.text(1), rows.text(2)});
    return found;
  });
}

std::optional<user_record> sqlite_store::set_user_blocked(const std::string& id,
                                                          std::int64_t blocked_at) {
  return with_writer([&](connection& db) -> std::optional<user_record> {
    write_transaction transaction(db);
    if (query(db, "UPDATE users SET blocked_at = ?2 WHERE id = ?1")
            .bind(1, id)
            .bind(2, blocked_at)
            .run() != 1) {
      return std::nullopt;
    }
    auto user = find_user(db, id);
    transaction.commit();
    return user;
  });
}

bool sqlite_store::delete_user(const std::string& id) {
  return with_writer([&](connection& db) {
    write_transaction transaction(db);
    const auto user = find_user(db, id);
    if (!user) return false;
    query(db, "DELETE FROM identities WHERE user_id = ?1").bind(1, id).run();
    query(db, "DELETE FROM tickets WHERE user_id = ?1").bind(1, id).run();
    query(db,
          "UPDATE codes SET scanner_openid = '', scanner_unionid = '', scanner_nickname = '', "
          "scanner_photo = '', user_id = '' WHERE user_id = ?1")
        .bind(1, id)
        .run();
    const auto avatar = avatar_id_in_photo(user->photo);
    query(db, "DELETE FROM users WHERE id = ?1").bind(1, id).run();
    if (!avatar.empty()) {
      query(db,
            "DELETE FROM avatars WHERE id = ?1 AND NOT EXISTS "
            "(SELECT 1 FROM users WHERE photo = ?2)")
          .bind(1, avatar)
          .bind(2, user->photo)
          .run();
    }
    transaction.commit();
    return true;
  });
}

void sqlite_store::append_audit(const audit_record& entry) {
  with_writer([&](connection& db) { insert_audit(db, entry); });
}

std::vector<audit_record> sqlite_store::audit(const audit_query& search) {
  return with_connection([&](connection& db) {
    std::vector<audit_record> found;
    query rows(db,
               "SELECT id, at, kind, app_id, user_id, actor, ip, detail FROM audit "
               "WHERE (?1 = '' OR app_id = ?1) AND (?2 = '' OR user_id = ?2) "
               "AND (?3 = '' OR kind = ?3 OR (substr(?3, -1) = '.' AND instr(kind, ?3) = 1)) "
               "AND (?4 = 0 OR id < ?4) ORDER BY id DESC LIMIT ?5");
    rows.bind(1, search.app_id)
        .bind(2, search.user_id)
        .bind(3, search.kind)
        .bind(4, search.before_id)
        .bind(5, static_cast<std::int64_t>(search.limit));
    while (rows.step()) found.push_back(read_audit(rows));
    return found;
  });
}

std::size_t sqlite_store::sweep_audit(std::int64_t before) {
  return with_writer([&](connection& db) {
    std::size_t dropped = 0;
    for (;;) {
      const int batch = query(db,
                              "DELETE FROM audit WHERE id IN "
                              "(SELECT id FROM audit WHERE at < ?1 LIMIT ?2)")
                            .bind(1, before)
                            .bind(2, audit_sweep_batch)
                            .run();
      dropped += static_cast<std::size_t>(batch);
      if (batch < audit_sweep_batch) break;
    }
    return dropped;
  });
}

}  // namespace scan_login::server::sqlite
