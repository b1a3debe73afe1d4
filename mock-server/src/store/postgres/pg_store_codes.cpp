// The verbs over codes, tickets and accounts: the atomic moves.
#include <iterator>
#include <set>
#include <stdexcept>

#include "store/postgres/pg_accounts.hpp"
#include "store/postgres/pg_rows.hpp"
#include "store/postgres/pg_store.hpp"

namespace scan_login::server::pg {
namespace {

// The conditional move: one UPDATE that finds the row only in the expected
// status, unexpired, with the expected scan token; it locks the row, so of
// racing moves exactly one finds it. The NOTIFY goes out on commit.
const char* const move_code =
    "WITH moved AS ("
    " UPDATE codes SET status = $4,"
    "  scanner_openid = CASE WHEN $5 THEN $6 ELSE scanner_openid END,"
    "  scanner_unionid = CASE WHEN $5 THEN $7 ELSE scanner_unionid END,"
    "  scanner_nickname = CASE WHEN $5 THEN $8 ELSE scanner_nickname END,"
    "  scanner_photo = CASE WHEN $5 THEN $9 ELSE scanner_photo END,"
    "  scan_token = CASE WHEN $10 = '' THEN scan_token ELSE $10 END,"
    "  refusal = $13"
    " WHERE code = $1 AND status = $2 AND (status NOT IN (0, 1) OR expires_at > $3)"
    "  AND ($11 = '' OR scan_token = $11)"
    " RETURNING " SCAN_LOGIN_PG_CODE_COLUMNS
    ") SELECT moved.*, pg_notify($12, moved.random) FROM moved";

std::vector<std::string> move_params(const transition_request& request) {
  const wechat_user scanner = request.scanner.value_or(wechat_user{});
  return {request.code,
          param(static_cast<std::int64_t>(request.from)),
          param(request.now),
          param(static_cast<std::int64_t>(request.to)),
          param(request.scanner.has_value()),
          scanner.openid,
          scanner.unionid,
          scanner.nickname,
          scanner.photo,
          request.scan_token,
          request.expect_scan_token,
          feed_channel,
          request.refusal};
}

std::optional<user_record> find_user(connection& conn, const std::string& id) {
  const auto res =
      conn.exec("SELECT " SCAN_LOGIN_PG_USER_COLUMNS " FROM users WHERE id = $1", {id});
  if (res.rows() == 0) return std::nullopt;
  return read_user(res, 0);
}

std::optional<code_record> find_code(connection& conn, const char* sql, const std::string& key) {
  const auto res = conn.exec(sql, {key});
  if (res.rows() == 0) return std::nullopt;
  return read_code(res, 0);
}

const char* const code_by_code_sql =
    "SELECT " SCAN_LOGIN_PG_CODE_COLUMNS " FROM codes WHERE code = $1";

}  // namespace

bool postgres_store::insert_code(const code_record& record) {
  refuse_if_memory_only();  // before joining a batch another thread may run
  return inserts_.submit(record, [this](const std::vector<const code_record*>& batch) {
    return with_connection([&](connection& conn) { return insert_codes(conn, batch); });
  });
}

std::vector<bool> postgres_store::insert_codes(connection& conn,
                                               const std::vector<const code_record*>& batch) {
  // One multi-row INSERT (one statement, one round trip) for the batch. An
  // item whose poll key or scan code an earlier item of the batch has lost
  // to it, as if inserted one at a time after it; so RETURNING random names
  // exactly the items that went in.
  std::vector<bool> inserted(batch.size(), false);
  std::vector<std::size_t> sent;
  std::set<std::string> randoms, codes;
  std::string sql = "INSERT INTO codes (" SCAN_LOGIN_PG_CODE_COLUMNS ") VALUES ";
  std::vector<std::string> params;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    if (!randoms.insert(batch[i]->random).second || !codes.insert(batch[i]->code).second) continue;
    auto row = code_params(*batch[i]);
    sql += sent.empty() ? "(" : ", (";
    for (std::size_t column = 0; column < row.size(); ++column) {
      sql += (column ? ", $" : "$") + std::to_string(params.size() + column + 1);
    }
    sql += ")";
    params.insert(params.end(), std::make_move_iterator(row.begin()),
                  std::make_move_iterator(row.end()));
    sent.push_back(i);
  }
  sql += " ON CONFLICT DO NOTHING RETURNING random";
  const auto went_in = conn.exec(sql.c_str(), params);
  std::set<std::string> stored;
  for (int row = 0; row < went_in.rows(); ++row) stored.insert(went_in.text(row, 0));
  for (const std::size_t i : sent) inserted[i] = stored.count(batch[i]->random) != 0;
  return inserted;
}

std::optional<code_record> postgres_store::code_by_random(const std::string& random) {
  return with_connection([&](connection& conn) {
    return find_code(conn, "SELECT " SCAN_LOGIN_PG_CODE_COLUMNS " FROM codes WHERE random = $1",
                     random);
  });
}

