// The admin API over accounts and the audit log: search with masked phone
// numbers, one user's page, block (refused at scan and at confirm, the PC
// told), delete with personal data (open tickets stop working), export, and
// the audit log of logins and admin changes, newest first, filtered.

#include "handler_fixture.hpp"

namespace scan_login::server::testing {
namespace {

class users_api : public handler_test {
 protected:
  std::vector<std::pair<std::string, std::string>> admin() {
    return {{"authorization", "Bearer admin-token"}};
  }
  response admin_get(const std::string& target) { return get(target, admin()); }
  response admin_post(const std::string& target) {
    return send(http::verb::post, target, {}, admin());
  }
  // A whole demo login of `openid` with `phone`; returns the user id.
  std::string log_in(const std::string& openid, const std::string& phone) {
    const auto code = code_of(gene());
    const auto ticket = confirm(code, scan(code, openid), phone);
    EXPECT_FALSE(ticket.empty());
    return stored_code(code).user_id;
  }
  json check_of(const std::string& random) {
    return body_of(get("/api/v2/qrcode/check?random=" + random));
  }
  std::vector<std::string> kinds(const std::string& query = {}) {
    const auto res = admin_get("/api/v2/admin/audit" + query);
    EXPECT_EQ(res.result(), http::status::ok) << res.body();
    const auto body = body_of(res);  // kept: the loop reads into it
    std::vector<std::string> found;
    for (const auto& event : body["data"]["events"]) found.push_back(event["kind"]);
    return found;
  }
};

TEST_F(users_api, the_list_masks_phone_numbers_and_searches) {
  const auto first = log_in("o-1", "13800000001");
  now_ += 1000;
  const auto second = log_in("o-2", "13900000002");
  auto res = admin_get("/api/v2/admin/users");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  auto data = body_of(res)["data"];
  EXPECT_EQ(data["total"], 2);
  ASSERT_EQ(data["users"].size(), 2u);
  EXPECT_EQ(data["users"][0]["id"], second);  // newest first
  EXPECT_EQ(data["users"][0]["phone"], "139****0002");
  EXPECT_EQ(data["users"][1]["phone"], "138****0001");
  EXPECT_EQ(data["users"][1]["pool"], "demo");
  EXPECT_EQ(data["users"][1]["blocked"], false);
  EXPECT_EQ(res.body().find("13800000001"), std::string::npos);
  // Search by phone digits, by openid, by id.
  res = admin_get("/api/v2/admin/users?q=3800000");
  EXPECT_EQ(body_of(res)["data"]["total"], 1);
  EXPECT_EQ(body_of(res)["data"]["users"][0]["id"], first);
  res = admin_get("/api/v2/admin/users?q=o-2");
  EXPECT_EQ(body_of(res)["data"]["users"][0]["id"], second);
  res = admin_get("/api/v2/admin/users?q=" + first);
  EXPECT_EQ(body_of(res)["data"]["users"][0]["id"], first);
  res = admin_get("/api/v2/admin/users?limit=1&offset=1");
  EXPECT_EQ(body_of(res)["data"]["users"].size(), 1u);
  EXPECT_EQ(body_of(res)["data"]["users"][0]["id"], first);
}

TEST_F(users_api, malformed_searches_are_refused_readably) {
  for (const auto* target : {"/api/v2/admin/users?limit=0", "/api/v2/admin/users?limit=abc",
                             "/api/v2/admin/users?limit=201", "/api/v2/admin/users?offset=-1",
                             "/api/v2/admin/users?blocked=maybe", "/api/v2/admin/users?pool=other",
                             "/api/v2/admin/audit?limit=501", "/api/v2/admin/audit?before=x"}) {
    const auto res = admin_get(target);
    EXPECT_EQ(res.result(), http::status::bad_request) << target;
    EXPECT_EQ(body_of(res)["code"], 40001) << target;
  }
  const auto res = admin_get("/api/v2/admin/users?q=" + std::string(200, 'a'));
  EXPECT_EQ(body_of(res)["code"], 40001);
  // Without the admin token: nothing.
  EXPECT_EQ(get("/api/v2/admin/users").result(), http::status::unauthorized);
  EXPECT_EQ(get("/api/v2/admin/audit").result(), http::status::unauthorized);
  EXPECT_EQ(send(http::verb::delete_, "/api/v2/admin/users/x").result(),
            http::status::unauthorized);
}

TEST_F(users_api, one_users_page_has_the_whole_number_identities_apps_and_logins) {
  const auto id = log_in("o-1", "13800000001");
  log_in("o-1", "13800000001");
  const auto res = admin_get("/api/v2/admin/users/" + id);
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const auto data = body_of(res)["data"];
  EXPECT_EQ(data["user"]["phone"], "13800000001");
  EXPECT_EQ(data["user"]["loginsCount"], 2);
  ASSERT_EQ(data["identities"].size(), 1u);
  EXPECT_EQ(data["identities"][0]["identity"], "openid:o-1");
  ASSERT_EQ(data["apps"].size(), 1u);
  EXPECT_EQ(data["apps"][0]["appId"], "demo");
  EXPECT_EQ(data["apps"][0]["logins"], 2);
  ASSERT_EQ(data["events"].size(), 2u);
  EXPECT_EQ(data["events"][0]["kind"], "login.confirmed");
  EXPECT_EQ(data["events"][0]["ip"], client_ip_);
  EXPECT_EQ(data["events"][0]["detail"]["pool"], "demo");
}

TEST_F(users_api, unknown_user_ids_are_a_404_and_change_nothing) {
  for (const auto& [verb, target] : std::vector<std::pair<http::verb, std::string>>{
           {http::verb::get, "/api/v2/admin/users/nobody"},
           {http::verb::get, "/api/v2/admin/users/nobody/export"},
           {http::verb::post, "/api/v2/admin/users/nobody/block"},
           {http::verb::post, "/api/v2/admin/users/nobody/unblock"},
           {http::verb::delete_, "/api/v2/admin/users/nobody"}}) {
    const auto res = send(verb, target, {}, admin());
    EXPECT_EQ(res.result(), http::status::not_found) << target;
    EXPECT_EQ(body_of(res)["code"], 40406) << target;
  }
  EXPECT_TRUE(kinds().empty());
  EXPECT_EQ(admin_get("/api/v2/admin/users/x/other").result(), http::status::not_found);
  EXPECT_EQ(admin_post("/api/v2/admin/users/x/export").result(), http::status::method_not_allowed);
}

TEST_F(users_api, a_blocked_person_is_refused_at_scan_and_the_pc_is_told) {
  const auto id = log_in("o-1", "13800000001");
  auto res = admin_post("/api/v2/admin/users/" + id + "/block");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(body_of(res)["data"]["user"]["blocked"], true);

  const auto made = gene();
  const auto code = code_of(made);
  res = post("/api/v2/qrcode/scanned",
             {{"code", code}, {"wechatUser", {{"openid", "o-1"}, {"nickname", "N"}}}});
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_EQ(body_of(res)["code"], 40308);
  EXPECT_NE(body_of(res)["message"].get<std::string>().find("blocked"), std::string::npos);
  // The PC's check answers the refusal (the element fires `error`); no ticket.
  const auto check = check_of(made["random"]);
  EXPECT_EQ(check["code"], 40308) << check.dump();
  EXPECT_TRUE(stored_code(code).ticket.empty());
  EXPECT_EQ(stored_code(code).status, code_status::cancelled);

  const auto log = body_of(admin_get("/api/v2/admin/audit?kind=login.refused"))["data"]["events"];
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0]["userId"], id);
  EXPECT_EQ(log[0]["detail"]["reason"], "account_blocked");
  EXPECT_EQ(log[0]["detail"]["step"], "scan");

