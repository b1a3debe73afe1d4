// A `wechat` app through the pure handler (PROTOCOL.md "Phone side"): every
// self-asserted identity is refused before anything changes. What WeChat
// itself answers is tested against the fake WeChat API server
// (tests/deploy/wechat_gateway.test.mjs); this fixture's flow has no gateway.

#include "handler_fixture.hpp"

namespace scan_login::server::testing {
namespace {

class wechat_mode : public handler_test {
 protected:
  wechat_mode() {
    const auto data = gene_for("wx");
    code_ = code_of(data);
    random_ = data["random"].get<std::string>();
  }

  json gene_for(const std::string& app) {
    const auto res = post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", app}});
    EXPECT_EQ(res.result(), http::status::ok) << res.body();
    return body_of(res)["data"];
  }
  int status() {
    return body_of(get("/api/v2/qrcode/check?random=" + random_))["data"]["status"].get<int>();
  }
  static int code_field(const response& res) { return body_of(res)["code"].get<int>(); }

  // The code as if WeChat had vouched for openid-victim (the store's move).
  std::string scanned_by_wechat() {
    transition_request move;
    move.code = code_;
    move.from = code_status::waiting;
    move.to = code_status::scanned;
    move.now = now_;
    move.scanner = wechat_user{"openid-victim", "", "Victim", ""};
    move.scan_token = "token-from-a-real-scan";
    EXPECT_TRUE(store_->transition(move, std::nullopt).moved);
    return move.scan_token;
  }

  std::string code_;
  std::string random_;
};

TEST_F(wechat_mode, a_self_asserted_openid_or_unionid_is_refused_and_nothing_moves) {
  for (const auto& user :
       {json{{"openid", "openid-victim"}}, json{{"unionid", "union-victim"}, {"nickname", "x"}}}) {
    const auto res = post("/api/v2/qrcode/scanned", {{"code", code_}, {"wechatUser", user}});
    EXPECT_EQ(res.result(), http::status::forbidden) << res.body();
    EXPECT_EQ(code_field(res), 40306);
    EXPECT_NE(body_of(res)["message"].get<std::string>().find("jsCode"), std::string::npos);
    EXPECT_FALSE(body_of(res)["data"].contains("scanToken"));
  }
  // With a jsCode too: the claimed identity is still refused, WeChat unasked.
  const auto res = post(
      "/api/v2/qrcode/scanned",
      {{"code", code_}, {"jsCode", "whatever"}, {"wechatUser", {{"openid", "openid-victim"}}}});
  EXPECT_EQ(code_field(res), 40306);
  EXPECT_EQ(status(), 0);
}

TEST_F(wechat_mode, an_attacker_who_knows_the_victims_openid_gets_no_scan_token) {
  scanned_by_wechat();
  const auto res = post("/api/v2/qrcode/scanned",
                        {{"code", code_}, {"wechatUser", {{"openid", "openid-victim"}}}});
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_FALSE(body_of(res)["data"].contains("scanToken"));
  EXPECT_EQ(status(), 1);
}

TEST_F(wechat_mode, a_typed_phone_number_is_refused_and_nothing_moves) {
  const auto token = scanned_by_wechat();
  const auto res = post("/api/v2/qrcode/confirm",
                        {{"code", code_}, {"scanToken", token}, {"phone", "13800138000"}});
  EXPECT_EQ(res.result(), http::status::forbidden) << res.body();
  EXPECT_EQ(code_field(res), 40306);
  EXPECT_NE(body_of(res)["message"].get<std::string>().find("phoneCode"), std::string::npos);
  EXPECT_EQ(status(), 1);
}

TEST_F(wechat_mode, a_js_code_needs_a_gateway_and_says_so) {
  const auto res = post("/api/v2/qrcode/scanned", {{"code", code_}, {"jsCode", "0a1b2c"}});
  EXPECT_EQ(res.result(), http::status::bad_gateway) << res.body();
  EXPECT_EQ(code_field(res), 50202);
  EXPECT_NE(body_of(res)["message"].get<std::string>().find("--wechat-api-base"),
            std::string::npos);
  EXPECT_EQ(status(), 0);
}

TEST_F(wechat_mode, a_demo_app_refuses_wechat_codes) {
  const auto demo = code_of(gene_for("demo"));
  auto res = post("/api/v2/qrcode/scanned", {{"code", demo}, {"jsCode", "0a1b2c"}});
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("jsCode", 0), 0u);
  const auto token = scan(demo);
  res = post("/api/v2/qrcode/confirm", {{"code", demo}, {"scanToken", token}, {"phoneCode", "p"}});
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("phoneCode", 0), 0u);
}

TEST_F(wechat_mode, the_mode_is_public_and_in_the_phone_context) {
  auto res = get("/api/v2/applications/wx/public-config");
  EXPECT_EQ(body_of(res)["data"]["mode"], "wechat");
  res = get("/api/v2/applications/demo/public-config");
  EXPECT_EQ(body_of(res)["data"]["mode"], "demo");
  res = get("/api/v2/qrcode/context?code=" + code_);
  EXPECT_EQ(body_of(res)["data"]["mode"], "wechat");
  EXPECT_EQ(body_of(res)["data"]["appName"], "Demo");
}

TEST_F(wechat_mode, a_browser_opening_a_wechat_qr_is_told_to_scan_with_wechat) {
  const auto res = get("/m/" + code_);
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_NE(res.body().find("Scan with WeChat"), std::string::npos);
  EXPECT_EQ(res.body().find("openid"), std::string::npos);  // no stand-in controls
}

TEST_F(wechat_mode, the_mini_programs_verification_file_is_served_under_the_rule) {
  auto res = get("/m/AbCd1234.txt");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), "verify-me");
  EXPECT_EQ(res[http::field::content_type], "text/plain; charset=utf-8");
  EXPECT_EQ(get("/m/Other.txt").result(), http::status::not_found);
}

TEST_F(wechat_mode, the_admin_view_shows_the_mini_program_without_its_secret) {
  const auto res = get("/api/v2/admin/applications", {{"authorization", "Bearer admin-token"}});
  const auto apps = body_of(res)["data"]["apps"];
  bool seen = false;
  for (const auto& app : apps) {
    if (app["appId"] != "wx") continue;
    seen = true;
    EXPECT_EQ(app["mode"], "wechat");
    EXPECT_EQ(app["miniProgram"]["appId"], "wx-mp");
    EXPECT_EQ(app["miniProgram"]["appSecretSet"], true);
    EXPECT_EQ(app["miniProgram"]["qrUrlPrefix"], "https://login.example.com/scan");
  }
  EXPECT_TRUE(seen) << res.body();
  EXPECT_EQ(res.body().find("mp-secret"), std::string::npos);
  EXPECT_EQ(res.body().find("verify-me"), std::string::npos);
}

}  // namespace
}  // namespace scan_login::server::testing
