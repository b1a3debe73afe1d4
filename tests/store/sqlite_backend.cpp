// The sqlite backend of the store conformance suites: each create() makes a
// database file of its own in a fresh temporary folder, removed when the
// test program ends.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "backends.hpp"
#include "sqlite_files.hpp"
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

std::unique_ptr<store> open_sqlite_file(const std::filesystem::path& file) {
  sqlite_options options;
  options.file = file;
  return open_sqlite_store(options);
}

std::string file_bytes(const std::filesystem::path& file) {
  if (!std::filesystem::is_regular_file(file)) return "(not a file)";
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void exec_raw(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &db), SQLITE_OK);
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  sqlite3_close(db);
}

}  // namespace scan_login::server::testing
