// The account rule on its own, over an in-memory set of rows: which account
// a login reaches (PROTOCOL.md "Account system"). The backends run the same
// function inside their transactions; conformance tests cover that part.

#include "store/account_rule.hpp"

#include <gtest/gtest.h>

#include <map>

namespace scan_login::server::testing {
namespace {

class rows_in_memory : public account_rows {
 public:
  std::optional<user_record> user_by_phone(const std::string& pool,
                                           const std::string& phone) override {
    for (const auto& [id, user] : users) {
      if (user.pool == pool && user.phone == phone) return user;
    }
    return std::nullopt;
  }
  std::optional<user_record> user_by_identity(const std::string& pool,
                                              const std::string& identity) override {
    const auto it = links.find(pool + "|" + identity);
    if (it == links.end()) return std::nullopt;
    return users.at(it->second);
  }
  void insert_user(const user_record& user) override { users.emplace(user.id, user); }
  void update_user(const user_record& user) override { users.at(user.id) = user; }
  void link_identity(const std::string& pool, const std::string& identity,
                     const std::string& user_id) override {
    links[pool + "|" + identity] = user_id;
  }

  std::map<std::string, user_record> users;
  std::map<std::string, std::string> links;
};

confirm_effects login(const std::string& identity, const std::string& phone,
                      const std::string& new_id, const std::string& pool = "wechat") {
  confirm_effects effects;
  effects.pool = pool;
  effects.identity = identity;
  effects.phone = phone;
  effects.phone_verified = !phone.empty();
  effects.profile.openid = identity.substr(identity.find(':') + 1);
  effects.profile.nickname = "Nick";
  effects.new_user_id = new_id;
  return effects;
}

TEST(AccountRule, FirstWithoutPhoneThenWithPhoneIsOneAccount) {
  rows_in_memory rows;
  const auto first = apply_account_rule(rows, login("openid:o1", "", "u1"), 1);
  const auto second = apply_account_rule(rows, login("openid:o1", "13800138000", "u2"), 2);
  EXPECT_EQ(first.id, "u1");
  EXPECT_EQ(second.id, "u1");
  EXPECT_EQ(second.phone, "13800138000");
  EXPECT_TRUE(second.phone_verified);
  EXPECT_EQ(rows.users.size(), 1u);
}

TEST(AccountRule, FirstWithPhoneThenWithoutIsOneAccount) {
  rows_in_memory rows;
  const auto first = apply_account_rule(rows, login("openid:o1", "13800138000", "u1"), 1);
  const auto second = apply_account_rule(rows, login("openid:o1", "", "u2"), 2);
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(second.phone, "13800138000");
  EXPECT_EQ(second.registered_at, 1);
}

TEST(AccountRule, PhoneOwnedByAnotherAccountLogsThatAccountInAndMovesTheIdentity) {
  rows_in_memory rows;
  apply_account_rule(rows, login("openid:owner", "13800138000", "owner"), 1);
  apply_account_rule(rows, login("openid:o2", "", "u2"), 2);
  const auto moved = apply_account_rule(rows, login("openid:o2", "13800138000", "u3"), 3);
  EXPECT_EQ(moved.id, "owner");
  EXPECT_EQ(rows.links.at("wechat|openid:o2"), "owner");
  // u2 is kept, not merged.
  EXPECT_EQ(rows.users.count("u2"), 1u);
  EXPECT_EQ(rows.users.size(), 2u);
}

TEST(AccountRule, NewNumberForAnAccountWithAnotherNumberRegistersANewAccount) {
  rows_in_memory rows;
  apply_account_rule(rows, login("openid:o1", "13800138000", "u1"), 1);
  const auto other = apply_account_rule(rows, login("openid:o1", "13900139000", "u2"), 2);
  EXPECT_EQ(other.id, "u2");
  EXPECT_EQ(rows.users.at("u1").phone, "13800138000");
  EXPECT_EQ(rows.links.at("wechat|openid:o1"), "u2");
}

TEST(AccountRule, PoolsAreSeparate) {
  rows_in_memory rows;
  const auto real = apply_account_rule(rows, login("openid:o1", "13800138000", "u1"), 1);
  const auto demo = apply_account_rule(rows, login("openid:o1", "13800138000", "u2", "demo"), 2);
  EXPECT_NE(real.id, demo.id);
  EXPECT_EQ(demo.pool, "demo");
}

TEST(AccountRule, RealNameKeptWhenNotGivenAgain) {
  rows_in_memory rows;
  auto first = login("unionid:un1", "", "u1");
  first.real_name = "Zhang San";
  apply_account_rule(rows, first, 1);
  const auto second = apply_account_rule(rows, login("unionid:un1", "", "u2"), 2);
  EXPECT_EQ(second.name, "Zhang San");
}

}  // namespace
}  // namespace scan_login::server::testing
