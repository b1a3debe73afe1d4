#include "store/sqlite/sqlite_private_files.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "config/data_folder.hpp"
#include "store/store.hpp"

namespace scan_login::server::sqlite {

namespace {

std::string octal(mode_t mode) {
  char text[8];
  std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
  return text;
}

// True when `folder` holds only files whose names start with `store_name`
// (the database and its companions) and the secrets key: a folder of the
// store's own.
bool holds_only_store_files(const std::filesystem::path& folder, const std::string& store_name) {
  std::error_code error;
  for (std::filesystem::directory_iterator it(folder, error), end; !error && it != end;
       it.increment(error)) {
    const auto name = it->path().filename().string();
    if (name.rfind(store_name, 0) != 0 && name != secrets_key_file_name) return false;
  }
  return !error;
}

}  // namespace

std::string tighten(const std::filesystem::path& path, bool folder) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return "";
  if ((info.st_mode & 077) == 0) return "";
  const mode_t wanted = info.st_mode & (folder ? 0700 : 0600);
  if (::chmod(path.c_str(), wanted) != 0) {
    return "cannot make " + path.string() + " private (mode " + octal(info.st_mode) +
           "): " + std::strerror(errno) + "; make it " + (folder ? "0700" : "0600") +
           " yourself (it holds accounts, app secrets and signing keys)";
  }
  return "made " + path.string() + " private: mode " + octal(info.st_mode) + " -> " + octal(wanted);
}

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

std::vector<std::string> tighten_store_files(const std::filesystem::path& database_file) {
  std::vector<std::string> notices;
  const auto folder = database_file.parent_path().empty() ? std::filesystem::path{"."}
                                                          : database_file.parent_path();
  struct stat info {};
  if (::stat(folder.c_str(), &info) == 0 && (info.st_mode & 077) != 0) {
    if ((info.st_mode & S_ISVTX) == 0 &&
        holds_only_store_files(folder, database_file.filename().string())) {
      notices.push_back(tighten(folder, true));
    } else {
      notices.push_back("the data folder " + folder.string() + " has mode " + octal(info.st_mode) +
                        " and holds other files; it was left as it is: give the store a "
                        "folder of its own (it is then made 0700)");
    }
  }
  const std::string base = database_file.string();
  for (const auto* suffix : {"", "-wal", "-shm", ".lock"}) {
    if (auto line = tighten(base + suffix, false); !line.empty()) {
      notices.push_back(std::move(line));
    }
  }
  return notices;
}

void create_private_file(const std::filesystem::path& database_file) {
  const int fd = ::open(database_file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd >= 0) {
    ::close(fd);
    return;
  }
  if (errno == EEXIST) return;
  throw store_open_error("cannot create " + database_file.string() + ": " + std::strerror(errno) +
                         "; choose another path for the database");
}

}  // namespace scan_login::server::sqlite