  // Unblocked, the same person logs in again to the same account.
  ASSERT_EQ(admin_post("/api/v2/admin/users/" + id + "/unblock").result(), http::status::ok);
  EXPECT_EQ(log_in("o-1", "13800000001"), id);
  EXPECT_EQ(kinds("?userId=" + id + "&kind=user."),
            (std::vector<std::string>{"user.unblocked", "user.blocked"}));
}

TEST_F(users_api, a_blocked_phone_number_is_refused_at_confirm_from_another_identity) {
  const auto id = log_in("o-1", "13800000001");
  ASSERT_EQ(admin_post("/api/v2/admin/users/" + id + "/block").result(), http::status::ok);
  const auto made = gene();
  const auto code = code_of(made);
  const auto token = scan(code, "o-new");  // a new identity: no account yet
  const auto res = post("/api/v2/qrcode/confirm",
                        {{"code", code}, {"scanToken", token}, {"phone", "13800000001"}});
  EXPECT_EQ(res.result(), http::status::forbidden) << res.body();
  EXPECT_EQ(body_of(res)["code"], 40308);
  EXPECT_EQ(check_of(made["random"])["code"], 40308);
  EXPECT_TRUE(stored_code(code).ticket.empty());
  // Nothing of the refused login stuck: no identity linked, no login counted.
  const auto data = body_of(admin_get("/api/v2/admin/users/" + id))["data"];
  EXPECT_EQ(data["identities"].size(), 1u);
  EXPECT_EQ(data["user"]["loginsCount"], 1);
  EXPECT_EQ(body_of(admin_get("/api/v2/admin/users"))["data"]["total"], 1);
}

