#pragma once
// The SQL that reads and writes whole records, and their column orders, in
// one place. Each statement is an inline constant: the connection caches
// prepared statements by its address.

#include <optional>
#include <string>

#include "store/records.hpp"
#include "store/sqlite/sqlite_connection.hpp"

namespace scan_login::server::sqlite {

#define SCAN_LOGIN_CODE_COLUMNS                                                              \
  "random, code, app_id, status, created_at, expires_at, client_ip, browser, redirect_uri, " \
  "params, context, scanner_openid, scanner_unionid, scanner_nickname, scanner_photo, "      \
  "scan_token, ticket, user_id, refusal"
#define SCAN_LOGIN_TICKET_COLUMNS "ticket, app_id, user_id, redirect_uri, params, expires_at, used"
#define SCAN_LOGIN_USER_COLUMNS                                                              \
  "id, pool, phone, phone_verified, name, nickname, photo, openid, unionid, registered_at, " \
  "last_login_at, logins_count, blocked_at"

inline constexpr char insert_code_sql[] =
    "INSERT INTO codes (" SCAN_LOGIN_CODE_COLUMNS
    ", ends_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, "
    "?17, ?18, ?19, ?6) ON CONFLICT DO NOTHING";
inline constexpr char code_by_random_sql[] =
    "SELECT " SCAN_LOGIN_CODE_COLUMNS " FROM codes WHERE random = ?1";
inline constexpr char code_by_code_sql[] =
    "SELECT " SCAN_LOGIN_CODE_COLUMNS " FROM codes WHERE code = ?1";

inline constexpr char insert_ticket_sql[] =
    "INSERT INTO tickets (" SCAN_LOGIN_TICKET_COLUMNS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
inline constexpr char ticket_sql[] =
    "SELECT " SCAN_LOGIN_TICKET_COLUMNS " FROM tickets WHERE ticket = ?1";

inline constexpr char insert_user_sql[] =
    "INSERT INTO users (" SCAN_LOGIN_USER_COLUMNS
    ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)";
inline constexpr char update_user_sql[] =
    "UPDATE users SET pool = ?2, phone = ?3, phone_verified = ?4, name = ?5, nickname = ?6, "
    "photo = ?7, openid = ?8, unionid = ?9, registered_at = ?10, last_login_at = ?11, "
    "logins_count = ?12, blocked_at = ?13 WHERE id = ?1";
inline constexpr char user_by_id_sql[] =
    "SELECT " SCAN_LOGIN_USER_COLUMNS " FROM users WHERE id = ?1";
inline constexpr char user_by_phone_sql[] =
    "SELECT " SCAN_LOGIN_USER_COLUMNS " FROM users WHERE pool = ?1 AND phone = ?2 AND phone <> ''";
inline constexpr char user_by_identity_sql[] =
    "SELECT " SCAN_LOGIN_USER_COLUMNS
    " FROM users WHERE id = (SELECT user_id FROM identities WHERE pool = ?1 AND identity = ?2)";

// The accounts a user_query finds: ?1 text, ?2 pool, ?3 blocked (-1 both,
// 0 no, 1 yes), ?4/?5 the registration range (0 = open); ?6 limit, ?7 offset.
#define SCAN_LOGIN_USER_MATCH                                                               \
  " WHERE (?1 = '' OR id = ?1 OR instr(id, ?1) = 1 OR instr(phone, ?1) > 0 OR openid = ?1 " \
  "OR unionid = ?1 OR instr(name, ?1) > 0 OR instr(nickname, ?1) > 0) "                     \
  "AND (?2 = '' OR pool = ?2) AND (?3 < 0 OR (blocked_at <> 0) = (?3 = 1)) "                \
  "AND (?4 = 0 OR registered_at >= ?4) AND (?5 = 0 OR registered_at < ?5)"
inline constexpr char find_users_sql[] =
    "SELECT " SCAN_LOGIN_USER_COLUMNS " FROM users" SCAN_LOGIN_USER_MATCH
    " ORDER BY registered_at DESC, id LIMIT ?6 OFFSET ?7";
inline constexpr char count_users_sql[] = "SELECT count(*) FROM users" SCAN_LOGIN_USER_MATCH;
#undef SCAN_LOGIN_USER_MATCH

#undef SCAN_LOGIN_CODE_COLUMNS
#undef SCAN_LOGIN_TICKET_COLUMNS
#undef SCAN_LOGIN_USER_COLUMNS

// Binds a whole record to a statement above, in its column order.
void bind_code(query& statement, const code_record& record);
void bind_ticket(query& statement, const ticket_record& record);
void bind_user(query& statement, const user_record& user);

// Inserts an audit entry (its id is assigned by the database).
void insert_audit(connection& db, const audit_record& entry);

// The record a SELECT above finds for `key` (its ?1), or none.
std::optional<code_record> find_code(connection& db, const char* sql, const std::string& key);
std::optional<ticket_record> find_ticket(connection& db, const std::string& ticket);
std::optional<user_record> find_user(connection& db, const std::string& id);

// Reads the row a SELECT above stepped onto.
code_record read_code(const query& row);
ticket_record read_ticket(const query& row);
user_record read_user(const query& row);

}  // namespace scan_login::server::sqlite
