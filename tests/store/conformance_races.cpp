// Store conformance: verbs racing on real threads. Each atomic verb must
// succeed for exactly one caller, and the state must match the winner.

#include <atomic>
#include <set>

#include "conformance_fixture.hpp"

namespace scan_login::server::testing::conformance {
namespace {

class StoreRaces : public store_conformance {};
SCAN_LOGIN_STORE_SUITE(StoreRaces);

TEST_P(StoreRaces, OfFiftyPhonesScanningOneCodeExactlyOneWins) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  std::atomic<int> moved{0};
  std::atomic<int> winner{-1};
  race(50, [&](int i) {
    const auto result = db().transition(scan_request("c-a", "o" + std::to_string(i)), std::nullopt);
    if (result.moved) {
      ++moved;
      winner = i;
    } else {
      EXPECT_TRUE(result.record);
      EXPECT_EQ(result.record->status, code_status::scanned);
    }
  });
  EXPECT_EQ(moved, 1);
  const auto stored = db().code_by_code("c-a");
  EXPECT_EQ(stored->status, code_status::scanned);
  EXPECT_EQ(stored->scanner.openid, "o" + std::to_string(winner));
  EXPECT_EQ(stored->scan_token, "token-o" + std::to_string(winner));
}

TEST_P(StoreRaces, OfFiftyConsumersOfOneTicketExactlyOneConsumes) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  ASSERT_TRUE(db().transition(scan_request("c-a", "o1"), std::nullopt).moved);
  ASSERT_TRUE(db().transition(answer_request("c-a", "o1", code_status::confirmed),
                              confirm_of("a", "openid:o1", "", "u1"))
                  .moved);
  std::atomic<int> consumed{0};
  std::atomic<int> used{0};
  race(50, [&](int) {
    const auto result = db().consume_ticket("t-a", t0 + 3'000);
    if (result.outcome == consume_outcome::consumed) ++consumed;
    if (result.outcome == consume_outcome::used) ++used;
    EXPECT_TRUE(result.ticket);
  });
  EXPECT_EQ(consumed, 1);
  EXPECT_EQ(used, 49);
  EXPECT_TRUE(db().ticket("t-a")->used);
}

TEST_P(StoreRaces, ConfirmRacingCancelLeavesTheWinnersState) {
  for (int round = 0; round < 10; ++round) {
    const std::string name = "a" + std::to_string(round);
    ASSERT_TRUE(db().insert_code(waiting_code(name)));
    ASSERT_TRUE(db().transition(scan_request("c-" + name, "o1"), std::nullopt).moved);
    std::atomic<int> moved{0};
    race(2, [&](int i) {
      const auto result =
          i == 0 ? db().transition(answer_request("c-" + name, "o1", code_status::confirmed),
                                   confirm_of(name, "openid:o1", "", "u-" + name))
                 : db().transition(answer_request("c-" + name, "o1", code_status::cancelled),
                                   std::nullopt);
      if (result.moved) ++moved;
    });
    EXPECT_EQ(moved, 1);
    const auto stored = db().code_by_code("c-" + name);
    const bool confirmed = stored->status == code_status::confirmed;
    EXPECT_TRUE(confirmed || stored->status == code_status::cancelled);
    EXPECT_EQ(db().ticket("t-" + name).has_value(), confirmed);
    EXPECT_EQ(stored->ticket.empty(), !confirmed);
    EXPECT_EQ(stored->user_id.empty(), !confirmed);
  }
}

TEST_P(StoreRaces, TwentyFirstLoginsOfOnePhoneMakeOneAccount) {
  std::set<std::string> ids;
  std::mutex ids_mutex;
  race(20, [&](int i) {
    const auto user = db().link_account(
        login_of("openid:o" + std::to_string(i), "13800138000", "u" + std::to_string(i)), t0 + i);
    std::lock_guard lock(ids_mutex);
    ids.insert(user.id);
  });
  ASSERT_EQ(ids.size(), 1u);
  const auto user = db().user_by_id(*ids.begin());
  ASSERT_TRUE(user);
  EXPECT_EQ(user->phone, "13800138000");
  int accounts = 0;
  for (int i = 0; i < 20; ++i) accounts += db().user_by_id("u" + std::to_string(i)) ? 1 : 0;
  EXPECT_EQ(accounts, 1);
  // Every identity now reaches that account without a phone.
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(db().link_account(login_of("openid:o" + std::to_string(i), "", "x"), t0 + 50).id,
              user->id);
  }
}

