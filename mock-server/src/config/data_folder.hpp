#pragma once
// What a SQLite data folder (--data-dir) holds, by name: one home for the
// names the store, the secrets key and the store commands use.

namespace scan_login::server {

// The database; SQLite adds "-wal" and "-shm", the store a ".lock".
inline constexpr const char* store_file_name = "scan-login.sqlite3";
// The secrets key made at first start when none is given (auth/secrets_key.hpp).
inline constexpr const char* secrets_key_file_name = "secrets.key";

}  // namespace scan_login::server
