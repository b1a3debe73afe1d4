// The sqlite backend of the store conformance suites: each create() makes a
// database file of its own in a fresh temporary folder, removed when the
// test program ends.

#include <unistd.h>

#include <filesystem>
#include <mutex>
#include <string>
#include <vector>

#include "backends.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace scan_login::server::testing {

namespace {

class temporary_folders {
 public:
  ~temporary_folders() {
    std::error_code ignored;
    for (const auto& folder : folders_) std::filesystem::remove_all(folder, ignored);
  }
  std::filesystem::path make() {
    std::lock_guard lock(mutex_);
    auto folder =
        std::filesystem::temp_directory_path() /
        ("scan-login-sqlite-" + std::to_string(::getpid()) + "-" + std::to_string(folders_.size()));
    std::filesystem::remove_all(folder);
    std::filesystem::create_directories(folder);
    folders_.push_back(folder);
    return folder;
  }

 private:
  std::mutex mutex_;
  std::vector<std::filesystem::path> folders_;
};

temporary_folders& folders() {
  static temporary_folders instance;
  return instance;
}

}  // namespace

store_backend sqlite_backend() {
  store_backend backend;
  backend.name = "sqlite";
  backend.shared_by_processes = false;
  backend.create = [] {
    const auto file = folders().make() / "store.db";
    const auto open = [file] {
      sqlite_options options;
      options.file = file;
      return open_sqlite_store(options);
    };
    return store_backend::instance{open(), open};
  };
  return backend;
}

std::filesystem::path sqlite_test_folder() { return folders().make(); }

}  // namespace scan_login::server::testing
