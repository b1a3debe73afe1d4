#pragma once
// Test PostgreSQL servers (scripts/test-postgres) and fresh databases on
// them, for the postgres backend and the PostgreSQL-only tests.

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace scan_login::server::testing {

// Runs `scripts/test-postgres <action> <dir>` (the script found from this
// file's path) and returns what it printed, trimmed (start/restart: the
// conninfo). Throws std::runtime_error with its output when it fails.
std::string run_test_postgres(const std::string& action, const std::string& dir);

// The conninfo of the server started by ctest's `postgres` fixture. Throws
// std::runtime_error saying how to start it when it is not running.
std::string shared_postgres_conninfo();

// Creates a database with a random name on the server of `server_conninfo`
// (a URI ending in /postgres) and returns a URI for it.
std::string create_test_database(const std::string& server_conninfo);

// Runs one statement without parameters on `conninfo`; returns the first
// value of the first row, or "" when there is none.
std::string query_value(const std::string& conninfo, const std::string& sql);

// A waiting code with a fresh random and code, expiring a minute after `now`.
code_record waiting_code(std::int64_t now);

// A feed listener that records what it hears and lets a test wait for it.
class recording_listener : public status_feed_listener {
 public:
  void on_status_change(const std::string& random) override;
  void on_feed_resync() override;
  // True when `random` was heard `times` times (now or within `timeout`).
  bool wait_for_change(const std::string& random, std::chrono::milliseconds timeout,
                       long times = 1);
  // True when at least `count` resyncs were heard within `timeout`.
  bool wait_for_resyncs(int count, std::chrono::milliseconds timeout);
  std::vector<std::string> changes();

 private:
  std::mutex mutex_;
  std::condition_variable heard_;
  std::vector<std::string> changes_;
  int resyncs_ = 0;
};

}  // namespace scan_login::server::testing
