#include "store/sqlite/sqlite_rows.hpp"

namespace scan_login::server::sqlite {

void bind_code(query& statement, const code_record& record) {
  statement.bind(1, record.random)
      .bind(2, record.code)
      .bind(3, record.app_id)
      .bind(4, static_cast<int>(record.status))
      .bind(5, record.created_at)
      .bind(6, record.expires_at)
      .bind(7, record.client_ip)
      .bind(8, record.browser)
      .bind(9, record.redirect_uri)
      .bind(10, record.params)
      .bind(11, record.context)
      .bind(12, record.scanner.openid)
      .bind(13, record.scanner.unionid)
      .bind(14, record.scanner.nickname)
      .bind(15, record.scanner.photo)
      .bind(16, record.scan_token)
      .bind(17, record.ticket)
      .bind(18, record.user_id)
      .bind(19, record.refusal);
}

void bind_ticket(query& statement, const ticket_record& record) {
  statement.bind(1, record.ticket)
      .bind(2, record.app_id)
      .bind(3, record.user_id)
      .bind(4, record.redirect_uri)
      .bind(5, record.params)
      .bind(6, record.expires_at)
      .bind(7, record.used);
}

void bind_user(query& statement, const user_record& user) {
  statement.bind(1, user.id)
      .bind(2, user.pool)
      .bind(3, user.phone)
      .bind(4, user.phone_verified)
      .bind(5, user.name)
      .bind(6, user.nickname)
      .bind(7, user.photo)
      .bind(8, user.openid)
      .bind(9, user.unionid)
      .bind(10, user.registered_at)
      .bind(11, user.last_login_at)
      .bind(12, user.logins_count)
      .bind(13, user.blocked_at);
}

void insert_audit(connection& db, const audit_record& entry) {
  query(db,
        "INSERT INTO audit (at, kind, app_id, user_id, actor, ip, detail) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)")
      .bind(1, entry.at)
      .bind(2, entry.kind)
      .bind(3, entry.app_id)
      .bind(4, entry.user_id)
      .bind(5, entry.actor)
      .bind(6, entry.ip)
      .bind(7, entry.detail)
      .run();
}

std::optional<code_record> find_code(connection& db, const char* sql, const std::string& key) {
  query row(db, sql);
  if (!row.bind(1, key).step()) return std::nullopt;
  return read_code(row);
}

std::optional<ticket_record> find_ticket(connection& db, const std::string& ticket) {
  query row(db, ticket_sql);
  if (!row.bind(1, ticket).step()) return std::nullopt;
  return read_ticket(row);
}

std::optional<user_record> find_user(connection& db, const std::string& id) {
  query row(db, user_by_id_sql);
  if (!row.bind(1, id).step()) return std::nullopt;
  return read_user(row);
}

code_record read_code(const query& row) {
  code_record record;
  record.random = row.text(0);
  record.code = row.text(1);
  record.app_id = row.text(2);
  record.status = static_cast<code_status>(row.int64(3));
  record.created_at = row.int64(4);
  record.expires_at = row.int64(5);
  record.client_ip = row.text(6);
  record.browser = row.text(7);
  record.redirect_uri = row.text(8);
  record.params = row.text(9);
  record.context = row.text(10);
  record.scanner.openid = row.text(11);
  record.scanner.unionid = row.text(12);
  record.scanner.nickname = row.text(13);
  record.scanner.photo = row.text(14);
  record.scan_token = row.text(15);
  record.ticket = row.text(16);
  record.user_id = row.text(17);
  record.refusal = row.text(18);
  return record;
}

ticket_record read_ticket(const query& row) {
  ticket_record record;
  record.ticket = row.text(0);
  record.app_id = row.text(1);
  record.user_id = row.text(2);
  record.redirect_uri = row.text(3);
  record.params = row.text(4);
  record.expires_at = row.int64(5);
  record.used = row.boolean(6);
  return record;
}

user_record read_user(const query& row) {
  user_record user;
  user.id = row.text(0);
  user.pool = row.text(1);
  user.phone = row.text(2);
  user.phone_verified = row.boolean(3);
  user.name = row.text(4);
  user.nickname = row.text(5);
  user.photo = row.text(6);
  user.openid = row.text(7);
  user.unionid = row.text(8);
  user.registered_at = row.int64(9);
  user.last_login_at = row.int64(10);
  user.logins_count = row.int64(11);
  user.blocked_at = row.int64(12);
  return user;
}

}  // namespace scan_login::server::sqlite
