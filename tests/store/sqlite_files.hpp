#pragma once
// Helpers for tests that handle SQLite store files directly (open, backup,
// restore): defined in sqlite_backend.cpp.

#include <filesystem>
#include <memory>
#include <string>

#include "store/store.hpp"

namespace scan_login::server::testing {

// A fresh temporary folder, removed when the test binary ends.
std::filesystem::path sqlite_test_folder();
// The store in `file`, opened as the server opens it.
std::unique_ptr<store> open_sqlite_file(const std::filesystem::path& file);
// The bytes of `file`, or "(not a file)".
std::string file_bytes(const std::filesystem::path& file);
// Runs `sql` on `file` with the sqlite3 C API directly (a test failure if it fails).
void exec_raw(const std::filesystem::path& file, const std::string& sql);

}  // namespace scan_login::server::testing
