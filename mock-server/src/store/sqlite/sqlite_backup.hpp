#pragma once
// Backups of the sqlite store, and their restore into a new data folder.
// A backup is a consistent copy of a store that a server may be using, made
// with SQLite's online backup API (never a copy of the bytes: a live WAL
// database's file alone can be inconsistent); a restore puts only a checked
// scan-login store in place, in one rename. Both leave nothing behind when
// they refuse or fail, and neither overwrites a file or folder in use.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace scan_login::server::sqlite {

// What a backup or restore did, or why it did nothing.
struct copy_report {
  std::string error;           // empty on success; else what was wrong and what to do
  int schema_version = 0;      // PRAGMA user_version of the file written
  std::uintmax_t bytes = 0;    // its size
  int restarts = 0;            // backup: times the copy began again (a write came between steps)
  std::filesystem::path file;  // the file written
  std::vector<std::string> notices;  // restore: modes tightened on the way
};

// How a backup shares the store with the server using it. In WAL mode a
// reader never blocks the writers; a step that is refused (SQLITE_BUSY or
// SQLITE_LOCKED: a checkpoint, recovery) is retried after `busy_sleep`
// until `busy_deadline` has passed in all. A write by another connection
// between two steps makes SQLite start the copy again: after
// `restarts_before_one_step` of those, the rest is copied in one step (one
// read transaction), so a busy server cannot keep a backup from ending.
struct backup_pacing {
  int pages_per_step = 256;  // pages copied per sqlite3_backup_step
  std::chrono::milliseconds busy_sleep{20};
  std::chrono::milliseconds busy_deadline{10'000};
  int restarts_before_one_step = 3;
};

// Copies the store `database_file` (which a running server may be using)
// to `target`: into a temporary file beside it (mode 0600), checked with
// PRAGMA integrity_check and put in place by a rename that never replaces
// anything. The backup is one self-contained file (rollback journal mode,
// no -wal beside it). Refuses, writing nothing: an existing `target` (or a
// missing folder for it), a missing `database_file`, one that is not a
// SQLite database or not a scan-login store, or one of a newer schema.
copy_report backup_store(const std::filesystem::path& database_file,
                         const std::filesystem::path& target, const backup_pacing& pacing = {});

// Restores the backup `backup_file` as the store of `data_dir`, which must
// be missing (it is made 0700; its parent must exist) or an empty folder
// (tightened to 0700). The backup is copied to a private temporary file
// beside its destination and checked there: a SQLite database, a
// scan-login store (its tables), a schema this binary knows (an older one
// is fine: the server migrates it at start), PRAGMA integrity_check; only
// then is it renamed into place (mode 0600). Refuses, changing nothing: a
// non-empty or non-folder `data_dir`, a `backup_file` that fails a check or
// that has a -wal or -journal beside it (a live database: back it up
// first). `backup_file` itself is only read.
copy_report restore_store(const std::filesystem::path& backup_file,
                          const std::filesystem::path& data_dir);

}  // namespace scan_login::server::sqlite
