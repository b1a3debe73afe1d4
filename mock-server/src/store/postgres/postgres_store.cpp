// open_postgres_store, and the verbs over settings, apps, signing keys,
// housekeeping and the feed (codes, tickets and accounts: pg_store_codes.cpp).
#include "store/postgres/postgres_store.hpp"

#include "store/base64_text.hpp"
#include "store/postgres/pg_migrations.hpp"
#include "store/postgres/pg_store.hpp"

namespace scan_login::server {

std::unique_ptr<store> open_postgres_store(const postgres_options& options) {
  pg::endpoint ep;
  try {
    ep = pg::parse_endpoint(options.conninfo);
  } catch (const std::invalid_argument& e) {
    throw store_open_error(std::string(e.what()) +
                           ": give a libpq URI such as postgresql://user@host:5432/dbname");
  }
  try {
    auto first = std::make_unique<pg::connection>(ep);
    pg::migrate(*first);
    return std::make_unique<pg::postgres_store>(ep, options.pool_size, std::move(first));
  } catch (const store_unavailable& e) {
    throw store_open_error(std::string(e.what()) +
                           " (start PostgreSQL there, or fix the connection string: host, port, "
                           "user, dbname)");
  }
}

namespace pg {

postgres_store::postgres_store(endpoint ep, int pool_size, std::unique_ptr<connection> first)
    : endpoint_(ep), pool_(ep, pool_size, std::move(first)), feed_(ep) {}

void postgres_store::ping() {
  with_connection([](connection& conn) { conn.exec("SELECT 1"); });
}

std::string postgres_store::setting_or_insert(const std::string& name, const std::string& value) {
  return with_connection([&](connection& conn) {
    // Two statements: the SELECT's fresh snapshot sees a racing winner's row.
    conn.exec("INSERT INTO settings (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING",
              {name, value});
    return conn.exec("SELECT value FROM settings WHERE name = $1", {name}).text(0, 0);
  });
}

void postgres_store::set_setting(const std::string& name, const std::string& value) {
  with_connection([&](connection& conn) {
    conn.exec(
        "INSERT INTO settings (name, value) VALUES ($1, $2)"
        " ON CONFLICT (name) DO UPDATE SET value = excluded.value",
        {name, value});
  });
}

void postgres_store::put_avatar(const avatar_record& avatar) {
  with_connection([&](connection& conn) {
    conn.exec(
        "INSERT INTO avatars (id, content_type, data, created_at) VALUES ($1, $2, $3, $4)"
        " ON CONFLICT (id) DO NOTHING",
        {avatar.id, avatar.content_type, base64_encode(avatar.bytes), param(avatar.created_at)});
  });
}

std::optional<avatar_record> postgres_store::avatar(const std::string& id) {
  return with_connection([&](connection& conn) -> std::optional<avatar_record> {
    const auto res =
        conn.exec("SELECT content_type, data, created_at FROM avatars WHERE id = $1", {id});
    if (res.rows() == 0) return std::nullopt;
    auto bytes = base64_decode(res.text(0, 1));
    if (!bytes) return std::nullopt;
    return avatar_record{id, res.text(0, 0), std::move(*bytes), res.int64(0, 2)};
  });
}

app_config postgres_store::read_app(const result& res, int row) {
  std::string error;
  std::optional<app_config> app;
  try {
    app = app_from_file_json(nlohmann::json::parse(res.text(row, 1)), error);
  } catch (const nlohmann::json::exception& e) {
    error = e.what();
  }
  if (!app) {
    throw store_unavailable("PostgreSQL at " + endpoint_.where + ": the stored app " +
                            res.text(row, 0) + " is unreadable: " + error);
  }
  return *app;
}

std::vector<app_config> postgres_store::apps() {
  return with_connection([&](connection& conn) {
    const auto res = conn.exec("SELECT app_id, doc FROM apps ORDER BY seq");
    std::vector<app_config> apps;
    for (int row = 0; row < res.rows(); ++row) apps.push_back(read_app(res, row));
    return apps;
  });
}

std::optional<app_config> postgres_store::app(const std::string& app_id) {
  return with_connection([&](connection& conn) -> std::optional<app_config> {
    const auto res = conn.exec("SELECT app_id, doc FROM apps WHERE app_id = $1", {app_id});
    if (res.rows() == 0) return std::nullopt;
    return read_app(res, 0);
  });
}

// App writes NOTIFY "app <id>" on the feed's channel in the same statement,
// so the notification goes out exactly when the change commits and every
// process's view forgets the app (pg_feed.hpp).
bool postgres_store::insert_app(const app_config& app) {
  return with_connection([&](connection& conn) {
    return conn.exec(
                   "WITH changed AS (INSERT INTO apps (app_id, doc) VALUES ($1, $2)"
                   " ON CONFLICT DO NOTHING RETURNING app_id)"
                   " SELECT pg_notify($3, $4 || app_id) FROM changed",
                   {app.app_id, app_file_json(app).dump(), feed_channel, app_change_prefix})
               .rows() == 1;
  });
}

bool postgres_store::update_app(const app_config& app) {
  return with_connection([&](connection& conn) {
    return conn.exec(
                   "WITH changed AS (UPDATE apps SET doc = $2 WHERE app_id = $1"
                   " RETURNING app_id) SELECT pg_notify($3, $4 || app_id) FROM changed",
                   {app.app_id, app_file_json(app).dump(), feed_channel, app_change_prefix})
               .rows() == 1;
  });
}

bool postgres_store::delete_app(const std::string& app_id) {
  return with_connection([&](connection& conn) {
    return conn.exec(
                   "WITH changed AS (DELETE FROM apps WHERE app_id = $1 RETURNING app_id)"
                   " SELECT pg_notify($2, $3 || app_id) FROM changed",
                   {app_id, feed_channel, app_change_prefix})
               .rows() == 1;
  });
}

bool postgres_store::seed_apps_once(const std::vector<app_config>& apps) {
  return with_connection([&](connection& conn) {
    transaction tx(conn);
    // The flag's row is the lock: a racing seeder's INSERT waits for this
    // transaction and then finds the row (or takes over if this one failed).
    const auto flagged = conn.exec(
        "INSERT INTO meta (name, value) VALUES ('apps_seeded', '1') ON CONFLICT DO NOTHING");
    if (flagged.affected() == 0) return false;
    for (const auto& app : apps) {
      conn.exec("INSERT INTO apps (app_id, doc) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                {app.app_id, app_file_json(app).dump()});
    }
    tx.commit();
    return true;
  });
}

std::vector<signing_key_record> postgres_store::signing_keys() {
  return with_connection([](connection& conn) {
    const auto res = conn.exec(
        "SELECT kid, private_pem, created_at, retired_at, verify_until FROM signing_keys"
        " ORDER BY retired_at = 0 DESC, retired_at DESC, created_at DESC");
    std::vector<signing_key_record> keys;
    for (int row = 0; row < res.rows(); ++row) {
      keys.push_back({res.text(row, 0), res.text(row, 1), res.int64(row, 2), res.int64(row, 3),
                      res.int64(row, 4)});
    }
    return keys;
  });
}

bool postgres_store::add_signing_key(const signing_key_record& key, bool only_if_none,
                                     std::int64_t previous_verify_ms) {
  const char* const insert =
      "INSERT INTO signing_keys (kid, private_pem, created_at, retired_at, verify_until)"
      " VALUES ($1, $2, $3, 0, 0) ON CONFLICT DO NOTHING";
  const std::vector<std::string> values = {key.kid, key.private_pem, param(key.created_at)};
  return with_connection([&](connection& conn) {
    // The partial unique index on the active key makes racing first starts
    // store one key.
    if (only_if_none) return conn.exec(insert, values).affected() == 1;
    transaction tx(conn);
    // Rotations take turns (advisory lock class 3), so each retires the
    // key the previous one made active.
    conn.exec("SELECT pg_advisory_xact_lock(3, 0)");
    conn.exec(
        "UPDATE signing_keys SET retired_at = $1, verify_until = $1::bigint + $2::bigint WHERE "
        "retired_at = 0",
        {param(key.created_at), param(previous_verify_ms)});
    if (conn.exec(insert, values).affected() != 1) return false;  // the kid exists
    tx.commit();
    return true;
  });
}

bool postgres_store::replace_signing_key_pem(const std::string& kid, const std::string& expected,
                                             const std::string& pem) {
  return with_connection([&](connection& conn) {
    return conn.exec("UPDATE signing_keys SET private_pem = $3 WHERE kid = $1 AND private_pem = $2",
                     {kid, expected, pem})
               .affected() == 1;
  });
}

std::size_t postgres_store::sweep(std::int64_t now, std::int64_t retention_ms) {
  return with_connection([&](connection& conn) {
    const auto before = param(now - retention_ms);
    // A person who scanned and let the code expire: an expired login,
    // logged by the same statement that drops the code (so logged once).
    const auto expired = conn.exec(
        "WITH gone AS (DELETE FROM codes WHERE status = 1 AND expires_at < $1"
        " RETURNING expires_at, app_id, client_ip, browser)"
        " INSERT INTO audit (at, kind, app_id, actor, ip, detail)"
        " SELECT expires_at, 'login.expired', app_id, 'server', client_ip,"
        " json_build_object('browser', browser)::text FROM gone ORDER BY expires_at",
        {before});
    // A code ends at its expiry, or at its ticket's when that is later.
    const auto codes = conn.exec(
        "DELETE FROM codes c WHERE greatest(c.expires_at, coalesce((SELECT t.expires_at FROM"
        " tickets t WHERE t.ticket = c.ticket AND c.ticket <> ''), 0)) < $1",
        {before});
    const auto tickets = conn.exec("DELETE FROM tickets WHERE expires_at < $1", {before});
    const auto keys = conn.exec(
        "DELETE FROM signing_keys WHERE retired_at <> 0 AND verify_until < $1", {param(now)});
    // (The INSERT's row count is the number of scanned codes dropped.)
    return static_cast<std::size_t>(expired.affected() + codes.affected() + tickets.affected() +
                                    keys.affected());
  });
}

std::map<code_status, std::size_t> postgres_store::codes_by_status(std::int64_t now) {
  return with_connection([&](connection& conn) {
    const auto res = conn.exec(
        "SELECT CASE WHEN status IN (0, 1) AND expires_at <= $1 THEN -1 ELSE status END,"
        " count(*) FROM codes GROUP BY 1",
        {param(now)});
    std::map<code_status, std::size_t> counts;
    for (int row = 0; row < res.rows(); ++row) {
      counts[static_cast<code_status>(res.int64(row, 0))] =
          static_cast<std::size_t>(res.int64(row, 1));
    }
    return counts;
  });
}

void postgres_store::set_feed_listener(status_feed_listener* listener) {
  // Changes committed before this call still go to the previous listener
  // (or nowhere), never to the new one: swap after a marker NOTIFY sent now
  // came back through the feed. A database that is down cannot delay it
  // much; the feed resyncs the new listener when it reconnects.
  const std::string marker = feed_.new_marker();
  try {
    with_connection([&](connection& conn) {
      conn.exec("SELECT pg_notify($1, $2)", {feed_channel, marker});
    });
    feed_.wait_for_marker(marker, std::chrono::seconds(2));
  } catch (const store_unavailable&) {
    feed_.wait_for_marker(marker, std::chrono::milliseconds(0));  // forgets it
  }
  feed_.set_listener(listener);
}

}  // namespace pg
}  // namespace scan_login::server
