// The admin API over the store: apps created, changed, deleted and their
// secrets rotated (each seen by the flow at once), signing-key rotation
// (the JWKS keeps the retired key), and the bounds on a code's custom data.

#include "handler_fixture.hpp"

namespace scan_login::server::testing {
namespace {

class admin_api : public handler_test {
 protected:
  response admin_send(http::verb verb, const std::string& target, const json& body = nullptr) {
    return send(verb, target, body.is_null() ? std::string{} : body.dump(),
                {{"authorization", "Bearer admin-token"}});
  }
};

TEST_F(admin_api, creating_an_app_shows_its_secret_once_and_the_app_works_at_once) {
  const json doc = {{"appId", "shop"},
                    {"name", "Shop"},
                    {"mode", "demo"},  // the stand-in page below logs in
                    {"callbackUrls", {"{publicUrl}/callback"}},
                    {"allowedOrigins", {"https://shop.example"}}};
  auto res = admin_send(http::verb::post, "/api/v2/admin/applications", doc);
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const auto made = body_of(res)["data"];
  const auto secret_shown = made["appSecret"].get<std::string>();
  EXPECT_GE(secret_shown.size(), 32u);
  // Placeholders stay as written for the admin, filled in where used.
  EXPECT_EQ(made["callbackUrls"][0], "{publicUrl}/callback");
  res = get("/api/v2/applications/shop/public-config");
  EXPECT_EQ(body_of(res)["data"]["callbackUrls"][0], std::string{base} + "/callback");
  // Never shown again.
  res = admin_send(http::verb::get, "/api/v2/admin/applications/shop");
  EXPECT_EQ(res.body().find(secret_shown), std::string::npos);
  EXPECT_EQ(body_of(res)["data"]["appSecretSet"], true);
  // A login for the new app exchanges with the shown secret.
  res = post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", "shop"}});
  ASSERT_EQ(res.result(), http::status::ok);
  const auto code = code_of(body_of(res)["data"]);
  const auto ticket = confirm(code, scan(code));
  res = post("/api/v2/qrcode/userinfo", {{"ticket", ticket}},
             {{"x-authing-app-secret", secret_shown}});
  EXPECT_EQ(res.result(), http::status::ok) << res.body();
}

TEST_F(admin_api, create_refusals_name_the_field_and_change_nothing) {
  auto res = admin_send(http::verb::post, "/api/v2/admin/applications", {{"appId", "demo"}});
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_EQ(body_of(res)["code"], 40904);
  res = admin_send(http::verb::post, "/api/v2/admin/applications",
                   {{"appId", "x"}, {"callbackUrls", {"javascript:alert(1)"}}});
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("callbackUrls[0]", 0), 0u);
  res =
      admin_send(http::verb::post, "/api/v2/admin/applications", {{"appId", "bad id/with slash"}});
  EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("appId", 0), 0u);
  res = admin_send(http::verb::post, "/api/v2/admin/applications", {{"name", "no id"}});
  EXPECT_EQ(res.result(), http::status::bad_request);
  res = send(http::verb::post, "/api/v2/admin/applications", json{{"appId", "y"}}.dump());
  EXPECT_EQ(res.result(), http::status::unauthorized);
  EXPECT_EQ(store_->apps().size(), 3u);  // demo, strict, wx: nothing added
}

TEST_F(admin_api, deleting_an_app_stops_its_codes_and_unknown_ids_are_404) {
  const auto code = code_of(gene());
  auto res = admin_send(http::verb::delete_, "/api/v2/admin/applications/demo");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_FALSE(store_->app("demo"));
  res = post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", "demo"}});
  EXPECT_EQ(body_of(res)["code"], 40401);
  res = get("/api/v2/qrcode/context?code=" + code);
  EXPECT_EQ(res.result(), http::status::not_found);
  res = admin_send(http::verb::delete_, "/api/v2/admin/applications/demo");
  EXPECT_EQ(body_of(res)["code"], 40401);
}

