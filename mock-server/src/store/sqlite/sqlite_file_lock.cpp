#include "store/sqlite/sqlite_file_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

#include "store/store.hpp"

namespace scan_login::server::sqlite {

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
