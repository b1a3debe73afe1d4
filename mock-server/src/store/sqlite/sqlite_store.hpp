#pragma once
// The embedded default store: one SQLite file (Debian's libsqlite3) in WAL
// mode, versioned migrations applied at open, one server process per file.

#include <filesystem>
#include <memory>

#include "store/store.hpp"

namespace scan_login::server {

struct sqlite_options {
  // The database file; its folder is created (0700) when missing.
  std::filesystem::path file;
  // Connections kept open for the worker threads.
  int pool_size = 4;
};

// Opens or creates the database and applies the migrations this binary
// knows. Throws store_open_error when the file is not a SQLite database, its
// schema is newer than this binary knows, or another process holds it
// (SQLite is the one-process store; use PostgreSQL for several). Never
// overwrites an existing file it refuses.
std::unique_ptr<store> open_sqlite_store(const sqlite_options& options);

}  // namespace scan_login::server