TEST_F(admin_api, rotating_an_app_secret_retires_the_old_one) {
  auto res = admin_send(http::verb::post, "/api/v2/admin/applications/demo/secret");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const auto fresh = body_of(res)["data"]["appSecret"].get<std::string>();
  EXPECT_NE(fresh, secret);
  const auto code = code_of(gene());
  const auto ticket = confirm(code, scan(code));
  res = post("/api/v2/qrcode/userinfo", {{"ticket", ticket}}, {{"x-authing-app-secret", secret}});
  EXPECT_EQ(body_of(res)["code"], 40102);
  res = post("/api/v2/qrcode/userinfo", {{"ticket", ticket}}, {{"x-authing-app-secret", fresh}});
  EXPECT_EQ(res.result(), http::status::ok);
  res = admin_send(http::verb::get, "/api/v2/admin/applications/demo/secret");
  EXPECT_EQ(res.result(), http::status::method_not_allowed);
}

TEST_F(admin_api, a_rotated_signing_key_signs_and_the_retired_one_stays_in_the_jwks) {
  const auto before = body_of(get("/.well-known/jwks.json"))["keys"];
  ASSERT_EQ(before.size(), 1u);
  auto res = admin_send(http::verb::post, "/api/v2/admin/signing-keys/rotate");
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const auto kid = body_of(res)["data"]["kid"].get<std::string>();
  EXPECT_NE(kid, before[0]["kid"].get<std::string>());
  const auto after = body_of(get("/.well-known/jwks.json"))["keys"];
  ASSERT_EQ(after.size(), 2u);
  EXPECT_EQ(after[0]["kid"], kid);
  EXPECT_EQ(after[1]["kid"], before[0]["kid"]);
  // New tokens carry the new kid.
  const auto code = code_of(gene());
  const auto ticket = confirm(code, scan(code));
  res = post("/api/v2/qrcode/userinfo", {{"ticket", ticket}}, {{"x-authing-app-secret", secret}});
  const auto token = body_of(res)["data"]["token"].get<std::string>();
  const auto header = json::parse(base64url_decode(token.substr(0, token.find('.'))).value());
  EXPECT_EQ(header["kid"], kid);
  // The retired key leaves the JWKS once its last token expired.
  now_ += static_cast<std::int64_t>(settings_.limits.token_expires_in) * 1000 + 1000;
  handler_->sweep();
  EXPECT_EQ(body_of(get("/.well-known/jwks.json"))["keys"].size(), 1u);
}

TEST_F(admin_api, custom_data_is_bounded_in_bytes_and_depth_naming_the_field) {
  json deep = json::array();
  for (int i = 0; i < 20; ++i) deep = json::array({deep});
  auto res =
      post("/api/v2/qrcode/gene", {{"params", {{"a", deep}}}}, {{"x-authing-app-id", "demo"}});
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("params:", 0), 0u) << res.body();
  res = post("/api/v2/qrcode/gene", {{"context", {{"blob", std::string(5000, 'x')}}}},
             {{"x-authing-app-id", "demo"}});
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("context:", 0), 0u) << res.body();
  // Within the bounds, custom data reaches the ticket exchange unchanged.
  const json params = {{"cart", {{"items", {1, 2, 3}}, {"note", "你好"}}}};
  res = post("/api/v2/qrcode/gene", {{"params", params}}, {{"x-authing-app-id", "demo"}});
  ASSERT_EQ(res.result(), http::status::ok);
  const auto code = code_of(body_of(res)["data"]);
  const auto ticket = confirm(code, scan(code));
  res = post("/api/v2/qrcode/userinfo", {{"ticket", ticket}}, {{"x-authing-app-secret", secret}});
  EXPECT_EQ(body_of(res)["data"]["customData"], params);
}

TEST_F(admin_api, the_live_code_cap_counts_bytes_too) {
  settings_.limits.max_live_codes = 1000;
  rebuild();
  // 256 B of overhead + ~4 KiB of params per code: a 64 KiB cap holds ~15.
  flow_settings tight;
  tight.issuer = base;
  tight.limits = settings_.limits;
  tight.max_live_bytes = 64 * 1024;
  flow_ = std::make_unique<login_flow>(
      tight, *store_, keys_, [this] { return now_; }, system_random());
  handler_ = std::make_unique<handler>(settings_, *flow_);
  const json params = {{"blob", std::string(4000, 'p')}};
  int made = 0;
  for (; made < 100; ++made) {
    const auto res =
        post("/api/v2/qrcode/gene", {{"params", params}}, {{"x-authing-app-id", "demo"}});
    if (res.result() != http::status::ok) {
      EXPECT_EQ(body_of(res)["code"], 50301);
      break;
    }
  }
  EXPECT_GE(made, 10);
  EXPECT_LE(made, 16);
}

}  // namespace
}  // namespace scan_login::server::testing
