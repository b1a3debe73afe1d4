// The ticket exchange: credentials, browser exchange, one-time use, expiry,
// and the token's header and claims.

#include "handler_fixture.hpp"

namespace scan_login::server::testing {
namespace {

class userinfo : public handler_test {
 protected:
  std::string ticket_for(const json& gene_body = json::object()) {
    const auto res = post("/api/v2/qrcode/gene", gene_body, {{"x-authing-app-id", app_}});
    const auto code = code_of(body_of(res)["data"]);
    return confirm(code, scan(code));
  }
  response exchange(const std::string& ticket,
                    std::vector<std::pair<std::string, std::string>> headers) {
    return post("/api/v2/qrcode/userinfo", {{"ticket", ticket}}, std::move(headers));
  }
  static std::string basic(const std::string& user, const std::string& password) {
    // Test-only base64 of "user:password".
    static const char* alphabet =
        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const auto in = user + ":" + password;
    std::string out;
    unsigned bits = 0;
    int count = 0;
    for (const unsigned char ch : in) {
      bits = (bits << 8) | ch;
      count += 8;
      while (count >= 6) out.push_back(alphabet[(bits >> (count -= 6)) & 63]);
    }
    if (count > 0) out.push_back(alphabet[(bits << (6 - count)) & 63]);
    while (out.size() % 4) out.push_back('=');
    return "Basic " + out;
  }

  std::string app_ = "demo";
};

TEST_F(userinfo, backend_exchange_with_the_secret_returns_the_full_user_and_a_token) {
  const auto ticket = ticket_for({{"params", {{"plan", "pro"}}}});
  const auto res = exchange(ticket, {{"x-authing-app-secret", secret}});
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  const auto data = body_of(res)["data"];
  for (const char* field :
       {"id", "phone", "phoneVerified", "name", "nickname", "photo", "openid", "unionid",
        "registeredAt", "lastLoginAt", "loginsCount", "customData", "token", "tokenExpiredAt"}) {
    EXPECT_TRUE(data.contains(field)) << field;
  }
  EXPECT_EQ(data["phone"], "13800138000");
  EXPECT_EQ(data["phoneVerified"], false);  // the stand-in page asserted it (demo pool)
  EXPECT_EQ(data["name"], "Zhang San");
  EXPECT_EQ(data["customData"], (json{{"plan", "pro"}}));
  EXPECT_EQ(data["loginsCount"], 1);
}

TEST_F(userinfo, token_is_rs256_with_the_jwks_kid_and_the_protocol_claims) {
  const auto res = exchange(ticket_for(), {{"x-authing-app-secret", secret}});
  const auto data = body_of(res)["data"];
  const auto token = data["token"].get<std::string>();
  const auto dot1 = token.find('.');
  const auto dot2 = token.find('.', dot1 + 1);
  ASSERT_NE(dot2, std::string::npos);
  const auto header = json::parse(base64url_decode(token.substr(0, dot1)));
  const auto claims = json::parse(base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1)));
  EXPECT_EQ(header["alg"], "RS256");
  EXPECT_EQ(header["kid"], body_of(get("/.well-known/jwks.json"))["keys"][0]["kid"]);
  EXPECT_EQ(claims["iss"], base);
  EXPECT_EQ(claims["aud"], "demo");
  EXPECT_EQ(claims["sub"], data["id"]);
  EXPECT_EQ(claims["iat"], start_ms / 1000);
  EXPECT_EQ(claims["exp"], start_ms / 1000 + 1'296'000);
  EXPECT_EQ(claims["phone_number"], "13800138000");
  EXPECT_EQ(claims["phone_number_verified"], false);  // only WeChat verifies a number
  EXPECT_EQ(claims["name"], "Zhang San");
  EXPECT_EQ(claims["nickname"], "Nick openid-1");
  EXPECT_EQ(claims["picture"], "http://img/a.png");
}

TEST_F(userinfo, basic_credentials_work_and_wrong_secrets_do_not) {
  EXPECT_EQ(exchange(ticket_for(), {{"authorization", basic("demo", secret)}}).result(),
            http::status::ok);
  const auto ticket = ticket_for();
  auto res = exchange(ticket, {{"authorization", basic("demo", "wrong")}});
  EXPECT_EQ(res.result(), http::status::unauthorized);
  EXPECT_EQ(body_of(res)["code"], 40102);
  res = exchange(ticket, {{"authorization", basic("strict", "strict-secret")}});
  EXPECT_EQ(res.result(), http::status::unauthorized);
  res = exchange(ticket, {{"x-authing-app-secret", "demo-secreT"}});
  EXPECT_EQ(res.result(), http::status::unauthorized);
  // Nothing was used up by the refusals.
  EXPECT_EQ(exchange(ticket, {{"x-authing-app-secret", secret}}).result(), http::status::ok);
}

TEST_F(userinfo, no_credentials_at_all_is_401) {
  const auto res = exchange(ticket_for(), {});
  EXPECT_EQ(res.result(), http::status::unauthorized);
  EXPECT_EQ(body_of(res)["code"], 40101);
}

TEST_F(userinfo, browser_exchange_needs_the_app_setting_and_an_allowed_origin) {
  EXPECT_EQ(exchange(ticket_for(), {{"origin", "http://site.example"}}).result(), http::status::ok);
  EXPECT_EQ(exchange(ticket_for(), {{"origin", "http://127.0.0.1:8080"}}).result(),
            http::status::ok);  // same origin as the server
  auto res = exchange(ticket_for(), {{"origin", "http://evil.example"}});
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_EQ(body_of(res)["code"], 40301);

  app_ = "strict";  // browserExchange false
  res = exchange(ticket_for(), {{"origin", "http://strict.example"}});
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_EQ(exchange(ticket_for(), {{"x-authing-app-secret", "strict-secret"}}).result(),
            http::status::ok);
}

TEST_F(userinfo, a_ticket_is_exchanged_once) {
  const auto ticket = ticket_for();
  ASSERT_EQ(exchange(ticket, {{"x-authing-app-secret", secret}}).result(), http::status::ok);
  const auto res = exchange(ticket, {{"x-authing-app-secret", secret}});
  EXPECT_EQ(res.result(), http::status::conflict);
  EXPECT_EQ(body_of(res)["code"], 40902);
}

TEST_F(userinfo, expired_and_unknown_tickets_are_refused) {
  const auto ticket = ticket_for();
  now_ += 300'000;
  auto res = exchange(ticket, {{"x-authing-app-secret", secret}});
  EXPECT_EQ(res.result(), http::status::gone);
  EXPECT_EQ(body_of(res)["code"], 41002);
  res = exchange("unknown-ticket", {{"x-authing-app-secret", secret}});
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(body_of(res)["code"], 40404);
  res = post("/api/v2/qrcode/userinfo", json::object(), {{"x-authing-app-secret", secret}});
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("ticket", 0), 0u);
}

TEST_F(userinfo, ticket_lifetime_is_per_app) {
  auto app = *store_->app("demo");
  app.ticket_expires_in = 10;
  save_app(app);
  const auto ticket = ticket_for();
  now_ += 10'000;
  EXPECT_EQ(exchange(ticket, {{"x-authing-app-secret", secret}}).result(), http::status::gone);
}

}  // namespace
}  // namespace scan_login::server::testing
