#include "store/postgres/pg_migrations.hpp"

#include <array>
#include <string>

#include "store/store.hpp"

namespace scan_login::server::pg {
namespace {

// Append only: a released migration never changes; a new schema is a new
// entry. Times are unix milliseconds (bigint); absent text is '' (never NULL).
const std::array migrations = {
    // 1: everything the store keeps.
    R"sql(
CREATE TABLE meta (name text PRIMARY KEY, value text NOT NULL);
CREATE TABLE settings (name text PRIMARY KEY, value text NOT NULL);
CREATE TABLE apps (
  seq bigint GENERATED ALWAYS AS IDENTITY,
  app_id text PRIMARY KEY,
  doc text NOT NULL  -- app_file_json(app), secrets included
);
CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  private_pem text NOT NULL,
  created_at bigint NOT NULL,
  retired_at bigint NOT NULL DEFAULT 0,
  verify_until bigint NOT NULL DEFAULT 0
);
-- At most one active key: racing first starts store one.
CREATE UNIQUE INDEX signing_keys_one_active ON signing_keys (retired_at) WHERE retired_at = 0;
CREATE TABLE codes (
  random text PRIMARY KEY,
  code text NOT NULL UNIQUE,
  app_id text NOT NULL,
  status smallint NOT NULL,
  created_at bigint NOT NULL,
  expires_at bigint NOT NULL,
  client_ip text NOT NULL,
  browser text NOT NULL,
  redirect_uri text NOT NULL,
  params text NOT NULL,
  context text NOT NULL,
  scanner_openid text NOT NULL,
  scanner_unionid text NOT NULL,
  scanner_nickname text NOT NULL,
  scanner_photo text NOT NULL,
  scan_token text NOT NULL,
  ticket text NOT NULL,
  user_id text NOT NULL
);
CREATE INDEX codes_expires_at ON codes (expires_at);
CREATE TABLE tickets (
  ticket text PRIMARY KEY,
  app_id text NOT NULL,
  user_id text NOT NULL,
  redirect_uri text NOT NULL,
  params text NOT NULL,
  expires_at bigint NOT NULL,
  used boolean NOT NULL
);
CREATE INDEX tickets_expires_at ON tickets (expires_at);
CREATE TABLE users (
  id text PRIMARY KEY,
  pool text NOT NULL,
  phone text NOT NULL,
  phone_verified boolean NOT NULL,
  name text NOT NULL,
  nickname text NOT NULL,
  photo text NOT NULL,
  openid text NOT NULL,
  unionid text NOT NULL,
  registered_at bigint NOT NULL,
  last_login_at bigint NOT NULL,
  logins_count bigint NOT NULL
);
-- The phone number is the account key within a pool.
CREATE UNIQUE INDEX users_pool_phone ON users (pool, phone) WHERE phone <> '';
CREATE TABLE identities (
  pool text NOT NULL,
  identity text NOT NULL,
  user_id text NOT NULL REFERENCES users (id),
  PRIMARY KEY (pool, identity)
);
)sql",
    // 2: avatars the phone uploads; bytes as base64 text.
    R"sql(
CREATE TABLE avatars (
  id text PRIMARY KEY,
  content_type text NOT NULL,
  data text NOT NULL,
  created_at bigint NOT NULL
);
)sql",
    // 3: operators: blocked accounts, why the server ended a code, the audit log.
    R"sql(
ALTER TABLE users ADD COLUMN blocked_at bigint NOT NULL DEFAULT 0;
CREATE INDEX users_registered_at ON users (registered_at);
CREATE INDEX identities_user_id ON identities (user_id);
CREATE INDEX tickets_user_id ON tickets (user_id);
ALTER TABLE codes ADD COLUMN refusal text NOT NULL DEFAULT '';
CREATE INDEX codes_user_id ON codes (user_id) WHERE user_id <> '';
CREATE TABLE audit (
  id bigserial PRIMARY KEY,
  at bigint NOT NULL,
  kind text NOT NULL,
  app_id text NOT NULL DEFAULT '',
  user_id text NOT NULL DEFAULT '',
  actor text NOT NULL DEFAULT '',
  ip text NOT NULL DEFAULT '',
  detail text NOT NULL DEFAULT ''
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_app_id ON audit (app_id, id);
CREATE INDEX audit_user_id ON audit (user_id, id);
)sql",
};

// pg_advisory_lock key of the migration step (any constant unique to us).
const char* const migration_lock_key = "7426591003";

int stored_version(connection& conn) {
  const auto res = conn.exec("SELECT coalesce(max(version), 0) FROM schema_version");
  return static_cast<int>(res.int64(0, 0));
}

}  // namespace

int latest_schema_version() { return static_cast<int>(migrations.size()); }

void migrate(connection& conn) {
  try {
    conn.exec("SELECT pg_advisory_lock($1)", {migration_lock_key});
    struct unlock {
      connection& conn;
      ~unlock() {
        try {
          conn.exec("SELECT pg_advisory_unlock($1)", {migration_lock_key});
        } catch (const std::exception&) {
          // A lost session releases its lock anyway.
        }
      }
    } unlock_at_exit{conn};

    const bool has_table =
        conn.exec("SELECT to_regclass('schema_version') IS NOT NULL").boolean(0, 0);
    const int known = latest_schema_version();
    int version = has_table ? stored_version(conn) : 0;
    if (version > known) {
      throw store_open_error("the PostgreSQL database at " + conn.where() + " has schema version " +
                             std::to_string(version) + ", newer than this binary knows (" +
                             std::to_string(known) +
                             "): run a newer scan-login-server, or point it at another database");
    }
    if (!has_table) conn.exec("CREATE TABLE schema_version (version integer NOT NULL)");
    for (; version < known; ++version) {
      transaction tx(conn);
      conn.exec_script(migrations[static_cast<std::size_t>(version)]);
      conn.exec("INSERT INTO schema_version (version) VALUES ($1)",
                {param(static_cast<std::int64_t>(version) + 1)});
      tx.commit();
    }
  } catch (const query_error& e) {
    throw store_open_error("cannot migrate the PostgreSQL database at " + conn.where() + ": " +
                           e.what());
  } catch (const store_unavailable& e) {
    throw store_open_error(std::string("cannot migrate: ") + e.what());
  }
}

}  // namespace scan_login::server::pg
