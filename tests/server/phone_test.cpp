// The phone side: every allowed and refused transition, the scanner rule,
// the account rule (phone number is the key).

#include "handler_fixture.hpp"

namespace scan_login::server::testing {
namespace {

class phone : public handler_test {
 protected:
  void SetUp() override {
    data_ = gene();
    code_ = code_of(data_);
    random_ = data_["random"].get<std::string>();
  }
  int status() { return body_of(get("/api/v2/qrcode/check?random=" + random_))["data"]["status"]; }
  response confirm_with(const json& extra) {
    json body = {{"code", code_}};
    body.update(extra);
    return post("/api/v2/qrcode/confirm", body);
  }
  static int code_field(const response& res) { return body_of(res)["code"]; }

  json data_;
  std::string code_;
  std::string random_;
};

TEST_F(phone, context_describes_the_requesting_pc) {
  const auto res = get("/api/v2/qrcode/context?code=" + code_);
  ASSERT_EQ(res.result(), http::status::ok);
  const auto data = body_of(res)["data"];
  EXPECT_EQ(data["appName"], "Demo");
  EXPECT_EQ(data["ip"], "192.0.2.7");
  EXPECT_EQ(data["createdAt"], start_ms);
  EXPECT_EQ(data["status"], 0);
  EXPECT_EQ(data.dump().find(random_), std::string::npos);  // never reveals the poll key
  EXPECT_EQ(get("/api/v2/qrcode/context?code=nope").result(), http::status::not_found);
}

TEST_F(phone, scan_then_confirm_gives_a_ticket_to_the_poller) {
  const auto token = scan(code_);
  auto check = body_of(get("/api/v2/qrcode/check?random=" + random_))["data"];
  EXPECT_EQ(check["status"], 1);
  EXPECT_EQ(check["userInfo"],
            (json{{"nickname", "Nick openid-1"}, {"photo", "http://img/a.png"}}));
  EXPECT_FALSE(check.contains("ticket"));

  const auto ticket = confirm(code_, token);
  EXPECT_GE(ticket.size(), 22u);
  check = body_of(get("/api/v2/qrcode/check?random=" + random_))["data"];
  EXPECT_EQ(check["status"], 2);
  EXPECT_EQ(check["ticket"], ticket);
  EXPECT_EQ(check["userInfo"].size(), 2u);  // brief unless returnFullUserInfo
}

TEST_F(phone, full_user_info_in_check_only_when_the_app_allows) {
  auto app = *store_->app("demo");
  app.return_full_user_info = true;
  save_app(app);
  confirm(code_, scan(code_));
  const auto check = body_of(get("/api/v2/qrcode/check?random=" + random_))["data"];
  EXPECT_EQ(check["userInfo"]["phone"], "13800138000");
  EXPECT_EQ(check["userInfo"]["name"], "Zhang San");
}

TEST_F(phone, a_demo_scan_token_is_given_once_and_another_phone_is_refused) {
  // A self-asserted identity proves nothing: whoever knew the scanner's
  // openid would get its token again (the attack of issue 8).
  scan(code_);
  auto res =
      post("/api/v2/qrcode/scanned", {{"code", code_}, {"wechatUser", {{"openid", "openid-1"}}}});
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_EQ(code_field(res), 40901);
  EXPECT_FALSE(body_of(res)["data"].contains("scanToken"));
  res = post("/api/v2/qrcode/scanned", {{"code", code_}, {"wechatUser", {{"openid", "intruder"}}}});
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_EQ(code_field(res), 40903);
  EXPECT_EQ(status(), 1);
}

TEST_F(phone, confirm_needs_the_scanners_token) {
  auto res = confirm_with({{"scanToken", "anything"}});
  EXPECT_EQ(res.result(), http::status::conflict);  // not scanned yet
  EXPECT_EQ(code_field(res), 40901);
  scan(code_);
  res = confirm_with(json::object());
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_NE(body_of(res)["message"].get<std::string>().find("scanToken"), std::string::npos);
  res = confirm_with({{"scanToken", "forged"}});
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_EQ(code_field(res), 40903);
  EXPECT_EQ(status(), 1);
}

TEST_F(phone, confirm_checks_field_types_and_phone_format) {
  const auto token = scan(code_);
  for (const auto& [extra, field] : std::vector<std::pair<json, std::string>>{
           {{{"scanToken", token}, {"phone", 138}}, "phone"},
           {{{"scanToken", token}, {"phone", "call me"}}, "phone"},
           {{{"scanToken", token}, {"realName", true}}, "realName"}}) {
    const auto res = confirm_with(extra);
    EXPECT_EQ(res.result(), http::status::bad_request) << extra;
    EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind(field, 0), 0u) << res.body();
  }
  EXPECT_EQ(status(), 1);
}

TEST_F(phone, a_waiting_code_cannot_be_cancelled_and_a_cancelled_one_never_moves) {
  // Only the scanner cancels: someone who photographed the QR must not be
  // able to end another person's login.
  auto res = post("/api/v2/qrcode/cancel", {{"code", code_}, {"scanToken", "guess"}});
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_EQ(code_field(res), 40901);
  EXPECT_EQ(status(), 0);
  const auto token = scan(code_);
  ASSERT_EQ(post("/api/v2/qrcode/cancel", {{"code", code_}, {"scanToken", token}}).result(),
            http::status::ok);
  EXPECT_EQ(status(), 3);
  EXPECT_EQ(code_field(post("/api/v2/qrcode/cancel", {{"code", code_}, {"scanToken", token}})),
            40901);
  res = post("/api/v2/qrcode/scanned", {{"code", code_}, {"wechatUser", {{"openid", "o"}}}});
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_EQ(status(), 3);
}

TEST_F(phone, cancel_after_scan_needs_the_scanners_token) {
  const auto token = scan(code_);
  auto res = post("/api/v2/qrcode/cancel", {{"code", code_}});
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("scanToken", 0), 0u);
  res = post("/api/v2/qrcode/cancel", {{"code", code_}, {"scanToken", "forged"}});
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_EQ(code_field(res), 40903);
  res = post("/api/v2/qrcode/cancel", {{"code", code_}, {"scanToken", token}});
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(status(), 3);
  EXPECT_EQ(confirm_with({{"scanToken", token}}).result(), http::status::conflict);
}

