// Store conformance: the sweep of ended codes and tickets, the counts of
// codes by status, /healthz's ping, and durability across a restart.

#include <atomic>
#include <memory>

#include "conformance_fixture.hpp"

namespace scan_login::server::testing::conformance {
namespace {

class StoreHousekeeping : public store_conformance {
 protected:
  // Code `name` scanned by o1 and confirmed at t0 + 2 s: its ticket "t-<name>"
  // expires at t0 + 302 s.
  void confirm(const std::string& name) {
    ASSERT_TRUE(db().insert_code(waiting_code(name)));
    ASSERT_TRUE(db().transition(scan_request("c-" + name, "o1"), std::nullopt).moved);
    ASSERT_TRUE(db().transition(answer_request("c-" + name, "o1", code_status::confirmed),
                                confirm_of(name, "openid:o1", "", "u1"))
                    .moved);
  }
  static constexpr std::int64_t code_expiry = t0 + 120'000;
  static constexpr std::int64_t ticket_expiry = t0 + 302'000;
  static constexpr std::int64_t retention = 60'000;
};
SCAN_LOGIN_STORE_SUITE(StoreHousekeeping);

TEST_P(StoreHousekeeping, SweepDropsCodesMoreThanRetentionPastTheirExpiry) {
  ASSERT_TRUE(db().insert_code(waiting_code("old")));
  auto young = waiting_code("young");
  young.expires_at = code_expiry + 10'000;
  ASSERT_TRUE(db().insert_code(young));
  // Exactly `retention` past the expiry is not "more than": kept.
  EXPECT_EQ(db().sweep(code_expiry + retention, retention), 0u);
  EXPECT_TRUE(db().code_by_random("r-old"));
  EXPECT_EQ(db().sweep(code_expiry + retention + 1, retention), 1u);
  EXPECT_FALSE(db().code_by_random("r-old"));
  EXPECT_FALSE(db().code_by_code("c-old"));
  EXPECT_TRUE(db().code_by_random("r-young"));
}

TEST_P(StoreHousekeeping, ConfirmedCodesLastAsLongAsTheirTicket) {
  confirm("a");
  ASSERT_TRUE(db().insert_code(waiting_code("b")));
  ASSERT_TRUE(db().transition(scan_request("c-b", "o1"), std::nullopt).moved);
  ASSERT_TRUE(
      db().transition(answer_request("c-b", "o1", code_status::cancelled), std::nullopt).moved);
  // Past the code's expiry: the cancelled code goes, the confirmed one stays.
  EXPECT_EQ(db().sweep(code_expiry + retention + 1, retention), 1u);
  EXPECT_FALSE(db().code_by_random("r-b"));
  EXPECT_TRUE(db().code_by_random("r-a"));
  EXPECT_TRUE(db().ticket("t-a"));
  EXPECT_EQ(db().sweep(ticket_expiry + retention, retention), 0u);
  // Past the ticket's expiry: code and ticket go.
  EXPECT_EQ(db().sweep(ticket_expiry + retention + 1, retention), 2u);
  EXPECT_FALSE(db().code_by_random("r-a"));
  EXPECT_FALSE(db().ticket("t-a"));
  // The account stays.
  EXPECT_TRUE(db().user_by_id("u1"));
}

TEST_P(StoreHousekeeping, SweepCountsEverythingItDropsAndKeepsLiveRecords) {
  for (int i = 0; i < 30; ++i) ASSERT_TRUE(db().insert_code(waiting_code("w" + std::to_string(i))));
  confirm("a");
  auto live = waiting_code("live");
  live.expires_at = t0 + 10'000'000;
  ASSERT_TRUE(db().insert_code(live));
  EXPECT_EQ(db().sweep(ticket_expiry + retention + 1, retention), 32u);
  EXPECT_TRUE(db().code_by_random("r-live"));
  EXPECT_EQ(db().sweep(ticket_expiry + retention + 1, retention), 0u);
}

TEST_P(StoreHousekeeping, SweepsRacingFromSeveralProcessesDropEachRecordOnce) {
  for (int i = 0; i < 40; ++i) ASSERT_TRUE(db().insert_code(waiting_code("w" + std::to_string(i))));
  auto live = waiting_code("live");
  live.expires_at = t0 + 10'000'000;
  ASSERT_TRUE(db().insert_code(live));
  // One handle per sweeper where the backend is shared by processes; the
  // one store's worker threads otherwise (SQLite is one process per file).
  std::vector<std::unique_ptr<store>> handles;
  for (int i = 0; i < 4 && shared_by_processes(); ++i) handles.push_back(open_second());
  std::atomic<std::size_t> removed{0};
  race(4, [&](int i) {
    store& through = handles.empty() ? db() : *handles[static_cast<std::size_t>(i)];
    removed += through.sweep(code_expiry + retention + 1, retention);
  });
  EXPECT_EQ(removed.load(), 40u);
  EXPECT_TRUE(db().code_by_random("r-live"));
  EXPECT_FALSE(db().code_by_random("r-w0"));
}

TEST_P(StoreHousekeeping, CodesByStatusCountsEffectiveStatuses) {
  ASSERT_TRUE(db().insert_code(waiting_code("w1")));
  auto long_lived = waiting_code("w2");
  long_lived.expires_at = code_expiry + 100'000;
  ASSERT_TRUE(db().insert_code(long_lived));
  ASSERT_TRUE(db().insert_code(waiting_code("s1")));
  ASSERT_TRUE(db().transition(scan_request("c-s1", "o1"), std::nullopt).moved);
  confirm("c1");
  ASSERT_TRUE(db().insert_code(waiting_code("x1")));
  ASSERT_TRUE(db().transition(scan_request("c-x1", "o1"), std::nullopt).moved);
  ASSERT_TRUE(
      db().transition(answer_request("c-x1", "o1", code_status::cancelled), std::nullopt).moved);

  const auto before = db().codes_by_status(t0 + 10'000);
  EXPECT_EQ(count_of(before, code_status::waiting), 2u);
  EXPECT_EQ(count_of(before, code_status::scanned), 1u);
  EXPECT_EQ(count_of(before, code_status::confirmed), 1u);
  EXPECT_EQ(count_of(before, code_status::cancelled), 1u);
  EXPECT_EQ(count_of(before, code_status::expired), 0u);

  // At code_expiry, w1 and s1 read as expired; w2 lives on; the others keep
  // their final status.
  const auto after = db().codes_by_status(code_expiry);
  EXPECT_EQ(count_of(after, code_status::waiting), 1u);
  EXPECT_EQ(count_of(after, code_status::scanned), 0u);
  EXPECT_EQ(count_of(after, code_status::expired), 2u);
  EXPECT_EQ(count_of(after, code_status::confirmed), 1u);
  EXPECT_EQ(count_of(after, code_status::cancelled), 1u);
}

TEST_P(StoreHousekeeping, PingAnswersWhenTheStoreServes) { EXPECT_NO_THROW(db().ping()); }

TEST_P(StoreHousekeeping, EverythingWrittenIsThereAfterARestart) {
  confirm("a");
  ASSERT_TRUE(db().insert_code(waiting_code("b")));
  ASSERT_TRUE(db().transition(scan_request("c-b", "o2"), std::nullopt).moved);
  ASSERT_EQ(db().consume_ticket("t-a", t0 + 3'000).outcome, consume_outcome::consumed);
  db().link_account(login_of("openid:o9", "13900139000", "u9", "demo"), t0);

  auto& again = reopen();
  const auto a = again.code_by_random("r-a");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->status, code_status::confirmed);
  EXPECT_EQ(a->ticket, "t-a");
  EXPECT_EQ(a->user_id, "u1");
  EXPECT_EQ(a->params, R"({"a":1})");
  const auto b = again.code_by_code("c-b");
  ASSERT_TRUE(b);
  EXPECT_EQ(b->status, code_status::scanned);
  EXPECT_EQ(b->scan_token, "token-o2");
  EXPECT_EQ(again.consume_ticket("t-a", t0 + 4'000).outcome, consume_outcome::used);
  EXPECT_EQ(again.user_by_id("u1")->logins_count, 1);
  EXPECT_EQ(again.user_by_id("u9")->pool, "demo");
  EXPECT_EQ(again.link_account(login_of("openid:o9", "", "x", "demo"), t0 + 1).id, "u9");
  // Moves go on from where they were.
  EXPECT_TRUE(again
                  .transition(answer_request("c-b", "o2", code_status::confirmed),
                              confirm_of("b", "openid:o2", "", "u2"))
                  .moved);
}

}  // namespace
}  // namespace scan_login::server::testing::conformance
