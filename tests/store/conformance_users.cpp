// Store conformance: what operators do with accounts (search, block,
// delete with personal data) and the audit log (append, query, retention,
// expired logins from the sweep).

#include "conformance_fixture.hpp"

namespace scan_login::server::testing::conformance {
namespace {

class StoreUsers : public store_conformance {
 protected:
  // Three accounts registered at t0, t0+1, t0+2 (u3 is the newest).
  void three_users() {
    auto first = login_of("openid:o1", "13800000001", "u1");
    first.real_name = "Zhang San";
    db().link_account(first, t0);
    db().link_account(login_of("openid:o2", "13900000002", "u2"), t0 + 1);
    auto demo = login_of("openid:o3", "", "u3", "demo");
    demo.profile.unionid = "un3";
    db().link_account(demo, t0 + 2);
  }
  std::vector<std::string> ids(const user_query& query) {
    std::vector<std::string> found;
    for (const auto& user : db().find_users(query).users) found.push_back(user.id);
    return found;
  }
};
SCAN_LOGIN_STORE_SUITE(StoreUsers);

TEST_P(StoreUsers, SearchesByPhoneIdIdentityNameAndPool) {
  three_users();
  user_query all;
  EXPECT_EQ(ids(all), (std::vector<std::string>{"u3", "u2", "u1"}));  // newest first
  EXPECT_EQ(db().find_users(all).total, 3u);
  user_query by_phone;
  by_phone.text = "3800";  // digits anywhere in the number
  EXPECT_EQ(ids(by_phone), (std::vector<std::string>{"u1"}));
  user_query by_id;
  by_id.text = "u2";
  EXPECT_EQ(ids(by_id), (std::vector<std::string>{"u2"}));
  user_query by_openid;
  by_openid.text = "o2";
  EXPECT_EQ(ids(by_openid), (std::vector<std::string>{"u2"}));
  user_query by_unionid;
  by_unionid.text = "un3";
  EXPECT_EQ(ids(by_unionid), (std::vector<std::string>{"u3"}));
  user_query by_name;
  by_name.text = "San";
  EXPECT_EQ(ids(by_name), (std::vector<std::string>{"u1"}));
  user_query demo;
  demo.pool = "demo";
  EXPECT_EQ(ids(demo), (std::vector<std::string>{"u3"}));
  user_query hostile;
  hostile.text = "%' OR 1=1 --";
  EXPECT_TRUE(ids(hostile).empty());
  EXPECT_EQ(db().find_users(hostile).total, 0u);
}

TEST_P(StoreUsers, PagesAndRegistrationRange) {
  three_users();
  user_query page;
  page.limit = 2;
  EXPECT_EQ(ids(page), (std::vector<std::string>{"u3", "u2"}));
  page.offset = 2;
  EXPECT_EQ(ids(page), (std::vector<std::string>{"u1"}));
  EXPECT_EQ(db().find_users(page).total, 3u);
  user_query range;
  range.registered_from = t0 + 1;
  range.registered_until = t0 + 2;
  EXPECT_EQ(ids(range), (std::vector<std::string>{"u2"}));
}

TEST_P(StoreUsers, BlockAndUnblock) {
  three_users();
  const auto blocked = db().set_user_blocked("u2", t0 + 50);
  ASSERT_TRUE(blocked);
  EXPECT_EQ(blocked->blocked_at, t0 + 50);
  EXPECT_EQ(db().user_by_id("u2")->blocked_at, t0 + 50);
  user_query only_blocked;
  only_blocked.blocked = true;
  EXPECT_EQ(ids(only_blocked), (std::vector<std::string>{"u2"}));
  only_blocked.blocked = false;
  EXPECT_EQ(ids(only_blocked), (std::vector<std::string>{"u3", "u1"}));
  EXPECT_EQ(db().set_user_blocked("u2", 0)->blocked_at, 0);
  EXPECT_FALSE(db().set_user_blocked("nobody", t0));
}

TEST_P(StoreUsers, ABlockedAccountsConfirmChangesNothing) {
  db().link_account(login_of("openid:o1", "13800000001", "u1"), t0);
  ASSERT_TRUE(db().set_user_blocked("u1", t0 + 10));
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  ASSERT_TRUE(db().transition(scan_request("c-a", "o1"), std::nullopt).moved);
  // The same person by phone number, from another identity: still blocked.
  const auto result = db().transition(answer_request("c-a", "o9", code_status::confirmed),
                                      confirm_of("a", "openid:o9", "13800000001", "u9"));
  // (The scan token is o1's: the move itself would fail with o9's.)
  EXPECT_FALSE(result.moved);
  auto by_owner = answer_request("c-a", "o1", code_status::confirmed);
  const auto refused = db().transition(by_owner, confirm_of("a", "openid:o1", "13800000001", "u1"));
  EXPECT_FALSE(refused.moved);
  EXPECT_TRUE(refused.blocked);
  ASSERT_TRUE(refused.user);
  EXPECT_EQ(refused.user->id, "u1");
  // Nothing changed: the code is still scanned, no ticket, no login counted.
  EXPECT_EQ(db().code_by_code("c-a")->status, code_status::scanned);
  EXPECT_FALSE(db().ticket("t-a"));
  EXPECT_EQ(db().user_by_id("u1")->logins_count, 0);
  // The flow then ends the code with the refusal the PC's check reports.
  transition_request end = answer_request("c-a", "o1", code_status::cancelled);
  end.refusal = "account_blocked";
  ASSERT_TRUE(db().transition(end, std::nullopt).moved);
  EXPECT_EQ(db().code_by_code("c-a")->refusal, "account_blocked");
  EXPECT_EQ(db().code_by_random("r-a")->refusal, "account_blocked");
}

TEST_P(StoreUsers, IdentityLookupAndList) {
  three_users();
  const auto found = db().user_by_identity("wechat", "openid:o2");
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, "u2");
  EXPECT_FALSE(db().user_by_identity("demo", "openid:o2"));  // pools are apart
  const auto identities = db().identities_of("u3");
  ASSERT_EQ(identities.size(), 1u);
  EXPECT_EQ(identities[0].pool, "demo");
  EXPECT_EQ(identities[0].identity, "openid:o3");
  EXPECT_TRUE(db().identities_of("nobody").empty());
}

TEST_P(StoreUsers, DeleteRemovesTheAccountItsIdentitiesTicketsAndCodeData) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  ASSERT_TRUE(db().transition(scan_request("c-a", "o1"), std::nullopt).moved);
  auto effects = confirm_of("a", "openid:o1", "13800000001", "u1");
  effects.profile.photo = "http://127.0.0.1:8080/avatars/abc123.png";
  ASSERT_TRUE(db().transition(answer_request("c-a", "o1", code_status::confirmed), effects).moved);
  db().put_avatar({"abc123", "image/png", "PNGDATA", t0});
  db().put_avatar({"other", "image/png", "PNG2", t0});

