#pragma once
// Records to and from rows: the column lists every SELECT/RETURNING of a
// record uses, in the order the readers below expect.

#include <string>
#include <vector>

#include "store/postgres/pg_connection.hpp"
#include "store/records.hpp"

namespace scan_login::server::pg {

#define SCAN_LOGIN_PG_CODE_COLUMNS                                                           \
  "random, code, app_id, status, created_at, expires_at, client_ip, browser, redirect_uri, " \
  "params, context, scanner_openid, scanner_unionid, scanner_nickname, scanner_photo, "      \
  "scan_token, ticket, user_id, refusal"
#define SCAN_LOGIN_PG_TICKET_COLUMNS \
  "ticket, app_id, user_id, redirect_uri, params, expires_at, used"
#define SCAN_LOGIN_PG_USER_COLUMNS                                                           \
  "id, pool, phone, phone_verified, name, nickname, photo, openid, unionid, registered_at, " \
  "last_login_at, logins_count, blocked_at"

code_record read_code(const result& res, int row);
ticket_record read_ticket(const result& res, int row);
user_record read_user(const result& res, int row);

// Inserts an audit entry (its id is assigned by the database).
void insert_audit(connection& conn, const audit_record& entry);

// Parameters $1.. in the column order above.
std::vector<std::string> code_params(const code_record& code);
std::vector<std::string> ticket_params(const ticket_record& ticket);
std::vector<std::string> user_params(const user_record& user);

}  // namespace scan_login::server::pg
