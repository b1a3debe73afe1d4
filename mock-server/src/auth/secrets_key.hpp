#pragma once
// Where the deployment's secrets key (auth/secret_box.hpp) comes from, in
// this order: --secrets-key-file PATH, the environment's
// SCAN_LOGIN_SECRETS_KEY, and for a SQLite store <data-dir>/secrets.key,
// made at its first start. A PostgreSQL store has several processes that
// must share one key, so one of the first two is required there.
// docs/operations.md is the operator's side of this.

#include <optional>
#include <string>
#include <string_view>

#include "auth/crypto_util.hpp"

namespace scan_login::server {

struct secrets_key_request {
  std::string key_file;  // --secrets-key-file; empty = not given
  std::string env_key;   // SCAN_LOGIN_SECRETS_KEY; empty = not set
  std::string data_dir;  // the SQLite store's folder; empty = a PostgreSQL store
};

struct secrets_key {
  std::string bytes;   // 32
  std::string origin;  // what an operator would name: "--secrets-key-file /etc/k", ...
  // Non-empty: the key was made now and is to be written here (0600) once
  // the store was found to hold nothing sealed with another key.
  std::string create_at;
};

// The text of a key: base64 (standard or URL-safe, padding optional,
// surrounding whitespace ignored) of exactly 32 bytes, as
// `head -c 32 /dev/urandom | base64` prints. Empty and `error` otherwise.
std::optional<std::string> parse_secrets_key(std::string_view text, std::string& error);

// A key file: a regular file that neither group nor others may read or
// write (0600 or 0400), holding parse_secrets_key's text.
std::optional<std::string> read_secrets_key_file(const std::string& path, std::string& error);

// Writes `key` as a new file at `path`, mode 0600; never replaces a file.
bool write_secrets_key_file(const std::string& path, const std::string& key, std::string& error);

// The key for this start (see the top of this file). Empty and `error` (an
// operator's message naming the flag or variable) when a given key is
// unusable or a PostgreSQL store has none.
std::optional<secrets_key> resolve_secrets_key(const secrets_key_request& request,
                                               const random_source& random, std::string& error);

}  // namespace scan_login::server
