// The sqlite store: codes, their transitions, tickets, housekeeping.

#include <limits>
#include <stdexcept>

#include "store/sqlite/sqlite_rows.hpp"
#include "store/sqlite/sqlite_store_impl.hpp"

namespace scan_login::server::sqlite {

namespace {

// The conditional moves: they change the row only when it still is as the
// caller expects, so of racing callers exactly one sees changes() == 1.
constexpr char move_sql[] =
    "UPDATE codes SET status = ?2, refusal = ?6 "
    "WHERE code = ?1 AND status = ?3 AND expires_at > ?4 AND (?5 = '' OR scan_token = ?5)";
constexpr char move_to_scanned_sql[] =
    "UPDATE codes SET status = ?2, scanner_openid = ?6, scanner_unionid = ?7, "
    "scanner_nickname = ?8, scanner_photo = ?9, scan_token = ?10 "
    "WHERE code = ?1 AND status = ?3 AND expires_at > ?4 AND (?5 = '' OR scan_token = ?5)";

// Codes are deleted in batches, each its own short transaction, so a large
// sweep never keeps the codes' writers waiting for long.
constexpr int sweep_batch = 500;

bool is_live(code_status status) {
  return status == code_status::waiting || status == code_status::scanned;
}

}  // namespace

bool sqlite_store::insert_code(const code_record& record) {
  if (record.status == code_status::expired) {
    throw std::invalid_argument("insert_code: `expired` is never stored");
  }
  return with_writer([&](connection& db) {
    query insert(db, insert_code_sql);
    bind_code(insert, record);
    return insert.run() == 1;
  });
}

std::optional<code_record> sqlite_store::code_by_random(const std::string& random) {
  return with_connection([&](connection& db) { return find_code(db, code_by_random_sql, random); });
}

std::optional<code_record> sqlite_store::code_by_code(const std::string& code) {
  return with_connection([&](connection& db) { return find_code(db, code_by_code_sql, code); });
}

transition_result sqlite_store::transition(const transition_request& request,
                                           const std::optional<confirm_effects>& confirm) {
  if (request.to == code_status::expired || request.from == code_status::expired) {
    throw std::invalid_argument("transition: `expired` is never stored; codes expire by time");
  }
  if ((request.to == code_status::confirmed) != confirm.has_value()) {
    throw std::invalid_argument("transition: confirm effects go with a move to confirmed only");
  }
  auto result = with_writer([&](connection& db) {
    write_transaction transaction(db);
    transition_result moved;
    // Only waiting and scanned codes expire; a bound no time reaches lets
    // every other stored status move.
    const std::int64_t live_after =
        is_live(request.from) ? request.now : std::numeric_limits<std::int64_t>::min();
    {
      query move(db, request.to == code_status::scanned ? move_to_scanned_sql : move_sql);
      move.bind(1, request.code)
          .bind(2, static_cast<int>(request.to))
          .bind(3, static_cast<int>(request.from))
          .bind(4, live_after)
          .bind(5, request.expect_scan_token);
      if (request.to == code_status::scanned) {
        const wechat_user scanner = request.scanner.value_or(wechat_user{});
        move.bind(6, scanner.openid)
            .bind(7, scanner.unionid)
            .bind(8, scanner.nickname)
            .bind(9, scanner.photo)
            .bind(10, request.scan_token);
      } else {
        move.bind(6, request.refusal);
      }
      moved.moved = move.run() == 1;
    }
    if (moved.moved && confirm) {
      moved.user = confirm_in_transaction(db, request.code, *confirm, request.now);
      if (moved.user->blocked_at != 0) {
        // A blocked account: the transaction is rolled back (not committed).
        transition_result refused;
        refused.blocked = true;
        refused.user = std::move(moved.user);
        return refused;
      }
    }
    moved.record = find_code(db, code_by_code_sql, request.code);
    transaction.commit();
    return moved;
  });
  if (result.moved && result.record) publish(result.record->random);
  return result;
}

user_record sqlite_store::confirm_in_transaction(connection& db, const std::string& code,
                                                 const confirm_effects& confirm, std::int64_t now) {
  user_record user = link_in_transaction(db, confirm, now);
  if (user.blocked_at != 0) return user;  // the caller rolls back
  ticket_record ticket = confirm.ticket;
  ticket.user_id = user.id;
  query insert(db, insert_ticket_sql);
  bind_ticket(insert, ticket);
  insert.run();
  // A confirmed code lasts as long as its ticket (the sweep's ends_at).
  query(db, "UPDATE codes SET ticket = ?2, user_id = ?3, ends_at = ?4 WHERE code = ?1")
      .bind(1, code)
      .bind(2, ticket.ticket)
      .bind(3, user.id)
      .bind(4, ticket.expires_at)
      .run();
  query(db, "UPDATE users SET last_login_at = ?2, logins_count = logins_count + 1 WHERE id = ?1")
      .bind(1, user.id)
      .bind(2, now)
      .run();
  user.last_login_at = now;
  user.logins_count += 1;
  if (confirm.audit) {
    audit_record entry = *confirm.audit;
    entry.user_id = user.id;
    insert_audit(db, entry);
  }
  return user;
}

std::optional<ticket_record> sqlite_store::ticket(const std::string& ticket) {
  return with_connection([&](connection& db) { return find_ticket(db, ticket); });
}

consume_result sqlite_store::consume_ticket(const std::string& ticket, std::int64_t now) {
  return with_writer([&](connection& db) {
    write_transaction transaction(db);
    consume_result result;
    result.ticket = find_ticket(db, ticket);
    if (!result.ticket) return result;
    if (result.ticket->used) {
      result.outcome = consume_outcome::used;
    } else if (now >= result.ticket->expires_at) {
      result.outcome = consume_outcome::expired;
    } else {
      query(db, "UPDATE tickets SET used = 1 WHERE ticket = ?1").bind(1, ticket).run();
      result.ticket->used = true;
      result.outcome = consume_outcome::consumed;
      result.user = find_user(db, result.ticket->user_id);
    }
    transaction.commit();
    return result;
  });
}

std::size_t sqlite_store::sweep(std::int64_t now, std::int64_t retention_ms) {
  const std::int64_t cutoff = now - retention_ms;
  return with_writer([&](connection& db) {
    std::size_t dropped = 0;
    {
      // A person who scanned and let the code expire: an expired login,
      // logged and dropped in one transaction (so logged once). Few codes.
      write_transaction transaction(db);
      query(db,
            "INSERT INTO audit (at, kind, app_id, actor, ip, detail) "
            "SELECT expires_at, 'login.expired', app_id, 'server', client_ip, "
            "json_object('browser', browser) "
            "FROM codes WHERE ends_at < ?1 AND status = 1 ORDER BY expires_at")
          .bind(1, cutoff)
          .run();
      dropped += static_cast<std::size_t>(
          query(db, "DELETE FROM codes WHERE ends_at < ?1 AND status = 1").bind(1, cutoff).run());
      transaction.commit();
    }
    for (;;) {
      const int batch = query(db,
                              "DELETE FROM codes WHERE random IN "
                              "(SELECT random FROM codes WHERE ends_at < ?1 LIMIT ?2)")
                            .bind(1, cutoff)
                            .bind(2, sweep_batch)
                            .run();
      dropped += static_cast<std::size_t>(batch);
      if (batch < sweep_batch) break;
    }
    for (;;) {
      const int batch = query(db,
                              "DELETE FROM tickets WHERE ticket IN "
                              "(SELECT ticket FROM tickets WHERE expires_at < ?1 LIMIT ?2)")
                            .bind(1, cutoff)
                            .bind(2, sweep_batch)
                            .run();
      dropped += static_cast<std::size_t>(batch);
      if (batch < sweep_batch) break;
    }
    dropped += static_cast<std::size_t>(
        query(db, "DELETE FROM signing_keys WHERE retired_at <> 0 AND verify_until < ?1")
            .bind(1, now)
            .run());
    return dropped;
  });
}

std::map<code_status, std::size_t> sqlite_store::codes_by_status(std::int64_t now) {
  return with_connection([&](connection& db) {
    std::map<code_status, std::size_t> counts{{code_status::expired, 0},
                                              {code_status::waiting, 0},
                                              {code_status::scanned, 0},
                                              {code_status::confirmed, 0},
                                              {code_status::cancelled, 0}};
    // Index-only: codes_status_expires_at covers both columns.
    query rows(db,
               "SELECT status, status IN (0, 1) AND expires_at <= ?1, count(*) FROM codes "
               "GROUP BY 1, 2");
    rows.bind(1, now);
    while (rows.step()) {
      const auto status =
          rows.boolean(1) ? code_status::expired : static_cast<code_status>(rows.int64(0));
      counts[status] += static_cast<std::size_t>(rows.int64(2));
    }
    return counts;
  });
}

}  // namespace scan_login::server::sqlite
