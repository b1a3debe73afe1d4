// Store conformance: tickets (spent once) and accounts (PROTOCOL.md
// "Account system": one person is one account per pool).

#include "conformance_fixture.hpp"

namespace scan_login::server::testing::conformance {
namespace {

class StoreTickets : public store_conformance {
 protected:
  // Confirms code "a", which issues ticket "t-a" expiring at `ticket_expiry`.
  void issue_ticket() {
    ASSERT_TRUE(db().insert_code(waiting_code("a")));
    ASSERT_TRUE(db().transition(scan_request("c-a", "o1"), std::nullopt).moved);
    ASSERT_TRUE(db().transition(answer_request("c-a", "o1", code_status::confirmed),
                                confirm_of("a", "openid:o1", "", "u1"))
                    .moved);
  }
  const std::int64_t ticket_expiry = t0 + 2'000 + 300'000;
};
SCAN_LOGIN_STORE_SUITE(StoreTickets);

TEST_P(StoreTickets, ConsumedOnceThenUsed) {
  issue_ticket();
  const auto first = db().consume_ticket("t-a", t0 + 3'000);
  EXPECT_EQ(first.outcome, consume_outcome::consumed);
  ASSERT_TRUE(first.ticket);
  EXPECT_EQ(first.ticket->ticket, "t-a");
  EXPECT_EQ(first.ticket->user_id, "u1");
  EXPECT_EQ(first.ticket->app_id, "app1");
  // The user comes with the consumption (one transaction), never separately.
  ASSERT_TRUE(first.user);
  EXPECT_EQ(first.user->id, "u1");
  const auto stored = db().user_by_id("u1");
  ASSERT_TRUE(stored);
  EXPECT_EQ(first.user->pool, stored->pool);
  EXPECT_EQ(first.user->openid, stored->openid);
  EXPECT_EQ(first.user->logins_count, stored->logins_count);
  const auto second = db().consume_ticket("t-a", t0 + 4'000);
  EXPECT_EQ(second.outcome, consume_outcome::used);
  ASSERT_TRUE(second.ticket);
  EXPECT_EQ(second.ticket->user_id, "u1");
  EXPECT_TRUE(second.ticket->used);
  EXPECT_FALSE(second.user);
  EXPECT_TRUE(db().ticket("t-a")->used);
}

TEST_P(StoreTickets, ExpiredTicketIsNotConsumed) {
  issue_ticket();
  // At expires_at exactly the ticket has expired.
  const auto late = db().consume_ticket("t-a", ticket_expiry);
  EXPECT_EQ(late.outcome, consume_outcome::expired);
  ASSERT_TRUE(late.ticket);
  EXPECT_EQ(late.ticket->user_id, "u1");
  EXPECT_FALSE(db().ticket("t-a")->used);
  EXPECT_EQ(db().consume_ticket("t-a", ticket_expiry - 1).outcome, consume_outcome::consumed);
}

TEST_P(StoreTickets, UnknownTicket) {
  const auto result = db().consume_ticket("t-none", t0);
  EXPECT_EQ(result.outcome, consume_outcome::unknown);
  EXPECT_FALSE(result.ticket);
  EXPECT_FALSE(db().ticket("t-none"));
}

class StoreAccounts : public store_conformance {};
SCAN_LOGIN_STORE_SUITE(StoreAccounts);

TEST_P(StoreAccounts, NewAccountTakesTheLoginsFields) {
  auto login = login_of("openid:o1", "13800138000", "u1");
  login.profile.unionid = "un1";
  login.real_name = "Zhang San";
  const auto user = db().link_account(login, t0);
  EXPECT_EQ(user.id, "u1");
  const auto stored = db().user_by_id("u1");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->pool, "wechat");
  EXPECT_EQ(stored->phone, "13800138000");
  EXPECT_TRUE(stored->phone_verified);
  EXPECT_EQ(stored->name, "Zhang San");
  EXPECT_EQ(stored->nickname, "Nick o1");
  EXPECT_EQ(stored->photo, "https://img.example/o1.png");
  EXPECT_EQ(stored->openid, "o1");
  EXPECT_EQ(stored->unionid, "un1");
  EXPECT_EQ(stored->registered_at, t0);
  // Linking is not a login: only a confirm counts one.
  EXPECT_EQ(stored->logins_count, 0);
  EXPECT_EQ(stored->last_login_at, 0);
  EXPECT_FALSE(db().user_by_id("nobody"));
}

TEST_P(StoreAccounts, FirstWithoutPhoneThenWithPhoneIsOneAccount) {
  const auto first = db().link_account(login_of("openid:o1", "", "u1"), t0);
  const auto second = db().link_account(login_of("openid:o1", "13800138000", "u2"), t0 + 1);
  EXPECT_EQ(first.id, "u1");
  EXPECT_EQ(second.id, "u1");
  EXPECT_EQ(db().user_by_id("u1")->phone, "13800138000");
  EXPECT_FALSE(db().user_by_id("u2"));
  const auto third = db().link_account(login_of("openid:o1", "", "u3"), t0 + 2);
  EXPECT_EQ(third.id, "u1");
  EXPECT_EQ(third.phone, "13800138000");
  EXPECT_EQ(third.registered_at, t0);
}

TEST_P(StoreAccounts, AnOwnedPhoneLogsItsAccountInAndTheIdentityMoves) {
  db().link_account(login_of("openid:owner", "13800138000", "owner"), t0);
  db().link_account(login_of("openid:o2", "", "u2"), t0 + 1);
  const auto moved = db().link_account(login_of("openid:o2", "13800138000", "u3"), t0 + 2);
  EXPECT_EQ(moved.id, "owner");
  // The identity now reaches the owner without a phone; u2 stays, unmerged.
  EXPECT_EQ(db().link_account(login_of("openid:o2", "", "u4"), t0 + 3).id, "owner");
  ASSERT_TRUE(db().user_by_id("u2"));
  EXPECT_TRUE(db().user_by_id("u2")->phone.empty());
  EXPECT_FALSE(db().user_by_id("u3"));
  EXPECT_FALSE(db().user_by_id("u4"));
}

TEST_P(StoreAccounts, AnIdentityWithAPhoneAndANewNumberGetsANewAccount) {
  db().link_account(login_of("openid:o1", "13800138000", "u1"), t0);
  const auto other = db().link_account(login_of("openid:o1", "13900139000", "u2"), t0 + 1);
  EXPECT_EQ(other.id, "u2");
  EXPECT_EQ(db().user_by_id("u1")->phone, "13800138000");
  EXPECT_EQ(db().user_by_id("u2")->phone, "13900139000");
  EXPECT_EQ(db().link_account(login_of("openid:o1", "", "u3"), t0 + 2).id, "u2");
}

TEST_P(StoreAccounts, PoolsAreSeparate) {
  const auto wechat = db().link_account(login_of("openid:o1", "13800138000", "w1", "wechat"), t0);
  const auto demo = db().link_account(login_of("openid:o1", "13800138000", "d1", "demo"), t0);
  EXPECT_EQ(wechat.id, "w1");
  EXPECT_EQ(demo.id, "d1");
  EXPECT_EQ(db().user_by_id("d1")->pool, "demo");
  EXPECT_EQ(db().link_account(login_of("openid:o1", "", "x", "demo"), t0 + 1).id, "d1");
  EXPECT_EQ(db().link_account(login_of("openid:o1", "", "y", "wechat"), t0 + 1).id, "w1");
}

TEST_P(StoreAccounts, EmptyRealNameKeepsTheStoredOne) {
  auto named = login_of("openid:o1", "", "u1");
  named.real_name = "Li Si";
  db().link_account(named, t0);
  auto later = login_of("openid:o1", "", "u2");
  later.profile.nickname = "New nick";
  const auto user = db().link_account(later, t0 + 1);
  EXPECT_EQ(user.name, "Li Si");
  EXPECT_EQ(db().user_by_id("u1")->name, "Li Si");
  EXPECT_EQ(db().user_by_id("u1")->nickname, "New nick");
}

}  // namespace
}  // namespace scan_login::server::testing::conformance