std::optional<code_record> postgres_store::code_by_code(const std::string& code) {
  return with_connection([&](connection& conn) { return find_code(conn, code_by_code_sql, code); });
}

transition_result postgres_store::transition(const transition_request& request,
                                             const std::optional<confirm_effects>& confirm) {
  if ((request.to == code_status::confirmed) != confirm.has_value()) {
    throw std::invalid_argument("store::transition: confirm effects go with a move to confirmed");
  }
  return with_connection([&](connection& conn) {
    transition_result out;
    if (!confirm) {
      const auto moved = conn.exec(move_code, move_params(request));
      out.moved = moved.rows() == 1;
      out.record =
          out.moved ? read_code(moved, 0) : find_code(conn, code_by_code_sql, request.code);
      return out;
    }
    // A confirm: the move, the account rule, the ticket, the code's ticket
    // and user, the login count: one transaction, all or nothing. A blocked
    // account rolls it all back.
    out.moved = run_account_transaction([&] {
      out.blocked = false;
      transaction tx(conn);
      const auto moved = conn.exec(move_code, move_params(request));
      if (moved.rows() == 0) return false;
      account_rows_tx rows(conn);
      rows.lock_for(*confirm);
      const user_record user = apply_account_rule(rows, *confirm, request.now);
      if (user.blocked_at != 0) {
        out.blocked = true;
        out.user = user;
        return false;  // tx goes without commit: rolled back
      }
      ticket_record ticket = confirm->ticket;
      ticket.user_id = user.id;
      conn.exec("INSERT INTO tickets (" SCAN_LOGIN_PG_TICKET_COLUMNS
                ") VALUES ($1, $2, $3, $4, $5, $6, $7)",
                ticket_params(ticket));
      const auto code = conn.exec(
          "UPDATE codes SET ticket = $2, user_id = $3 WHERE code = $1"
          " RETURNING " SCAN_LOGIN_PG_CODE_COLUMNS,
          {request.code, ticket.ticket, user.id});
      const auto counted = conn.exec(
          "UPDATE users SET last_login_at = $2, logins_count = logins_count + 1 WHERE id = $1"
          " RETURNING " SCAN_LOGIN_PG_USER_COLUMNS,
          {user.id, param(request.now)});
      if (confirm->audit) {
        audit_record entry = *confirm->audit;
        entry.user_id = user.id;
        insert_audit(conn, entry);
      }
      tx.commit();
      out.record = read_code(code, 0);
      out.user = read_user(counted, 0);
      return true;
    });
    if (!out.moved && !out.blocked) out.record = find_code(conn, code_by_code_sql, request.code);
    return out;
  });
}

std::optional<ticket_record> postgres_store::ticket(const std::string& ticket) {
  return with_connection([&](connection& conn) -> std::optional<ticket_record> {
    const auto res = conn.exec(
        "SELECT " SCAN_LOGIN_PG_TICKET_COLUMNS " FROM tickets WHERE ticket = $1", {ticket});
    if (res.rows() == 0) return std::nullopt;
    return read_ticket(res, 0);
  });
}

consume_result postgres_store::consume_ticket(const std::string& ticket, std::int64_t now) {
  return with_connection([&](connection& conn) {
    // One transaction: a connection lost before COMMIT leaves the ticket
    // unused, so the caller's 503 is true and a retry can still exchange it.
    transaction tx(conn);
    const auto used = conn.exec(
        "UPDATE tickets SET used = true WHERE ticket = $1 AND NOT used AND expires_at > $2"
        " RETURNING " SCAN_LOGIN_PG_TICKET_COLUMNS,
        {ticket, param(now)});
    if (used.rows() == 1) {
      consume_result result{consume_outcome::consumed, read_ticket(used, 0), std::nullopt};
      result.user = find_user(conn, result.ticket->user_id);
      tx.commit();
      return result;
    }
    // Not consumed: tell why from the row as it is now.
    const auto found = conn.exec(
        "SELECT " SCAN_LOGIN_PG_TICKET_COLUMNS " FROM tickets WHERE ticket = $1", {ticket});
    tx.commit();
    if (found.rows() == 0)
      return consume_result{consume_outcome::unknown, std::nullopt, std::nullopt};
    const ticket_record record = read_ticket(found, 0);
    return consume_result{record.used ? consume_outcome::used : consume_outcome::expired, record,
                          std::nullopt};
  });
}

user_record postgres_store::link_account(const confirm_effects& login, std::int64_t now) {
  return with_connection([&](connection& conn) {
    return run_account_transaction([&] {
      transaction tx(conn);
      account_rows_tx rows(conn);
      rows.lock_for(login);
      const user_record user = apply_account_rule(rows, login, now);
      tx.commit();
      return user;
    });
  });
}

std::optional<user_record> postgres_store::user_by_id(const std::string& id) {
  return with_connection([&](connection& conn) { return find_user(conn, id); });
}

}  // namespace scan_login::server::pg
