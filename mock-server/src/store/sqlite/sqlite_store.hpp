#pragma once
// The embedded default store: one SQLite file (Debian's libsqlite3) in WAL
// mode, versioned migrations applied at open, one server process per file.

#include <filesystem>
#include <functional>
#include <memory>
#include <string>

#include "config/data_folder.hpp"
#include "store/store.hpp"

namespace scan_login::server {

struct sqlite_options {
  // The database file; its folder is created (0700) when missing. The folder
  // and the files (database, -wal, -shm, .lock) are kept private: made 0700
  // and 0600, tightened to that when found looser.
  std::filesystem::path file;
  // Connections kept open for the worker threads.
  int pool_size = 4;
  // Hears a line for each change made to the files' modes (and each that
  // could not be made), during open_sqlite_store only. May be empty (it is
  // initialized so that {file, pool_size} initializers stay warning-free).
  std::function<void(const std::string&)> notice = {};
};

// Opens or creates the database and applies the migrations this binary
// knows. Throws store_open_error when the file is not a SQLite database, its
// schema is newer than this binary knows, or another process holds it
// (SQLite is the one-process store; use PostgreSQL for several). Never
// overwrites an existing file it refuses.
std::unique_ptr<store> open_sqlite_store(const sqlite_options& options);

}  // namespace scan_login::server
