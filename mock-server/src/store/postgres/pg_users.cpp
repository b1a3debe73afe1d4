// The postgres store: what operators do with accounts (search, block,
// delete) and the audit log.

#include "store/postgres/pg_rows.hpp"
#include "store/postgres/pg_store.hpp"

namespace scan_login::server::pg {
namespace {

// The accounts a user_query finds: $1 text, $2 pool, $3 blocked (-1 both,
// 0 no, 1 yes), $4/$5 the registration range (0 = open).
#define SCAN_LOGIN_PG_USER_MATCH                                                         \
  " WHERE ($1 = '' OR id = $1 OR strpos(id, $1) = 1 OR strpos(phone, $1) > 0"            \
  " OR openid = $1 OR unionid = $1 OR strpos(name, $1) > 0 OR strpos(nickname, $1) > 0)" \
  " AND ($2 = '' OR pool = $2) AND ($3::int < 0 OR (blocked_at <> 0) = ($3::int = 1))"   \
  " AND ($4::bigint = 0 OR registered_at >= $4::bigint)"                                 \
  " AND ($5::bigint = 0 OR registered_at < $5::bigint)"

const char* const find_users_sql =
    "SELECT " SCAN_LOGIN_PG_USER_COLUMNS " FROM users" SCAN_LOGIN_PG_USER_MATCH
    " ORDER BY registered_at DESC, id LIMIT $6 OFFSET $7";
const char* const count_users_sql = "SELECT count(*) FROM users" SCAN_LOGIN_PG_USER_MATCH;

#undef SCAN_LOGIN_PG_USER_MATCH

std::vector<std::string> user_query_params(const user_query& search) {
  return {search.text, search.pool,
          param(static_cast<std::int64_t>(search.blocked ? (*search.blocked ? 1 : 0) : -1)),
          param(search.registered_from), param(search.registered_until)};
}

}  // namespace

std::optional<user_record> postgres_store::user_by_identity(const std::string& pool,
                                                            const std::string& identity) {
  return with_connection([&](connection& conn) -> std::optional<user_record> {
    const auto res =
        conn.exec("SELECT " SCAN_LOGIN_PG_USER_COLUMNS
                  " FROM users WHERE id ="
                  " (SELECT user_id FROM identities WHERE pool = $1 AND identity = $2)",
                  {pool, identity});
    if (res.rows() == 0) return std::nullopt;
    return read_user(res, 0);
  });
}

user_page postgres_store::find_users(const user_query& search) {
  return with_connection([&](connection& conn) {
    user_page page;
    auto params = user_query_params(search);
    page.total = static_cast<std::size_t>(conn.exec(count_users_sql, params).int64(0, 0));
    params.push_back(param(static_cast<std::int64_t>(search.limit)));
    params.push_back(param(static_cast<std::int64_t>(search.offset)));
    const auto res = conn.exec(find_users_sql, params);
    for (int row = 0; row < res.rows(); ++row) page.users.push_back(read_user(res, row));
    return page;
  });
}

std::vector<identity_record> postgres_store::identities_of(const std::string& user_id) {
  return with_connection([&](connection& conn) {
    const auto res = conn.exec(
        "SELECT pool, identity, user_id FROM identities WHERE user_id = $1 ORDER BY identity",
        {user_id});
    std::vector<identity_record> found;
    for (int row = 0; row < res.rows(); ++row) {
      found.push_back({res.text(row, 0), res.text(row, 1), res.text(row, 2)});
    }
    return found;
  });
}

std::optional<user_record> postgres_store::set_user_blocked(const std::string& id,
                                                            std::int64_t blocked_at) {
  return with_connection([&](connection& conn) -> std::optional<user_record> {
    const auto res = conn.exec(
        "UPDATE users SET blocked_at = $2 WHERE id = $1 RETURNING " SCAN_LOGIN_PG_USER_COLUMNS,
        {id, param(blocked_at)});
    if (res.rows() == 0) return std::nullopt;
    return read_user(res, 0);
  });
}

bool postgres_store::delete_user(const std::string& id) {
  return with_connection([&](connection& conn) {
    transaction tx(conn);
    const auto found = conn.exec(
        "SELECT " SCAN_LOGIN_PG_USER_COLUMNS " FROM users WHERE id = $1 FOR UPDATE", {id});
    if (found.rows() == 0) return false;
    const auto user = read_user(found, 0);
    conn.exec("DELETE FROM identities WHERE user_id = $1", {id});
    conn.exec("DELETE FROM tickets WHERE user_id = $1", {id});
    conn.exec(
        "UPDATE codes SET scanner_openid = '', scanner_unionid = '', scanner_nickname = '',"
        " scanner_photo = '', user_id = '' WHERE user_id = $1",
        {id});
    conn.exec("DELETE FROM users WHERE id = $1", {id});
    const auto avatar = avatar_id_in_photo(user.photo);
    if (!avatar.empty()) {
      conn.exec(
          "DELETE FROM avatars WHERE id = $1 AND NOT EXISTS (SELECT 1 FROM users WHERE photo = $2)",
          {avatar, user.photo});
    }
    tx.commit();
    return true;
  });
}

void postgres_store::append_audit(const audit_record& entry) {
  with_connection([&](connection& conn) { insert_audit(conn, entry); });
}

std::vector<audit_record> postgres_store::audit(const audit_query& search) {
  return with_connection([&](connection& conn) {
    const auto res = conn.exec(
        "SELECT id, at, kind, app_id, user_id, actor, ip, detail FROM audit"
        " WHERE ($1 = '' OR app_id = $1) AND ($2 = '' OR user_id = $2)"
        " AND ($3 = '' OR kind = $3 OR (right($3, 1) = '.' AND strpos(kind, $3) = 1))"
        " AND ($4::bigint = 0 OR id < $4::bigint) ORDER BY id DESC LIMIT $5",
        {search.app_id, search.user_id, search.kind, param(search.before_id),
         param(static_cast<std::int64_t>(search.limit))});
    std::vector<audit_record> found;
    for (int row = 0; row < res.rows(); ++row) {
      audit_record entry;
      entry.id = res.int64(row, 0);
      entry.at = res.int64(row, 1);
      entry.kind = res.text(row, 2);
      entry.app_id = res.text(row, 3);
      entry.user_id = res.text(row, 4);
      entry.actor = res.text(row, 5);
      entry.ip = res.text(row, 6);
      entry.detail = res.text(row, 7);
      found.push_back(std::move(entry));
    }
    return found;
  });
}

std::size_t postgres_store::sweep_audit(std::int64_t before) {
  return with_connection([&](connection& conn) {
    return static_cast<std::size_t>(
        conn.exec("DELETE FROM audit WHERE at < $1", {param(before)}).affected());
  });
}

}  // namespace scan_login::server::pg