TEST_F(phone, nothing_moves_after_confirm) {
  const auto token = scan(code_);
  confirm(code_, token);
  EXPECT_EQ(code_field(confirm_with({{"scanToken", token}})), 40901);
  EXPECT_EQ(code_field(post("/api/v2/qrcode/cancel", {{"code", code_}, {"scanToken", token}})),
            40901);
  EXPECT_EQ(status(), 2);
}

TEST_F(phone, expired_codes_refuse_every_phone_call_with_410) {
  const auto token = scan(code_);
  now_ += 120'000;
  EXPECT_EQ(status(), -1);
  auto res = confirm_with({{"scanToken", token}});
  EXPECT_EQ(res.result(), http::status::gone);
  EXPECT_EQ(code_field(res), 41001);
  EXPECT_EQ(post("/api/v2/qrcode/cancel", {{"code", code_}, {"scanToken", token}}).result(),
            http::status::gone);
  const auto other = code_of(gene());
  now_ += 120'000;
  EXPECT_EQ(
      post("/api/v2/qrcode/scanned", {{"code", other}, {"wechatUser", {{"openid", "o"}}}}).result(),
      http::status::gone);
}

TEST_F(phone, refusals_for_unknown_codes_and_bad_bodies) {
  for (const auto& path : {"scanned", "confirm", "cancel"}) {
    const auto target = std::string{"/api/v2/qrcode/"} + path;
    json body = {{"code", "nope"}, {"scanToken", "t"}};
    if (std::string{path} == "scanned") body["wechatUser"] = {{"openid", "o"}};
    auto res = post(target, body);
    EXPECT_EQ(res.result(), http::status::not_found) << path;
    EXPECT_EQ(code_field(res), 40403);
    res = post(target, json::object());
    EXPECT_EQ(res.result(), http::status::bad_request) << path;
    EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("code", 0), 0u);
    EXPECT_EQ(get(target).result(), http::status::method_not_allowed);
  }
  auto res = post("/api/v2/qrcode/scanned", {{"code", code_}});
  EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("jsCode", 0), 0u);
  res = post("/api/v2/qrcode/scanned", {{"code", code_}, {"wechatUser", {{"nickname", "x"}}}});
  EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("wechatUser.openid", 0), 0u);
}

// The account that a confirmed code logged in to.
#define USER_OF(code) (*store_->user_by_id(stored_code(code).user_id))

TEST_F(phone, phone_number_is_the_account_key) {
  confirm(code_, scan(code_, "openid-a"), "13800138000");
  const auto first = USER_OF(code_);
  EXPECT_EQ(first.logins_count, 1);
  EXPECT_EQ(first.phone, "13800138000");

  now_ += 1000;
  const auto again = code_of(gene());
  confirm(again, scan(again, "openid-b"), "138-0013-8000");  // same number, other phone
  const auto second = USER_OF(again);
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(second.logins_count, 2);
  EXPECT_EQ(second.registered_at, first.registered_at);
  EXPECT_EQ(second.last_login_at, start_ms + 1000);

  // openid-a's account has a number: a new number registers a new account.
  const auto other = code_of(gene());
  confirm(other, scan(other, "openid-a"), "13900139000");
  EXPECT_NE(USER_OF(other).id, first.id);
}

TEST_F(phone, a_wechat_identity_reaches_its_account_with_or_without_the_phone) {
  confirm(code_, scan(code_, "openid-a", "union-1"), "");
  const auto by_union = USER_OF(code_);
  EXPECT_FALSE(by_union.phone_verified);
  EXPECT_TRUE(by_union.phone.empty());
  // The same person (unionid) from another mini program, now sharing the phone.
  const auto again = code_of(gene());
  confirm(again, scan(again, "openid-other", "union-1"), "13800138000");
  const auto with_phone = USER_OF(again);
  EXPECT_EQ(with_phone.id, by_union.id);
  EXPECT_EQ(with_phone.logins_count, 2);
  EXPECT_EQ(with_phone.phone, "13800138000");
  // And later without it: still the same account.
  const auto third = code_of(gene());
  confirm(third, scan(third, "openid-a", "union-1"), "");
  EXPECT_EQ(USER_OF(third).id, by_union.id);

  const auto fourth = code_of(gene());
  confirm(fourth, scan(fourth, "openid-z"), "");
  EXPECT_NE(USER_OF(fourth).id, by_union.id);
}

TEST_F(phone, stand_in_phone_numbers_are_never_verified) {
  confirm(code_, scan(code_, "openid-a"), "13800138000");
  EXPECT_FALSE(USER_OF(code_).phone_verified);
  EXPECT_EQ(USER_OF(code_).pool, "demo");
}

#undef USER_OF

}  // namespace
}  // namespace scan_login::server::testing
