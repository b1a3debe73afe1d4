#include "store/sqlite/sqlite_migrations.hpp"

#include <iterator>
#include <string>

namespace scan_login::server::sqlite {

namespace {

// Migration N (1-based) takes the schema from version N-1 to N. Never edit
// one that has shipped: append a new one.
constexpr const char* migrations[] = {
    // 1: everything the store keeps.
    R"sql(
CREATE TABLE settings (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- Flags of the store itself, e.g. 'apps_seeded' once seed_apps_once ran.
CREATE TABLE meta (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;

-- position keeps the creation order (AUTOINCREMENT never reuses a number);
-- doc is app_file_json(app), secrets included.
CREATE TABLE apps (
  position INTEGER PRIMARY KEY AUTOINCREMENT,
  app_id TEXT NOT NULL UNIQUE,
  doc TEXT NOT NULL
);

CREATE TABLE signing_keys (
  kid TEXT PRIMARY KEY,
  private_pem TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  retired_at INTEGER NOT NULL DEFAULT 0,  -- 0 = the active key
  verify_until INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (retired_at) WHERE retired_at = 0;

-- ends_at: when the code stops mattering (its expiry, or its ticket's expiry
-- once confirmed); the sweep drops codes by it.
CREATE TABLE codes (
  random TEXT PRIMARY KEY,
  code TEXT NOT NULL UNIQUE,
  app_id TEXT NOT NULL,
  status INTEGER NOT NULL CHECK (status IN (0, 1, 2, 3)),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  client_ip TEXT NOT NULL,
  browser TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  params TEXT NOT NULL,
  context TEXT NOT NULL,
  scanner_openid TEXT NOT NULL DEFAULT '',
  scanner_unionid TEXT NOT NULL DEFAULT '',
  scanner_nickname TEXT NOT NULL DEFAULT '',
  scanner_photo TEXT NOT NULL DEFAULT '',
  scan_token TEXT NOT NULL DEFAULT '',
  ticket TEXT NOT NULL DEFAULT '',
  user_id TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;
CREATE INDEX codes_ends_at ON codes (ends_at);
-- codes_by_status counts live and expired codes of each status by range.
CREATE INDEX codes_status_expires_at ON codes (status, expires_at);

CREATE TABLE tickets (
  ticket TEXT PRIMARY KEY,
  app_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  params TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  used INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
CREATE INDEX tickets_expires_at ON tickets (expires_at);

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  pool TEXT NOT NULL,
  phone TEXT NOT NULL DEFAULT '',
  phone_verified INTEGER NOT NULL DEFAULT 0,
  name TEXT NOT NULL DEFAULT '',
  nickname TEXT NOT NULL DEFAULT '',
  photo TEXT NOT NULL DEFAULT '',
  openid TEXT NOT NULL DEFAULT '',
  unionid TEXT NOT NULL DEFAULT '',
  registered_at INTEGER NOT NULL,
  last_login_at INTEGER NOT NULL DEFAULT 0,
  logins_count INTEGER NOT NULL DEFAULT 0
) WITHOUT ROWID;
-- The phone number is the account key within a pool.
CREATE UNIQUE INDEX users_pool_phone ON users (pool, phone) WHERE phone <> '';

-- A WeChat identity ("unionid:..." or "openid:...") links to one account.
CREATE TABLE identities (
  pool TEXT NOT NULL,
  identity TEXT NOT NULL,
  user_id TEXT NOT NULL REFERENCES users (id),
  PRIMARY KEY (pool, identity)
) WITHOUT ROWID;
)sql",
    // 2: avatars the phone uploads; bytes as base64 text.
    R"sql(
CREATE TABLE avatars (
  id TEXT PRIMARY KEY,
  content_type TEXT NOT NULL,
  data TEXT NOT NULL,
  created_at INTEGER NOT NULL
) WITHOUT ROWID;
)sql",
    // 3: operators: blocked accounts, why the server ended a code, the audit log.
    R"sql(
ALTER TABLE users ADD COLUMN blocked_at INTEGER NOT NULL DEFAULT 0;
CREATE INDEX users_registered_at ON users (registered_at);
CREATE INDEX identities_user_id ON identities (user_id);
CREATE INDEX tickets_user_id ON tickets (user_id);
ALTER TABLE codes ADD COLUMN refusal TEXT NOT NULL DEFAULT '';
CREATE INDEX codes_user_id ON codes (user_id) WHERE user_id <> '';
-- id orders the log (AUTOINCREMENT never reuses a number); detail is a
-- JSON object of non-secret facts.
CREATE TABLE audit (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  app_id TEXT NOT NULL DEFAULT '',
  user_id TEXT NOT NULL DEFAULT '',
  actor TEXT NOT NULL DEFAULT '',
  ip TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_app_id ON audit (app_id, id);
CREATE INDEX audit_user_id ON audit (user_id, id);
)sql",
};

}  // namespace

int known_schema_version() { return static_cast<int>(std::size(migrations)); }

int schema_version(connection& db) {
  // Reading sqlite_master makes SQLite read the header: a file that is not
  // a database fails here with SQLITE_NOTADB, before anything is written.
  query(db, "SELECT count(*) FROM sqlite_master").step();
  query version(db, "PRAGMA user_version");
  version.step();
  return static_cast<int>(version.int64(0));
}

store_open_error newer_schema_error(const std::string& file, int version) {
  return store_open_error(file + ": schema version " + std::to_string(version) +
                          " is newer than this scan-login-server knows (" +
                          std::to_string(known_schema_version()) +
                          "); use a newer binary or restore a backup");
}

std::vector<std::string> missing_store_tables(connection& db) {
  static constexpr const char* every_version[] = {"settings", "meta",    "apps",  "signing_keys",
                                                  "codes",    "tickets", "users", "identities"};
  std::vector<std::string> missing;
  for (const char* table : every_version) {
    query found(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1");
    if (!found.bind(1, std::string_view{table}).step()) missing.emplace_back(table);
  }
  return missing;
}

void migrate(connection& db) {
  const int known = known_schema_version();
  for (;;) {
    write_transaction transaction(db);
    const int version = schema_version(db);
    if (version > known) throw newer_schema_error(db.file(), version);
    if (version == known) return;
    db.exec(migrations[version]);
    db.exec(("PRAGMA user_version = " + std::to_string(version + 1)).c_str());
    transaction.commit();
  }
}

}  // namespace scan_login::server::sqlite
