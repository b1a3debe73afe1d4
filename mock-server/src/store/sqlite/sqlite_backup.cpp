#include "store/sqlite/sqlite_backup.hpp"

#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>  // renameat2, RENAME_NOREPLACE (glibc 2.28)
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <thread>
#include <vector>

#include "store/sqlite/sqlite_connection.hpp"
#include "store/sqlite/sqlite_migrations.hpp"
#include "store/sqlite/sqlite_private_files.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace scan_login::server::sqlite {

namespace {

namespace fs = std::filesystem;

// A refusal or failure, carried to the public function's report.
struct refusal : std::runtime_error {
  using std::runtime_error::runtime_error;
};

std::string errno_text() { return std::strerror(errno); }

// SQLite's words for an error, without the file it happened on: messages
// name the file the operator gave, not a temporary copy of it.
std::string reason(const sqlite_error& error) { return sqlite3_errstr(error.code()); }

// Why `db` (called `name` in messages) is not a store this binary may copy
// or restore, or "" when it is; sets `version` to its schema version.
std::string store_refusal(connection& db, const std::string& name, int& version) {
  try {
    version = schema_version(db);
    if (version > known_schema_version()) return newer_schema_error(name, version).what();
    const auto missing = missing_store_tables(db);
    if (version < 1 || !missing.empty()) {
      return name + " is a SQLite database but not a scan-login store (" +
             (version < 1 ? std::string{"no schema version"} : "no table " + missing.front()) + ")";
    }
  } catch (const sqlite_error& error) {
    if ((error.code() & 0xff) == SQLITE_NOTADB) return name + " is not a SQLite database";
    if ((error.code() & 0xff) == SQLITE_CORRUPT) {
      return name + " is a damaged SQLite database (" + reason(error) + ")";
    }
    throw;
  }
  return "";
}

// The first problem PRAGMA integrity_check reports, or "" when it says ok.
std::string integrity_problem(connection& db) {
  try {
    query check(db, "PRAGMA integrity_check");
    if (!check.step()) return "integrity_check gave no answer";
    const auto first = check.text(0);
    return first == "ok" ? "" : first;
  } catch (const sqlite_error& error) {
    return reason(error);
  }
}

std::string locked_message(std::chrono::milliseconds waited) {
  return "the store stayed locked for " + std::to_string(waited.count()) +
         " ms (another program holds it exclusively, or a long write or checkpoint runs); try "
         "again";
}

// Opens an existing file (never creating it) as a connection that waits up
// to `wait` for a lock; a file that SQLite cannot read at all, or that stays
// locked, is a refusal naming it.
std::unique_ptr<connection> open_existing(const fs::path& file, const std::string& name,
                                          std::chrono::milliseconds wait = busy_timeout) {
  try {
    return std::make_unique<connection>(file.string(), connection::open_mode::existing, wait);
  } catch (const sqlite_error& error) {
    if ((error.code() & 0xff) == SQLITE_NOTADB) throw refusal(name + " is not a SQLite database");
    if ((error.code() & 0xff) == SQLITE_BUSY) throw refusal(locked_message(wait));
    if ((error.code() & 0xff) == SQLITE_CORRUPT) {
      throw refusal(name + " is a damaged SQLite database (" + reason(error) + ")");
    }
    throw refusal("cannot open " + name + ": " + reason(error));
  }
}

void remove_with_companions(const fs::path& file) {
  std::error_code ignored;
  for (const auto* suffix : {"", "-journal", "-wal", "-shm"}) {
    fs::remove(file.string() + suffix, ignored);
  }
}

// Flushes a file's (or folder's) contents to the disk, so that a rename
// that follows never publishes a file whose bytes a power loss would lose.
void sync_path(const fs::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw refusal("cannot open " + path.string() + " to flush it: " + errno_text());
  const bool synced = ::fsync(fd) == 0;
  const std::string error = synced ? "" : errno_text();
  ::close(fd);
  if (!synced) throw refusal("cannot flush " + path.string() + " to the disk: " + error);
}

fs::path folder_of(const fs::path& path) {
  return path.parent_path().empty() ? fs::path{"."} : path.parent_path();
}

// rename(2) that fails with EEXIST instead of replacing `to`. Falls back to
// link + unlink on a file system without RENAME_NOREPLACE. Returns 0 or errno.
int rename_no_replace(const fs::path& from, const fs::path& to) {
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return errno;
  if (::link(from.c_str(), to.c_str()) != 0) return errno;
  ::unlink(from.c_str());
  return 0;
}

// A new empty file (0600) named `<folder>/<stem>XXXXXX`.
fs::path make_temporary_file(const fs::path& folder, const std::string& stem) {
  std::string name = (folder / (stem + "XXXXXX")).string();
  const int fd = ::mkostemp(name.data(), O_CLOEXEC);
  if (fd < 0) {
    throw refusal("cannot create a temporary file in " + folder.string() + ": " + errno_text());
  }
  ::close(fd);
  return name;
}

// Copies every page of `source` into `target` with the online backup API.
// Returns how often the copy began again.
int copy_pages(connection& source, connection& target, const backup_pacing& pacing) {
  // The loop below does the waiting, bounded by the pacing's deadline.
  sqlite3_busy_timeout(source.handle(), 0);
  sqlite3_backup* backup = sqlite3_backup_init(target.handle(), "main", source.handle(), "main");
  if (!backup) {
    throw refusal("cannot start the backup: " + std::string(sqlite3_errmsg(target.handle())));
  }
  int restarts = 0;
  int remaining = -1;
  std::chrono::milliseconds waited{0};
  int code = SQLITE_OK;
  for (;;) {
    const int pages = restarts >= pacing.restarts_before_one_step ? -1 : pacing.pages_per_step;
    code = sqlite3_backup_step(backup, pages);
    if (code == SQLITE_DONE) break;
    if (code == SQLITE_OK) {
      const int now_remaining = sqlite3_backup_remaining(backup);
      if (remaining >= 0 && now_remaining > remaining) ++restarts;
      remaining = now_remaining;
      continue;
    }
    if (code == SQLITE_BUSY || code == SQLITE_LOCKED) {
      if (waited >= pacing.busy_deadline) break;
      std::this_thread::sleep_for(pacing.busy_sleep);
      waited += pacing.busy_sleep;
      continue;
    }
    break;
  }
  // finish reports the step's error (on the destination connection) too.
  const int finished = sqlite3_backup_finish(backup);
  if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
    throw refusal(locked_message(pacing.busy_deadline));
  if (code != SQLITE_DONE || finished != SQLITE_OK) {
    throw refusal("the copy failed: " + std::string(sqlite3_errmsg(target.handle())));
  }
  return restarts;
}

copy_report backup_or_refuse(const fs::path& database_file, const fs::path& target,
                             const backup_pacing& pacing) {
  const std::string name = database_file.string();
  struct stat info {};
  if (::stat(database_file.c_str(), &info) != 0) {
    throw refusal("no store at " + name + " (" + errno_text() +
                  "); give the data folder the server uses with --data-dir");
  }
  if (!S_ISREG(info.st_mode)) throw refusal(name + " is not a file");
  std::error_code error;
  if (fs::exists(fs::symlink_status(target, error))) {
    throw refusal(target.string() +
                  " exists; a backup never replaces a file: choose a new name or move it away");
  }
  if (!target.has_filename() || !fs::is_directory(folder_of(target), error)) {
    throw refusal("the folder of " + target.string() + " does not exist; create it first");
  }

  // The checks wait for a lock as long as the copy would (another process
  // holding the file exclusively: a refusal, not a hang).
  auto source = open_existing(database_file, name, pacing.busy_deadline);
  int version = 0;
  try {
    if (auto why = store_refusal(*source, name, version); !why.empty()) throw refusal(why);
  } catch (const sqlite_error& failure) {
    if ((failure.code() & 0xff) != SQLITE_BUSY) throw;
    throw refusal(locked_message(pacing.busy_deadline));
  }

  copy_report report;
  const auto temporary =
      make_temporary_file(folder_of(target), "." + target.filename().string() + ".partial-");
  try {
    {
      connection copy(temporary.string(), connection::open_mode::existing);
      report.restarts = copy_pages(*source, copy, pacing);
      source.reset();
      // The copy has the source's WAL mode in its header; a backup is one
      // file that needs no -wal beside it (the server sets WAL at start).
      copy.exec("PRAGMA journal_mode = DELETE");
      if (auto problem = integrity_problem(copy); !problem.empty()) {
        throw refusal("the copy fails SQLite's integrity check (" + problem +
                      "); the store itself may be damaged: run PRAGMA integrity_check on it");
      }
      report.schema_version = schema_version(copy);
    }
    sync_path(temporary);
    if (const int code = rename_no_replace(temporary, target); code != 0) {
      throw refusal(code == EEXIST ? target.string() +
                                         " appeared while the backup ran; it was left "
                                         "as it is: choose a new name"
                                   : "cannot rename the copy to " + target.string() + ": " +
                                         std::strerror(code));
    }
  } catch (...) {
    remove_with_companions(temporary);
    throw;
  }
  sync_path(folder_of(target));
  report.file = target;
  report.bytes = fs::file_size(target, error);
  return report;
}

// Refuses a backup file that is not a SQLite database, from its header, so
// that nothing is copied for it.
void check_backup_file(const fs::path& backup_file) {
  const std::string name = backup_file.string();
  struct stat info {};
  if (::stat(backup_file.c_str(), &info) != 0) {
    throw refusal("cannot read " + name + ": " + errno_text());
  }
  if (!S_ISREG(info.st_mode)) throw refusal(name + " is not a file");
  if (info.st_size == 0) throw refusal(name + " is empty, not a scan-login backup");
  for (const auto* suffix : {"-wal", "-journal"}) {
    struct stat companion {};
    if (::stat((name + suffix).c_str(), &companion) == 0 && companion.st_size > 0) {
      throw refusal(name + " has a " + name + suffix +
                    " beside it: it is a live database, or one not closed cleanly; make a "
                    "backup of it with `scan-login-server backup` and restore that");
    }
  }
  static constexpr char magic[] = "SQLite format 3";  // with its NUL: the first 16 bytes
  std::array<char, sizeof magic> header{};
  const int fd = ::open(backup_file.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw refusal("cannot read " + name + ": " + errno_text());
  const auto got = ::read(fd, header.data(), header.size());
  ::close(fd);
  if (got != static_cast<ssize_t>(header.size()) ||
      std::memcmp(header.data(), magic, sizeof magic) != 0) {
    throw refusal(name + " is not a SQLite database");
  }
}

void copy_bytes(const fs::path& from, const fs::path& to) {
  const int in = ::open(from.c_str(), O_RDONLY | O_CLOEXEC);
  if (in < 0) throw refusal("cannot read " + from.string() + ": " + errno_text());
  const int out = ::open(to.c_str(), O_WRONLY | O_TRUNC | O_CLOEXEC);
  if (out < 0) {
    ::close(in);
    throw refusal("cannot write " + to.string() + ": " + errno_text());
  }
  std::vector<char> buffer(1 << 16);
  std::string error;
  for (;;) {
    const auto got = ::read(in, buffer.data(), buffer.size());
    if (got == 0) break;
    if (got < 0) {
      if (errno == EINTR) continue;
      error = "cannot read " + from.string() + ": " + errno_text();
      break;
    }
    for (ssize_t done = 0; done < got && error.empty();) {
      const auto put = ::write(out, buffer.data() + done, static_cast<std::size_t>(got - done));
      if (put < 0 && errno != EINTR) error = "cannot write " + to.string() + ": " + errno_text();
      if (put > 0) done += put;
    }
    if (!error.empty()) break;
  }
  ::close(in);
  if (::fsync(out) != 0 && error.empty())
    error = "cannot flush " + to.string() + ": " + errno_text();
  ::close(out);
  if (!error.empty()) throw refusal(error);
}

// Checks the staged copy `staged` of `backup_file`; throws the refusal.
int verify_staged(const fs::path& staged, const fs::path& backup_file) {
  const std::string name = backup_file.string();
  int version = 0;
  {
    auto db = open_existing(staged, name);
    if (auto why = store_refusal(*db, name, version); !why.empty()) throw refusal(why);
    if (auto problem = integrity_problem(*db); !problem.empty()) {
      throw refusal(name + " fails SQLite's integrity check (" + problem +
                    "); it was not restored: use another backup");
    }
  }
  // A -wal or -shm the check's connection made (a backup in WAL mode) is
  // empty once it closed; the store makes its own at start.
  std::error_code ignored;
  for (const auto* suffix : {"-wal", "-shm", "-journal"})
    fs::remove(staged.string() + suffix, ignored);
  return version;
}

copy_report restore_or_refuse(const fs::path& backup_file, fs::path data_dir) {
  if (!data_dir.has_filename()) data_dir = data_dir.parent_path();
  check_backup_file(backup_file);
  std::error_code error;
  const auto status = fs::symlink_status(data_dir, error);
  const bool exists = fs::exists(status);
  if (exists) {
    if (!fs::is_directory(data_dir, error)) {
      throw refusal(data_dir.string() + " is not a folder; restore into a new or empty folder");
    }
    const bool empty = fs::is_empty(data_dir, error);
    if (error)
      throw refusal("cannot read the folder " + data_dir.string() + ": " + error.message());
    if (!empty) {
      throw refusal(data_dir.string() +
                    " is not empty; restore into a new or empty folder (a server started on it "
                    "would use what is there)");
    }
  } else if (!fs::is_directory(folder_of(data_dir), error)) {
    throw refusal("the folder " + folder_of(data_dir).string() + " (where " + data_dir.string() +
                  " would be made) does not exist; create it first");
  }

  copy_report report;
  const fs::path final_file = data_dir / store_file_name;
  if (!exists) {
    // Staged in a private folder beside the new one, renamed to it whole.
    std::string staging =
        (folder_of(data_dir) / ("." + data_dir.filename().string() + ".restore-XXXXXX")).string();
    if (!::mkdtemp(staging.data())) {
      throw refusal("cannot create a folder beside " + data_dir.string() + ": " + errno_text());
    }
    try {
      const fs::path staged = fs::path{staging} / store_file_name;
      const int fd = ::open(staged.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
      if (fd < 0) throw refusal("cannot create " + staged.string() + ": " + errno_text());
      ::close(fd);
      copy_bytes(backup_file, staged);
      report.schema_version = verify_staged(staged, backup_file);
      sync_path(staging);
      // rename(2) of a folder never replaces a file or a non-empty folder.
      if (::rename(staging.c_str(), data_dir.c_str()) != 0) {
        throw refusal("cannot put the restored folder at " + data_dir.string() + ": " +
                      errno_text() + " (did something appear there meanwhile?)");
      }
    } catch (...) {
      fs::remove_all(staging, error);
      throw;
    }
  } else {
    // Staged inside the folder itself (it may be a mount point: a rename
    // does not cross file systems), then renamed to the store's name.
    const auto staged =
        make_temporary_file(data_dir, std::string{"."} + store_file_name + ".restore-");
    try {
      copy_bytes(backup_file, staged);
      report.schema_version = verify_staged(staged, backup_file);
      if (const int code = rename_no_replace(staged, final_file); code != 0) {
        throw refusal("cannot put the restored file at " + final_file.string() + ": " +
                      std::strerror(code));
      }
    } catch (...) {
      remove_with_companions(staged);
      throw;
    }
    if (auto line = tighten(data_dir, true); !line.empty()) report.notices.push_back(line);
  }
  sync_path(exists ? data_dir : folder_of(data_dir));
  report.file = final_file;
  report.bytes = fs::file_size(final_file, error);
  return report;
}

template <typename Body>
copy_report reported(Body body) {
  try {
    return body();
  } catch (const refusal& why) {
    copy_report report;
    report.error = why.what();
    return report;
  } catch (const std::exception& failure) {
    copy_report report;
    report.error = failure.what();
    return report;
  }
}

}  // namespace

copy_report backup_store(const fs::path& database_file, const fs::path& target,
                         const backup_pacing& pacing) {
  return reported([&] { return backup_or_refuse(database_file, target, pacing); });
}

copy_report restore_store(const fs::path& backup_file, const fs::path& data_dir) {
  return reported([&] { return restore_or_refuse(backup_file, data_dir); });
}

}  // namespace scan_login::server::sqlite
