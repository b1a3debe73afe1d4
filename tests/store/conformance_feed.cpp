// Store conformance: the feed of status changes. A listener hears a code's
// poll key once per committed move and nothing for a refused one. Absence
// is checked without sleeping: the feed keeps commit order, so once a later
// move of a marker code is heard, everything before it has been too.

#include <atomic>

#include "conformance_fixture.hpp"

namespace scan_login::server::testing::conformance {
namespace {

class StoreFeed : public store_conformance {
 protected:
  void SetUp() override {
    store_conformance::SetUp();
    db().set_feed_listener(&listener_);
  }
  void TearDown() override {
    if (instance_.first) db().set_feed_listener(nullptr);
  }

  // Moves a fresh marker code and waits until the feed delivered it.
  void flush_feed(store& through) {
    const std::string name = "marker" + std::to_string(markers_++);
    ASSERT_TRUE(through.insert_code(waiting_code(name)));
    ASSERT_TRUE(through.transition(scan_request("c-" + name, "om"), std::nullopt).moved);
    ASSERT_TRUE(listener_.wait_for("r-" + name));
  }

  feed_recorder listener_;
  int markers_ = 0;
};
SCAN_LOGIN_STORE_SUITE(StoreFeed);

TEST_P(StoreFeed, EachCommittedMoveIsHeardOnce) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  ASSERT_TRUE(db().transition(scan_request("c-a", "o1"), std::nullopt).moved);
  ASSERT_TRUE(listener_.wait_for("r-a"));
  flush_feed(db());
  EXPECT_EQ(listener_.times_heard("r-a"), 1);

  ASSERT_TRUE(db().transition(answer_request("c-a", "o1", code_status::confirmed),
                              confirm_of("a", "openid:o1", "13800138000", "u1"))
                  .moved);
  flush_feed(db());
  EXPECT_EQ(listener_.times_heard("r-a"), 2);
  // The feed says which code changed by its poll key, never its scan code.
  EXPECT_EQ(listener_.times_heard("c-a"), 0);
}

TEST_P(StoreFeed, InsertsAndRefusedMovesAreNotHeard) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  EXPECT_FALSE(
      db().transition(answer_request("c-a", "o1", code_status::cancelled), std::nullopt).moved);
  EXPECT_FALSE(db().transition(scan_request("c-a", "o1", t0 + 120'000), std::nullopt).moved);
  ASSERT_TRUE(db().transition(scan_request("c-a", "o1"), std::nullopt).moved);
  ASSERT_TRUE(listener_.wait_for("r-a"));
  EXPECT_FALSE(db().transition(scan_request("c-a", "o2"), std::nullopt).moved);
  EXPECT_FALSE(
      db().transition(answer_request("c-a", "o2", code_status::cancelled), std::nullopt).moved);
  ASSERT_TRUE(db().insert_code(waiting_code("b")));
  flush_feed(db());
  EXPECT_EQ(listener_.times_heard("r-a"), 1);
  EXPECT_EQ(listener_.times_heard("r-b"), 0);
}

TEST_P(StoreFeed, RacingMovesAreHeardOncePerWinner) {
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(db().insert_code(waiting_code(std::to_string(i))));
  race(40, [&](int i) {
    db().transition(scan_request("c-" + std::to_string(i % 10), "o" + std::to_string(i)),
                    std::nullopt);
  });
  flush_feed(db());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(listener_.times_heard("r-" + std::to_string(i)), 1);
}

TEST_P(StoreFeed, AResetListenerHearsNothingMore) {
  db().set_feed_listener(nullptr);
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  ASSERT_TRUE(db().transition(scan_request("c-a", "o1"), std::nullopt).moved);
  feed_recorder second;
  db().set_feed_listener(&second);
  ASSERT_TRUE(db().insert_code(waiting_code("b")));
  ASSERT_TRUE(db().transition(scan_request("c-b", "o1"), std::nullopt).moved);
  ASSERT_TRUE(second.wait_for("r-b"));
  db().set_feed_listener(nullptr);
  EXPECT_EQ(second.times_heard("r-a"), 0);
  EXPECT_EQ(listener_.times_heard("r-a"), 0);
  EXPECT_EQ(listener_.times_heard("r-b"), 0);
}

TEST_P(StoreFeed, SwappingTheListenerWhileMovesRunIsSafe) {
  for (int i = 0; i < 50; ++i) ASSERT_TRUE(db().insert_code(waiting_code(std::to_string(i))));
  feed_recorder other;
  std::atomic<bool> done{false};
  std::thread swapper([&] {
    for (int i = 0; !done; ++i) db().set_feed_listener(i % 2 ? &listener_ : &other);
  });
  race(50,
       [&](int i) { db().transition(scan_request("c-" + std::to_string(i), "o1"), std::nullopt); });
  done = true;
  swapper.join();
  db().set_feed_listener(&listener_);
  flush_feed(db());
  for (int i = 0; i < 50; ++i) {
    const std::string random = "r-" + std::to_string(i);
    EXPECT_LE(listener_.times_heard(random) + other.times_heard(random), 1) << random;
  }
}

// Only for backends several processes share (SQLite is one process per
// file: its refusal of a second process is tested in sqlite_open_test).
class StoreFeedAcrossProcesses : public StoreFeed {};
std::vector<store_backend> shared_backends() {
  std::vector<store_backend> shared;
  for (auto& backend : all_backends()) {
    if (backend.shared_by_processes) shared.push_back(std::move(backend));
  }
  return shared;
}
INSTANTIATE_TEST_SUITE_P(Backends, StoreFeedAcrossProcesses, ::testing::ValuesIn(shared_backends()),
                         backend_name);

TEST_P(StoreFeedAcrossProcesses, AMoveThroughAnotherProcessIsHeard) {
  auto second = open_second();
  ASSERT_TRUE(second->insert_code(waiting_code("a")));
  ASSERT_TRUE(second->transition(scan_request("c-a", "o1"), std::nullopt).moved);
  ASSERT_TRUE(listener_.wait_for("r-a"));
  flush_feed(*second);
  EXPECT_EQ(listener_.times_heard("r-a"), 1);
}

}  // namespace
}  // namespace scan_login::server::testing::conformance