TEST_F(users_api, deleting_a_user_removes_their_data_and_their_open_ticket) {
  const auto made = gene();
  const auto code = code_of(made);
  const auto ticket = confirm(code, scan(code, "o-1"), "13800000001");
  const auto id = stored_code(code).user_id;
  // The export first: everything kept about the person.
  auto res = admin_get("/api/v2/admin/users/" + id + "/export");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_NE(res[http::field::content_disposition].find("attachment"), std::string::npos);
  const auto exported = json::parse(res.body());
  EXPECT_EQ(exported["user"]["phone"], "13800000001");
  EXPECT_EQ(exported["user"]["name"], "Zhang San");
  EXPECT_EQ(exported["identities"][0]["identity"], "openid:o-1");
  EXPECT_EQ(exported["events"][0]["kind"], "user.exported");  // the export is audited too
  EXPECT_EQ(exported["events"][1]["kind"], "login.confirmed");

  res = send(http::verb::delete_, "/api/v2/admin/users/" + id, {}, admin());
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(admin_get("/api/v2/admin/users/" + id).result(), http::status::not_found);
  res = post("/api/v2/qrcode/userinfo", {{"ticket", ticket}}, {{"x-authing-app-secret", secret}});
  EXPECT_EQ(res.result(), http::status::not_found) << res.body();
  EXPECT_EQ(stored_code(code).scanner.nickname, "");
  EXPECT_EQ(body_of(admin_get("/api/v2/admin/users"))["data"]["total"], 0);
  // The audit log keeps the id, nothing personal.
  const auto log = admin_get("/api/v2/admin/audit?userId=" + id);
  EXPECT_EQ(body_of(log)["data"]["events"][0]["kind"], "user.deleted");
  EXPECT_EQ(log.body().find("13800000001"), std::string::npos);
  EXPECT_EQ(log.body().find("Zhang San"), std::string::npos);
}

TEST_F(users_api, the_audit_log_has_logins_and_admin_changes_never_secrets) {
  log_in("o-1", "13800000001");
  const auto code = code_of(gene());
  const auto token = scan(code, "o-2");
  ASSERT_EQ(post("/api/v2/qrcode/cancel", {{"code", code}, {"scanToken", token}}).result(),
            http::status::ok);
  // Another phone's confirm of a code it did not scan: refused, logged.
  const auto other = code_of(gene());
  scan(other, "o-3");
  post("/api/v2/qrcode/confirm", {{"code", other}, {"scanToken", "forged"}});

  auto res = send(http::verb::post, "/api/v2/admin/applications",
                  json{{"appId", "shop"}, {"mode", "demo"}}.dump(), admin());
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const auto shop_secret = body_of(res)["data"]["appSecret"].get<std::string>();
  res = send(
      http::verb::put, "/api/v2/admin/applications/shop",
      json{{"name", "Shop"}, {"miniProgram", {{"appId", "wxshop"}, {"appSecret", "mp-s3cret"}}}}
          .dump(),
      admin());
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  ASSERT_EQ(admin_post("/api/v2/admin/applications/shop/secret").result(), http::status::ok);
  ASSERT_EQ(admin_post("/api/v2/admin/signing-keys/rotate").result(), http::status::ok);
  ASSERT_EQ(send(http::verb::delete_, "/api/v2/admin/applications/shop", {}, admin()).result(),
            http::status::ok);

  EXPECT_EQ(kinds(), (std::vector<std::string>{"app.deleted", "key.rotated", "app.secret_rotated",
                                               "app.updated", "app.created", "login.refused",
                                               "login.cancelled", "login.confirmed"}));
  EXPECT_EQ(kinds("?appId=shop"), (std::vector<std::string>{"app.deleted", "app.secret_rotated",
                                                            "app.updated", "app.created"}));
  EXPECT_EQ(kinds("?kind=login."),
            (std::vector<std::string>{"login.refused", "login.cancelled", "login.confirmed"}));
  res = admin_get("/api/v2/admin/audit?appId=shop&kind=app.updated");
  const auto updated = body_of(res)["data"]["events"][0];
  EXPECT_EQ(updated["actor"], "admin");
  EXPECT_EQ(updated["ip"], client_ip_);
  EXPECT_EQ(updated["detail"]["fields"], (json{"miniProgram", "name"}));
  const auto all = admin_get("/api/v2/admin/audit").body();
  EXPECT_EQ(all.find("mp-s3cret"), std::string::npos);
  EXPECT_EQ(all.find(shop_secret), std::string::npos);
  EXPECT_EQ(all.find(token), std::string::npos);
  EXPECT_EQ(all.find("13800000001"), std::string::npos);
  const auto refused = body_of(admin_get("/api/v2/admin/audit?kind=login.refused"))["data"];
  EXPECT_EQ(refused["events"][0]["detail"]["reason"], "other_scanner");

  // Paging: `next` is the `before` of the next page; the last page has none.
  res = admin_get("/api/v2/admin/audit?limit=5");
  const auto page = body_of(res)["data"];
  ASSERT_EQ(page["events"].size(), 5u);
  res = admin_get("/api/v2/admin/audit?limit=5&before=" + std::to_string(page["next"].get<long>()));
  const auto rest = body_of(res)["data"];
  EXPECT_EQ(rest["events"].size(), 3u);
  EXPECT_TRUE(rest["next"].is_null());
}

TEST_F(users_api, the_sweep_drops_audit_entries_past_their_retention) {
  log_in("o-1", "13800000001");
  settings_.limits.audit_retention_days = 1;
  rebuild();
  now_ += 86'400'000;  // exactly one day later: still kept
  handler_->sweep();
  EXPECT_EQ(kinds().size(), 1u);
  now_ += 1;
  handler_->sweep();
  EXPECT_TRUE(kinds().empty());
}

}  // namespace
}  // namespace scan_login::server::testing
