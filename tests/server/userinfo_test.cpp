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

  // A confirmed login of app_: its poll key and ticket.
  std::pair<std::string, std::string> login() {
    const auto res = post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", app_}});
    const auto data = body_of(res)["data"];
    const auto code = code_of(data);
    return {data["random"].get<std::string>(), confirm(code, scan(code))};
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
  const auto header = json::parse(base64url_decode(token.substr(0, dot1)).value());
  const auto claims =
      json::parse(base64url_decode(token.substr(dot1 + 1, dot2 - dot1 - 1)).value());
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

// PROTOCOL.md "POST /api/v2/qrcode/userinfo": Origin and Host are set by
// any client, so they only narrow what a browser may do; in "proof" mode the
// poll key, which never left the page that made the code, is the proof.
TEST_F(userinfo, browser_exchange_off_refuses_every_browser) {
  app_ = "strict";  // browserExchange "off"
  const auto [random, ticket] = login();
  for (const char* origin : {"http://strict.example", "http://127.0.0.1:8080"}) {
    const auto res = post("/api/v2/qrcode/userinfo", {{"ticket", ticket}, {"random", random}},
                          {{"origin", origin}});
    EXPECT_EQ(res.result(), http::status::forbidden) << origin;
    EXPECT_EQ(body_of(res)["code"], 40301);
    EXPECT_NE(body_of(res)["message"].get<std::string>().find("app secret"), std::string::npos);
  }
  EXPECT_EQ(exchange(ticket, {{"x-authing-app-secret", "strict-secret"}}).result(),
            http::status::ok);
}

TEST_F(userinfo, browser_exchange_proof_needs_the_poll_key_of_the_tickets_code) {
  const auto [random, ticket] = login();  // app "demo": "proof", as shipped
  const auto [other_random, other_ticket] = login();
  // A leaked ticket alone is useless, even with a forged Origin of the server.
  for (const char* origin : {"http://site.example", "http://127.0.0.1:8080"}) {
    const auto res = exchange(ticket, {{"origin", origin}});
    EXPECT_EQ(res.result(), http::status::unauthorized) << origin;
    EXPECT_EQ(body_of(res)["code"], 40105);
  }
  // Another code's poll key is not this ticket's proof.
  auto res = post("/api/v2/qrcode/userinfo", {{"ticket", ticket}, {"random", other_random}},
                  {{"origin", "http://site.example"}});
  EXPECT_EQ(body_of(res)["code"], 40105);
  // The right key from an origin the app does not allow: still no.
  res = post("/api/v2/qrcode/userinfo", {{"ticket", ticket}, {"random", random}},
             {{"origin", "http://evil.example"}});
  EXPECT_EQ(body_of(res)["code"], 40301);
  // None of those spent the ticket; the page that made the code exchanges it.
  res = post("/api/v2/qrcode/userinfo", {{"ticket", ticket}, {"random", random}},
             {{"origin", "http://site.example"}});
  EXPECT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_TRUE(body_of(res)["data"]["token"].is_string());
  res = post("/api/v2/qrcode/userinfo", {{"ticket", other_ticket}, {"random", other_random}},
             {{"origin", "http://127.0.0.1:8080"}});
  EXPECT_EQ(res.result(), http::status::ok);  // the server's own pages
}

TEST_F(userinfo, browser_exchange_ticket_only_takes_the_ticket_alone_from_an_allowed_origin) {
  auto weaker = *store_->app("demo");
  weaker.browser_exchange = browser_exchange_mode::ticket_only;
  save_app(weaker);
  EXPECT_EQ(exchange(ticket_for(), {{"origin", "http://site.example"}}).result(), http::status::ok);
  const auto res = exchange(ticket_for(), {{"origin", "http://evil.example"}});
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_EQ(body_of(res)["code"], 40301);
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
