#pragma once
// What keeps one SQLite file to one server process: an advisory lock on
// "<file>.lock" held for the store's lifetime.

#include <filesystem>

namespace scan_login::server::sqlite {

// flock(LOCK_EX | LOCK_NB) on "<file>.lock", created 0600 when missing. The
// lock belongs to this object's own open file description, so a second
// open of the same file is refused within one process as across processes;
// the kernel drops it when the process dies (kill -9 included), so a stale
// lock file never blocks a restart. The lock file is never deleted:
// deleting it would let two processes lock two different inodes.
class file_lock {
 public:
  // Throws store_open_error when another holder has it or it cannot be made.
  explicit file_lock(const std::filesystem::path& database_file);
  ~file_lock();
  file_lock(const file_lock&) = delete;
  file_lock& operator=(const file_lock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace scan_login::server::sqlite
