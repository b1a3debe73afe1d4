// PostgreSQL only: the status feed reaches every handle (every server
// process) through LISTEN/NOTIFY, quickly.

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <iostream>

#include "backends.hpp"
#include "postgres_test_server.hpp"

namespace scan_login::server::testing {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

constexpr std::int64_t feed_now = 1'700'000'000'000;

transition_request scan(const code_record& code) {
  transition_request request;
  request.code = code.code;
  request.from = code_status::waiting;
  request.to = code_status::scanned;
  request.now = feed_now;
  request.scanner = wechat_user{"openid-1", "", "nick", "photo"};
  request.scan_token = "token-" + code.code;
  return request;
}

TEST(PostgresFeed, ListenerOnOneHandleHearsTransitionsMadeThroughAnother) {
  auto instance = postgres_backend().create();
  auto other_process = instance.open_again();
  recording_listener heard;
  instance.first->set_feed_listener(&heard);

  std::vector<double> latencies_ms;
  for (int i = 0; i < 20; ++i) {
    const auto code = waiting_code(feed_now);
    ASSERT_TRUE(other_process->insert_code(code));
    const auto start = clock_type::now();
    ASSERT_TRUE(other_process->transition(scan(code), std::nullopt).moved);
    ASSERT_TRUE(heard.wait_for_change(code.random, 5s)) << "not heard within 5 s";
    latencies_ms.push_back(
        std::chrono::duration<double, std::milli>(clock_type::now() - start).count());
  }
  instance.first->set_feed_listener(nullptr);

  std::sort(latencies_ms.begin(), latencies_ms.end());
  std::cout << "feed latency across handles (transition call to listener), 20 moves: median "
            << latencies_ms[latencies_ms.size() / 2] << " ms, max " << latencies_ms.back()
            << " ms\n";
}

TEST(PostgresFeed, OnlyMovesThatCommitArePublished) {
  auto instance = postgres_backend().create();
  auto other_process = instance.open_again();
  recording_listener heard;
  instance.first->set_feed_listener(&heard);

  const auto refused = waiting_code(feed_now);
  const auto moved = waiting_code(feed_now);
  ASSERT_TRUE(other_process->insert_code(refused));
  ASSERT_TRUE(other_process->insert_code(moved));
  auto wrong_from = scan(refused);
  wrong_from.from = code_status::scanned;
  EXPECT_FALSE(other_process->transition(wrong_from, std::nullopt).moved);
  ASSERT_TRUE(other_process->transition(scan(moved), std::nullopt).moved);

  // Notifications of one session arrive in commit order: once the moved
  // code is heard, a notification of the refused one would be there too.
  ASSERT_TRUE(heard.wait_for_change(moved.random, 5s));
  EXPECT_EQ(heard.changes(), std::vector<std::string>{moved.random});
  instance.first->set_feed_listener(nullptr);
}

TEST(PostgresFeed, ConfirmIsPublishedToEveryHandle) {
  auto instance = postgres_backend().create();
  auto other_process = instance.open_again();
  recording_listener first_heard;
  recording_listener other_heard;
  instance.first->set_feed_listener(&first_heard);
  other_process->set_feed_listener(&other_heard);

  const auto code = waiting_code(feed_now);
  ASSERT_TRUE(instance.first->insert_code(code));
  ASSERT_TRUE(instance.first->transition(scan(code), std::nullopt).moved);
  transition_request confirm = scan(code);
  confirm.from = code_status::scanned;
  confirm.to = code_status::confirmed;
  confirm.scanner.reset();
  confirm.scan_token.clear();
  confirm.expect_scan_token = "token-" + code.code;
  confirm_effects effects;
  effects.pool = "demo";
  effects.identity = "openid:openid-1";
  effects.profile = {"openid-1", "", "nick", "photo"};
  effects.new_user_id = "user-1";
  effects.ticket = {"ticket-" + code.code, "app", "", "", "", feed_now + 300'000, false};
  const auto result = instance.first->transition(confirm, effects);
  ASSERT_TRUE(result.moved);
  ASSERT_TRUE(result.user.has_value());
  EXPECT_EQ(result.user->logins_count, 1);

  // The scan and the confirm, on both handles.
  EXPECT_TRUE(other_heard.wait_for_change(code.random, 5s, 2));
  EXPECT_TRUE(first_heard.wait_for_change(code.random, 5s, 2));
  instance.first->set_feed_listener(nullptr);
  other_process->set_feed_listener(nullptr);
}

}  // namespace
}  // namespace scan_login::server::testing
