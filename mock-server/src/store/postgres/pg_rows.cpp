#include "store/postgres/pg_rows.hpp"

namespace scan_login::server::pg {

code_record read_code(const result& res, int row) {
  code_record code;
  code.random = res.text(row, 0);
  code.code = res.text(row, 1);
  code.app_id = res.text(row, 2);
  code.status = static_cast<code_status>(res.int64(row, 3));
  code.created_at = res.int64(row, 4);
  code.expires_at = res.int64(row, 5);
  code.client_ip = res.text(row, 6);
  code.browser = res.text(row, 7);
  code.redirect_uri = res.text(row, 8);
  code.params = res.text(row, 9);
  code.context = res.text(row, 10);
  code.scanner = {res.text(row, 11), res.text(row, 12), res.text(row, 13), res.text(row, 14)};
  code.scan_token = res.text(row, 15);
  code.ticket = res.text(row, 16);
  code.user_id = res.text(row, 17);
  code.refusal = res.text(row, 18);
  return code;
}

ticket_record read_ticket(const result& res, int row) {
  return {res.text(row, 0), res.text(row, 1),  res.text(row, 2),   res.text(row, 3),
          res.text(row, 4), res.int64(row, 5), res.boolean(row, 6)};
}

user_record read_user(const result& res, int row) {
  return {res.text(row, 0),  res.text(row, 1),  res.text(row, 2),   res.boolean(row, 3),
          res.text(row, 4),  res.text(row, 5),  res.text(row, 6),   res.text(row, 7),
          res.text(row, 8),  res.int64(row, 9), res.int64(row, 10), res.int64(row, 11),
          res.int64(row, 12)};
}

void insert_audit(connection& conn, const audit_record& entry) {
  conn.exec(
      "INSERT INTO audit (at, kind, app_id, user_id, actor, ip, detail)"
      " VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {param(entry.at), entry.kind, entry.app_id, entry.user_id, entry.actor, entry.ip,
       entry.detail});
}

std::vector<std::string> code_params(const code_record& code) {
  return {code.random,
          code.code,
          code.app_id,
          param(static_cast<std::int64_t>(code.status)),
          param(code.created_at),
          param(code.expires_at),
          code.client_ip,
          code.browser,
          code.redirect_uri,
          code.params,
          code.context,
          code.scanner.openid,
          code.scanner.unionid,
          code.scanner.nickname,
          code.scanner.photo,
          code.scan_token,
          code.ticket,
          code.user_id,
          code.refusal};
}

std::vector<std::string> ticket_params(const ticket_record& ticket) {
  return {ticket.ticket,       ticket.app_id, ticket.user_id,
          ticket.redirect_uri, ticket.params, param(ticket.expires_at),
          param(ticket.used)};
}

std::vector<std::string> user_params(const user_record& user) {
  return {user.id,
          user.pool,
          user.phone,
          param(user.phone_verified),
          user.name,
          user.nickname,
          user.photo,
          user.openid,
          user.unionid,
          param(user.registered_at),
          param(user.last_login_at),
          param(user.logins_count),
          param(user.blocked_at)};
}

}  // namespace scan_login::server::pg
