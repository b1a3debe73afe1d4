#include "store/sqlite/sqlite_file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace scan_login::server::sqlite {

void ensure_private_folder(const std::filesystem::path& folder) {
  if (folder.empty()) return;
  std::vector<std::filesystem::path> missing;
  std::error_code error;
  for (auto part = folder; !part.empty() && !std::filesystem::exists(part, error);
       part = part.parent_path()) {
    missing.push_back(part);
    if (part == part.parent_path()) break;
  }
  for (auto it = missing.rbegin(); it != missing.rend(); ++it) {
    if (::mkdir(it->c_str(), 0700) != 0 && errno != EEXIST) {
      throw store_open_error("cannot create the data folder " + it->string() + ": " +
                             std::strerror(errno) + "; create it or choose another path");
    }
  }
  if (!std::filesystem::is_directory(folder, error)) {
    throw store_open_error(folder.string() +
                           " is not a folder; choose another path for the database");
  }
}

file_lock::file_lock(const std::filesystem::path& database_file) {
  const std::string lock_path = database_file.string() + ".lock";
  fd_ = ::open(lock_path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd_ < 0) {
    throw store_open_error("cannot open the lock file " + lock_path + ": " + std::strerror(errno));
  }
  if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    const int error = errno;
    ::close(fd_);
    if (error == EWOULDBLOCK) {
      throw store_open_error(database_file.string() +
                             " is in use by another scan-login-server process (it holds " +
                             lock_path +
                             "); SQLite serves one process: stop the other one, or use "
                             "PostgreSQL to run several");
    }
    throw store_open_error("cannot lock " + lock_path + ": " + std::strerror(error));
  }
}

file_lock::~file_lock() { ::close(fd_); }

}  // namespace scan_login::server::sqlite