  EXPECT_TRUE(db().delete_user("u1"));
  EXPECT_FALSE(db().user_by_id("u1"));
  EXPECT_TRUE(db().identities_of("u1").empty());
  EXPECT_FALSE(db().user_by_identity("wechat", "openid:o1"));
  // The open ticket no longer exchanges.
  EXPECT_EQ(db().consume_ticket("t-a", t0 + 3'000).outcome, consume_outcome::unknown);
  const auto code = db().code_by_code("c-a");
  ASSERT_TRUE(code);
  EXPECT_EQ(code->user_id, "");
  EXPECT_EQ(code->scanner.openid, "");
  EXPECT_EQ(code->scanner.nickname, "");
  EXPECT_FALSE(db().avatar("abc123"));
  EXPECT_TRUE(db().avatar("other"));
  EXPECT_FALSE(db().delete_user("u1"));  // gone already
  // The same person logging in again is a new account.
  const auto again = db().link_account(login_of("openid:o1", "13800000001", "u2"), t0 + 5'000);
  EXPECT_EQ(again.id, "u2");
}

TEST_P(StoreUsers, AnAvatarOtherAccountsShowIsKept) {
  auto first = login_of("openid:o1", "", "u1");
  first.profile.photo = "/avatars/shared.png";
  auto second = login_of("openid:o2", "", "u2");
  second.profile.photo = "/avatars/shared.png";
  db().link_account(first, t0);
  db().link_account(second, t0);
  db().put_avatar({"shared", "image/png", "PNG", t0});
  EXPECT_TRUE(db().delete_user("u1"));
  EXPECT_TRUE(db().avatar("shared"));
}

class StoreAudit : public store_conformance {
 protected:
  audit_record entry(std::int64_t at, const std::string& kind, const std::string& app,
                     const std::string& user) {
    audit_record e;
    e.at = at;
    e.kind = kind;
    e.app_id = app;
    e.user_id = user;
    e.actor = "admin";
    e.ip = "127.0.0.1";
    e.detail = R"({"fields":["name"]})";
    return e;
  }
  std::vector<std::string> kinds(const audit_query& query) {
    std::vector<std::string> found;
    for (const auto& e : db().audit(query)) found.push_back(e.kind);
    return found;
  }
};
SCAN_LOGIN_STORE_SUITE(StoreAudit);

TEST_P(StoreAudit, NewestFirstFilteredAndPaged) {
  db().append_audit(entry(t0, "app.created", "app1", ""));
  db().append_audit(entry(t0 + 1, "login.confirmed", "app1", "u1"));
  db().append_audit(entry(t0 + 2, "login.refused", "app2", "u1"));
  db().append_audit(entry(t0 + 3, "user.blocked", "", "u1"));
  const auto all = db().audit({});
  ASSERT_EQ(all.size(), 4u);
  EXPECT_EQ(all[0].kind, "user.blocked");
  EXPECT_GT(all[0].id, all[1].id);
  EXPECT_EQ(all[3].detail, R"({"fields":["name"]})");
  EXPECT_EQ(all[3].ip, "127.0.0.1");
  EXPECT_EQ(all[3].actor, "admin");
  audit_query by_app;
  by_app.app_id = "app1";
  EXPECT_EQ(kinds(by_app), (std::vector<std::string>{"login.confirmed", "app.created"}));
  audit_query by_user;
  by_user.user_id = "u1";
  by_user.kind = "login.";  // a prefix
  EXPECT_EQ(kinds(by_user), (std::vector<std::string>{"login.refused", "login.confirmed"}));
  audit_query exact;
  exact.kind = "login";  // not a prefix without the dot
  EXPECT_TRUE(kinds(exact).empty());
  audit_query page;
  page.limit = 2;
  const auto first = db().audit(page);
  ASSERT_EQ(first.size(), 2u);
  page.before_id = first.back().id;
  EXPECT_EQ(kinds(page), (std::vector<std::string>{"login.confirmed", "app.created"}));
}

TEST_P(StoreAudit, AConfirmWritesItsEntryInItsOwnTransaction) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));
  ASSERT_TRUE(db().transition(scan_request("c-a", "o1"), std::nullopt).moved);
  auto effects = confirm_of("a", "openid:o1", "13800000001", "u1");
  effects.audit = entry(t0 + 2'000, "login.confirmed", "app1", "");
  ASSERT_TRUE(db().transition(answer_request("c-a", "o1", code_status::confirmed), effects).moved);
  auto log = db().audit({});
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].kind, "login.confirmed");
  EXPECT_EQ(log[0].user_id, "u1");  // filled in by the store
  // A confirm that does not move (the code is confirmed already) writes none,
  // nor does one whose account is blocked.
  EXPECT_FALSE(db().transition(answer_request("c-a", "o1", code_status::confirmed), effects).moved);
  ASSERT_TRUE(db().set_user_blocked("u1", t0 + 3'000));
  ASSERT_TRUE(db().insert_code(waiting_code("b")));
  ASSERT_TRUE(db().transition(scan_request("c-b", "o1"), std::nullopt).moved);
  auto blocked = confirm_of("b", "openid:o1", "13800000001", "u2");
  blocked.audit = effects.audit;
  EXPECT_TRUE(
      db().transition(answer_request("c-b", "o1", code_status::confirmed), blocked).blocked);
  EXPECT_EQ(db().audit({}).size(), 1u);
}

TEST_P(StoreAudit, RetentionDropsOldEntries) {
  db().append_audit(entry(t0, "app.created", "app1", ""));
  db().append_audit(entry(t0 + 10, "app.deleted", "app1", ""));
  EXPECT_EQ(db().sweep_audit(t0 + 10), 1u);
  EXPECT_EQ(kinds({}), (std::vector<std::string>{"app.deleted"}));
  EXPECT_EQ(db().sweep_audit(t0 + 10), 0u);
}

TEST_P(StoreAudit, TheSweepLogsAScannedCodeThatExpiredOnce) {
  ASSERT_TRUE(db().insert_code(waiting_code("a")));  // never scanned: no login attempt
  ASSERT_TRUE(db().insert_code(waiting_code("b")));
  ASSERT_TRUE(db().transition(scan_request("c-b", "o1"), std::nullopt).moved);
  const std::int64_t retention = 60'000;
  const std::int64_t after = t0 + 120'000 + retention + 1;
  EXPECT_EQ(db().sweep(after, retention), 2u);
  EXPECT_EQ(db().sweep(after, retention), 0u);
  const auto log = db().audit({});
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0].kind, "login.expired");
  EXPECT_EQ(log[0].at, t0 + 120'000);
  EXPECT_EQ(log[0].app_id, "app1");
  EXPECT_EQ(log[0].ip, "203.0.113.7");
  EXPECT_NE(log[0].detail.find("Chrome 120 on Windows"), std::string::npos);
}

}  // namespace
}  // namespace scan_login::server::testing::conformance
