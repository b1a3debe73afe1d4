// The postgres backend of the store conformance suites: each create() makes
// a database of its own on the test server of ctest's `postgres` fixture
// (scripts/test-postgres); open_again opens another handle on it, as another
// server process would. Never skipped: no server is a failure.

#include <algorithm>
#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <random>
#include <stdexcept>

#include "backends.hpp"
#include "postgres_test_server.hpp"
#include "store/postgres/pg_connection.hpp"
#include "store/postgres/postgres_store.hpp"

namespace scan_login::server::testing {
namespace {

// This file is tests/store/postgres_backend.cpp of the repository.
std::filesystem::path repository_root() {
  return std::filesystem::path(__FILE__).parent_path().parent_path().parent_path();
}

std::string trimmed(std::string text) {
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text;
}

std::string random_hex(std::size_t length) {
  static std::mutex mutex;
  static std::mt19937_64 generator{std::random_device{}()};
  std::lock_guard lock(mutex);
  std::string out;
  for (std::size_t i = 0; i < length; ++i) out += "0123456789abcdef"[generator() % 16];
  return out;
}

}  // namespace

std::string run_test_postgres(const std::string& action, const std::string& dir) {
  const auto script = repository_root() / "scripts" / "test-postgres";
  // Arguments are our own paths (no quotes in them); stderr joins the output.
  const std::string command = "'" + script.string() + "' " + action + " '" + dir + "' 2>&1";
  std::unique_ptr<FILE, decltype(&pclose)> pipe(popen(command.c_str(), "r"), &pclose);
  if (!pipe) throw std::runtime_error("cannot run " + command);
  std::string output;
  std::array<char, 512> buffer{};
  while (const auto n = std::fread(buffer.data(), 1, buffer.size(), pipe.get())) {
    output.append(buffer.data(), n);
  }
  if (pclose(pipe.release()) != 0) {
    throw std::runtime_error(command + " failed: " + output);
  }
  return trimmed(output);
}

std::string shared_postgres_conninfo() {
  std::ifstream file(SCAN_LOGIN_TEST_PG_DIR "/conninfo");
  std::string conninfo;
  if (!file || !std::getline(file, conninfo) || conninfo.empty()) {
    throw std::runtime_error(
        "PostgreSQL test server not running: run `scripts/test-postgres "
        "start " SCAN_LOGIN_TEST_PG_DIR "` or run through ctest (fixture postgres)");
  }
  return conninfo;
}

std::string query_value(const std::string& conninfo, const std::string& sql) {
  pg::connection conn(pg::parse_endpoint(conninfo));
  const auto res = conn.exec(sql.c_str());
  return res.rows() > 0 ? res.text(0, 0) : std::string();
}

std::string create_test_database(const std::string& server_conninfo) {
  const std::string name = "scan_login_test_" + random_hex(16);
  // The name is ours ([a-z0-9_]): an identifier cannot be a parameter.
  query_value(server_conninfo, "CREATE DATABASE " + name);
  const auto scheme = server_conninfo.find("://");
  const auto path = server_conninfo.find('/', scheme == std::string::npos ? 0 : scheme + 3);
  if (scheme == std::string::npos || path == std::string::npos) {
    throw std::runtime_error("expected a URI ending in /postgres, got " + server_conninfo);
  }
  const auto query = server_conninfo.find('?', path);
  return server_conninfo.substr(0, path + 1) + name +
         (query == std::string::npos ? "" : server_conninfo.substr(query));
}

code_record waiting_code(std::int64_t now) {
  code_record code;
  code.random = "r" + random_hex(24);
  code.code = "c" + random_hex(24);
  code.app_id = "app";
  code.created_at = now;
  code.expires_at = now + 60'000;
  return code;
}

void recording_listener::on_status_change(const std::string& random) {
  std::lock_guard lock(mutex_);
  changes_.push_back(random);
  heard_.notify_all();
}

void recording_listener::on_feed_resync() {
  std::lock_guard lock(mutex_);
  ++resyncs_;
  heard_.notify_all();
}

bool recording_listener::wait_for_change(const std::string& random,
                                         std::chrono::milliseconds timeout, long times) {
  std::unique_lock lock(mutex_);
  return heard_.wait_for(
      lock, timeout, [&] { return std::count(changes_.begin(), changes_.end(), random) >= times; });
}

bool recording_listener::wait_for_resyncs(int count, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  return heard_.wait_for(lock, timeout, [&] { return resyncs_ >= count; });
}

std::vector<std::string> recording_listener::changes() {
  std::lock_guard lock(mutex_);
  return changes_;
}

store_backend postgres_backend() {
  store_backend backend;
  backend.name = "postgres";
  backend.shared_by_processes = true;
  backend.create = [] {
    postgres_options options;
    options.conninfo = create_test_database(shared_postgres_conninfo());
    options.pool_size = 4;
    return store_backend::instance{open_postgres_store(options),
                                   [options] { return open_postgres_store(options); }};
  };
  return backend;
}

}  // namespace scan_login::server::testing