TEST_P(StoreRaces, TwentyFirstConfirmsOfOnePhoneOnDifferentCodesMakeOneAccount) {
  for (int i = 0; i < 20; ++i) {
    const std::string name = std::to_string(i);
    ASSERT_TRUE(db().insert_code(waiting_code(name)));
    ASSERT_TRUE(db().transition(scan_request("c-" + name, "o" + name), std::nullopt).moved);
  }
  std::set<std::string> ids;
  std::mutex ids_mutex;
  race(20, [&](int i) {
    const std::string name = std::to_string(i);
    const auto result =
        db().transition(answer_request("c-" + name, "o" + name, code_status::confirmed),
                        confirm_of(name, "openid:o" + name, "13800138000", "u" + name));
    ASSERT_TRUE(result.moved);
    std::lock_guard lock(ids_mutex);
    ids.insert(result.user->id);
  });
  ASSERT_EQ(ids.size(), 1u);
  const auto user = db().user_by_id(*ids.begin());
  EXPECT_EQ(user->logins_count, 20);
  for (int i = 0; i < 20; ++i) {
    EXPECT_EQ(db().ticket("t-" + std::to_string(i))->user_id, user->id);
  }
}

TEST_P(StoreRaces, ConcurrentInsertsOfOneCodeLetOneIn) {
  std::atomic<int> inserted{0};
  race(20, [&](int i) {
    auto record = waiting_code("a");
    record.client_ip = "ip" + std::to_string(i);
    if (db().insert_code(record)) ++inserted;
  });
  EXPECT_EQ(inserted, 1);
}

// gene's inserts are group-committed: racing inserts share batches, and
// each still gets its own answer.
TEST_P(StoreRaces, ConcurrentInsertsOfDistinctCodesAllGoIn) {
  std::atomic<int> inserted{0};
  race(50, [&](int i) {
    if (db().insert_code(waiting_code("d" + std::to_string(i)))) ++inserted;
  });
  EXPECT_EQ(inserted, 50);
  for (int i = 0; i < 50; ++i) {
    const auto stored = db().code_by_random("r-d" + std::to_string(i));
    ASSERT_TRUE(stored) << i;
    EXPECT_EQ(stored->code, "c-d" + std::to_string(i));
  }
}

TEST_P(StoreRaces, RacingInsertsThatShareAScanCodeLetOneInAndTheRestOfTheirBatchToo) {
  std::atomic<int> shared_in{0}, own_in{0};
  race(40, [&](int i) {
    auto record = waiting_code("s" + std::to_string(i));
    if (i % 4 == 0) {
      record.code = "c-shared";  // ten poll keys, one scan code
      if (db().insert_code(record)) ++shared_in;
    } else if (db().insert_code(record)) {
      ++own_in;
    }
  });
  EXPECT_EQ(shared_in, 1);
  EXPECT_EQ(own_in, 30);
  const auto owner = db().code_by_code("c-shared");
  ASSERT_TRUE(owner);
  EXPECT_EQ(db().code_by_random(owner->random)->code, "c-shared");
}

TEST_P(StoreRaces, RacingSettingOrInsertAllGetTheOneStoredValue) {
  std::set<std::string> answers;
  std::mutex answers_mutex;
  race(20, [&](int i) {
    const auto value = db().setting_or_insert("admin_token", "v" + std::to_string(i));
    std::lock_guard lock(answers_mutex);
    answers.insert(value);
  });
  ASSERT_EQ(answers.size(), 1u);
  EXPECT_EQ(db().setting_or_insert("admin_token", "late"), *answers.begin());
}

TEST_P(StoreRaces, RacingFirstSigningKeysLetOneIn) {
  std::atomic<int> added{0};
  race(10, [&](int i) {
    signing_key_record key{"k" + std::to_string(i), "pem", t0, 0, 0};
    if (db().add_signing_key(key, true, 1'000)) ++added;
  });
  EXPECT_EQ(added, 1);
  EXPECT_EQ(db().signing_keys().size(), 1u);
}

}  // namespace
}  // namespace scan_login::server::testing::conformance
