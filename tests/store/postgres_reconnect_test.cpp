// PostgreSQL only: a store survives its database going away and coming
// back. Each test runs its own throwaway server (scripts/test-postgres in a
// temporary folder), so stopping it cannot disturb tests running in parallel
// on the shared one.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <chrono>
#include <filesystem>
#include <iostream>
#include <thread>

#include "postgres_test_server.hpp"
#include "store/postgres/postgres_store.hpp"

namespace scan_login::server::testing {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

constexpr std::int64_t reconnect_now = 1'700'000'000'000;

class PostgresReconnect : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "scan-login-pg-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    const auto server = run_test_postgres("start", dir_);
    options_.conninfo = create_test_database(server);
    options_.pool_size = 3;
  }
  void TearDown() override {
    if (!dir_.empty()) run_test_postgres("stop", dir_);
  }

  transition_request scan(const code_record& code) {
    transition_request request;
    request.code = code.code;
    request.from = code_status::waiting;
    request.to = code_status::scanned;
    request.now = reconnect_now;
    request.scanner = wechat_user{"openid-1", "", "nick", "photo"};
    request.scan_token = "token";
    return request;
  }

  std::string dir_;
  postgres_options options_;
};

// Runs `verb`, expects store_unavailable, and returns how long it took.
template <typename F>
std::chrono::milliseconds expect_unavailable(F&& verb) {
  const auto start = clock_type::now();
  EXPECT_THROW(verb(), store_unavailable);
  return std::chrono::duration_cast<std::chrono::milliseconds>(clock_type::now() - start);
}

TEST_F(PostgresReconnect, VerbsFailDuringAnOutageAndWorkAgainAfterIt) {
  auto store = open_postgres_store(options_);
  recording_listener heard;
  store->set_feed_listener(&heard);
  const auto before = waiting_code(reconnect_now);
  const auto after = waiting_code(reconnect_now);
  ASSERT_TRUE(store->insert_code(before));
  ASSERT_TRUE(store->insert_code(after));
  // Every pooled connection is open (and then idle) when the server goes.
  std::vector<std::thread> warm;
  for (int i = 0; i < 3; ++i) warm.emplace_back([&] { store->ping(); });
  for (auto& thread : warm) thread.join();

  run_test_postgres("pause", dir_);
  const std::vector<std::chrono::milliseconds> took = {
      expect_unavailable([&] { store->ping(); }),
      expect_unavailable([&] { store->code_by_code(before.code); }),
      expect_unavailable([&] { store->transition(scan(before), std::nullopt); }),
      expect_unavailable([&] { store->insert_code(waiting_code(reconnect_now)); }),
      expect_unavailable([&] { store->setting_or_insert("name", "value"); }),
  };
  for (const auto duration : took) EXPECT_LT(duration, 6s);
  try {
    store->ping();
  } catch (const store_unavailable& e) {
    std::cout << "during the outage: " << e.what() << "\n";
    EXPECT_NE(std::string(e.what()).find("unreachable"), std::string::npos);
  }

  run_test_postgres("start", dir_);
  // The feed's connection comes back (back-off at most 2 s) and says so.
  EXPECT_TRUE(heard.wait_for_resyncs(1, 10s)) << "no on_feed_resync within 10 s";
  // Every pooled connection reconnects on its checkout: no verb fails.
  std::vector<std::thread> verbs;
  for (int i = 0; i < 3; ++i) {
    verbs.emplace_back([&] { EXPECT_NO_THROW(store->code_by_code(before.code)); });
  }
  for (auto& thread : verbs) thread.join();
  ASSERT_TRUE(store->code_by_code(before.code).has_value());
  EXPECT_EQ(store->code_by_code(before.code)->status, code_status::waiting);  // nothing moved

  ASSERT_TRUE(store->transition(scan(after), std::nullopt).moved);
  EXPECT_TRUE(heard.wait_for_change(after.random, 5s)) << "a move after the outage not heard";
  store->set_feed_listener(nullptr);
}

TEST_F(PostgresReconnect, RestartWhileIdleIsInvisibleToVerbs) {
  auto store = open_postgres_store(options_);
  recording_listener heard;
  store->set_feed_listener(&heard);
  const auto code = waiting_code(reconnect_now);
  ASSERT_TRUE(store->insert_code(code));

  run_test_postgres("restart", dir_);
  // The stale pooled connection is noticed and repaired before use.
  EXPECT_NO_THROW(store->ping());
  EXPECT_TRUE(heard.wait_for_resyncs(1, 10s));
  ASSERT_TRUE(store->transition(scan(code), std::nullopt).moved);
  EXPECT_TRUE(heard.wait_for_change(code.random, 5s));
  store->set_feed_listener(nullptr);
}

TEST_F(PostgresReconnect, AStoreCanCloseWhileItsDatabaseIsDown) {
  auto store = open_postgres_store(options_);
  run_test_postgres("pause", dir_);
  const auto start = clock_type::now();
  store.reset();
  EXPECT_LT(clock_type::now() - start, 6s);
  run_test_postgres("start", dir_);
}

}  // namespace
}  // namespace scan_login::server::testing
