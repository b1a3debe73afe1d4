// The sqlite store: opening the file, settings, apps, signing keys, feed.

#include "store/sqlite/sqlite_store.hpp"

#include <mutex>

#include "store/base64_text.hpp"
#include "store/sqlite/sqlite_migrations.hpp"
#include "store/sqlite/sqlite_private_files.hpp"
#include "store/sqlite/sqlite_store_impl.hpp"

namespace scan_login::server {

namespace {

using sqlite::connection;
using sqlite::query;
using sqlite::write_transaction;

// Opens the first connection and brings the file to this binary's schema,
// refusing (before writing anything) a file that is not a database or whose
// schema is newer.
std::unique_ptr<connection> open_first(const std::string& file) {
  std::unique_ptr<connection> db;
  int version = 0;
  try {
    db = std::make_unique<connection>(file);
    version = sqlite::schema_version(*db);
  } catch (const sqlite::sqlite_error& error) {
    if ((error.code() & 0xff) != SQLITE_NOTADB) throw;
    throw store_open_error(file +
                           " is not a SQLite database; it was left as it is: move it away or "
                           "choose another path for the database");
  }
  if (version > sqlite::known_schema_version()) throw sqlite::newer_schema_error(file, version);
  {
    query mode(*db, "PRAGMA journal_mode = WAL");
    if (!mode.step() || mode.text(0) != "wal") {
      throw store_open_error(file +
                             ": cannot switch to WAL mode (the file system may not support "
                             "shared memory); choose a local folder for the database");
    }
  }
  sqlite::migrate(*db);
  return db;
}

}  // namespace

std::unique_ptr<store> open_sqlite_store(const sqlite_options& options) {
  const std::string file = options.file.string();
  if (file.empty()) throw store_open_error("no database file given");
  // The pool lends each connection to one thread at a time, which needs a
  // libsqlite3 built thread-safe (Debian's is).
  if (sqlite3_threadsafe() == 0) {
    throw store_open_error("this libsqlite3 was built without thread support; install one with it");
  }
  const auto tell = [&options](const std::vector<std::string>& lines) {
    if (options.notice) {
      for (const auto& line : lines) options.notice(line);
    }
  };
  try {
    sqlite::ensure_private_folder(options.file.parent_path());
    auto lock = std::make_unique<sqlite::file_lock>(options.file);
    // SQLite gives -wal and -shm the database's mode: a new store's are 0600.
    sqlite::create_private_file(options.file);
    std::vector<std::unique_ptr<connection>> connections;
    connections.push_back(open_first(file));
    tell(sqlite::tighten_store_files(options.file));
    for (int i = 1; i < options.pool_size; ++i) {
      connections.push_back(std::make_unique<connection>(file));
    }
    return std::make_unique<sqlite::sqlite_store>(file, std::move(lock), std::move(connections));
  } catch (const store_open_error&) {
    throw;
  } catch (const std::exception& error) {
    throw store_open_error(std::string("cannot open the database: ") + error.what());
  }
}

namespace sqlite {

sqlite_store::sqlite_store(std::string file, std::unique_ptr<file_lock> lock,
                           std::vector<std::unique_ptr<connection>> connections)
    : file_(std::move(file)), lock_(std::move(lock)), pool_(std::move(connections)) {}

void sqlite_store::ping() {
  with_connection([](connection& db) { query(db, "SELECT count(*) FROM meta").step(); });
}

std::string sqlite_store::setting_or_insert(const std::string& name, const std::string& value) {
  return with_writer([&](connection& db) {
    write_transaction transaction(db);
    query(db, "INSERT INTO settings (name, value) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
        .bind(1, name)
        .bind(2, value)
        .run();
    std::string result;
    {
      query stored(db, "SELECT value FROM settings WHERE name = ?1");
      stored.bind(1, name).step();
      result = stored.text(0);
    }
    transaction.commit();
    return result;
  });
}

void sqlite_store::set_setting(const std::string& name, const std::string& value) {
  with_writer([&](connection& db) {
    query(db,
          "INSERT INTO settings (name, value) VALUES (?1, ?2) "
          "ON CONFLICT (name) DO UPDATE SET value = excluded.value")
        .bind(1, name)
        .bind(2, value)
        .run();
  });
}

void sqlite_store::put_avatar(const avatar_record& avatar) {
  with_writer([&](connection& db) {
    query(db,
          "INSERT INTO avatars (id, content_type, data, created_at) VALUES (?1, ?2, ?3, ?4) "
          "ON CONFLICT DO NOTHING")
        .bind(1, avatar.id)
        .bind(2, avatar.content_type)
        .bind(3, base64_encode(avatar.bytes))
        .bind(4, avatar.created_at)
        .run();
  });
}

std::optional<avatar_record> sqlite_store::avatar(const std::string& id) {
  return with_connection([&](connection& db) -> std::optional<avatar_record> {
    query found(db, "SELECT content_type, data, created_at FROM avatars WHERE id = ?1");
    if (!found.bind(1, id).step()) return std::nullopt;
    auto bytes = base64_decode(found.text(1));
    if (!bytes) return std::nullopt;
    return avatar_record{id, found.text(0), std::move(*bytes), found.int64(2)};
  });
}

app_config sqlite_store::read_app_doc(const std::string& doc) const {
  std::string error;
  const auto json = nlohmann::json::parse(doc, nullptr, false);
  auto app = app_from_file_json(json, error);
  if (!app) {
    throw store_unavailable(file_ + ": a stored app cannot be read (" +
                            (json.is_discarded() ? "not JSON" : error) +
                            "); restore a backup or delete the app with the sqlite3 tool");
  }
  return *app;
}

std::vector<app_config> sqlite_store::apps() {
  return with_connection([&](connection& db) {
    std::vector<app_config> result;
    query rows(db, "SELECT doc FROM apps ORDER BY position");
    while (rows.step()) result.push_back(read_app_doc(rows.text(0)));
    return result;
  });
}

std::optional<app_config> sqlite_store::app(const std::string& app_id) {
  return with_connection([&](connection& db) -> std::optional<app_config> {
    query row(db, "SELECT doc FROM apps WHERE app_id = ?1");
    if (!row.bind(1, app_id).step()) return std::nullopt;
    return read_app_doc(row.text(0));
  });
}

bool sqlite_store::insert_app(const app_config& app) {
  return with_writer([&](connection& db) {
    return query(db, "INSERT INTO apps (app_id, doc) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
               .bind(1, app.app_id)
               .bind(2, app_file_json(app).dump())
               .run() == 1;
  });
}

bool sqlite_store::update_app(const app_config& app) {
  return with_writer([&](connection& db) {
    return query(db, "UPDATE apps SET doc = ?2 WHERE app_id = ?1")
               .bind(1, app.app_id)
               .bind(2, app_file_json(app).dump())
               .run() == 1;
  });
}

bool sqlite_store::delete_app(const std::string& app_id) {
  return with_writer([&](connection& db) {
    return query(db, "DELETE FROM apps WHERE app_id = ?1").bind(1, app_id).run() == 1;
  });
}

bool sqlite_store::seed_apps_once(const std::vector<app_config>& apps) {
  return with_writer([&](connection& db) {
    write_transaction transaction(db);
    const int first = query(db,
                            "INSERT INTO meta (name, value) VALUES ('apps_seeded', '1') "
                            "ON CONFLICT DO NOTHING")
                          .run();
    if (first != 1) return false;
    for (const auto& app : apps) {
      query(db, "INSERT INTO apps (app_id, doc) VALUES (?1, ?2) ON CONFLICT DO NOTHING")
          .bind(1, app.app_id)
          .bind(2, app_file_json(app).dump())
          .run();
    }
    transaction.commit();
    return true;
  });
}

std::vector<signing_key_record> sqlite_store::signing_keys() {
  return with_connection([&](connection& db) {
    std::vector<signing_key_record> keys;
    query rows(db,
               "SELECT kid, private_pem, created_at, retired_at, verify_until FROM signing_keys "
               "ORDER BY retired_at = 0 DESC, retired_at DESC, kid");
    while (rows.step()) {
      keys.push_back({rows.text(0), rows.text(1), rows.int64(2), rows.int64(3), rows.int64(4)});
    }
    return keys;
  });
}

bool sqlite_store::add_signing_key(const signing_key_record& key, bool only_if_none,
                                   std::int64_t previous_verify_ms) {
  return with_writer([&](connection& db) {
    write_transaction transaction(db);
    if (only_if_none && query(db, "SELECT 1 FROM signing_keys WHERE retired_at = 0").step()) {
      return false;
    }
    query(db, "UPDATE signing_keys SET retired_at = ?1, verify_until = ?2 WHERE retired_at = 0")
        .bind(1, key.created_at)
        .bind(2, key.created_at + previous_verify_ms)
        .run();
    // A kid that exists already (a caller's bug: kids are random) changes nothing.
    const int added = query(db,
                            "INSERT INTO signing_keys (kid, private_pem, created_at) "
                            "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING")
                          .bind(1, key.kid)
                          .bind(2, key.private_pem)
                          .bind(3, key.created_at)
                          .run();
    if (added != 1) return false;
    transaction.commit();
    return true;
  });
}

bool sqlite_store::replace_signing_key_pem(const std::string& kid, const std::string& expected,
                                           const std::string& pem) {
  return with_writer([&](connection& db) {
    return query(db, "UPDATE signing_keys SET private_pem = ?3 WHERE kid = ?1 AND private_pem = ?2")
               .bind(1, kid)
               .bind(2, expected)
               .bind(3, pem)
               .run() == 1;
  });
}

void sqlite_store::set_feed_listener(status_feed_listener* listener) {
  std::unique_lock lock(listener_mutex_);
  listener_ = listener;
}

void sqlite_store::publish(const std::string& random) {
  std::shared_lock lock(listener_mutex_);
  if (!listener_) return;
  // The move has committed: a listener's failure must not report it failed.
  try {
    listener_->on_status_change(random);
  } catch (...) {
  }
}

}  // namespace sqlite
}  // namespace scan_login::server
