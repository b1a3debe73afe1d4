// Public and admin app config, CORS, JWKS, health, metrics, and the /login
// route's callback check.

#include <filesystem>
#include <fstream>

#include "handler_fixture.hpp"

namespace scan_login::server::testing {
namespace {

using admin = handler_test;

const std::pair<std::string, std::string> admin_auth{"authorization", "Bearer admin-token"};

TEST_F(admin, public_config_has_no_secrets) {
  const auto res = get("/api/v2/applications/demo/public-config");
  ASSERT_EQ(res.result(), http::status::ok);
  const auto data = body_of(res)["data"];
  EXPECT_EQ(data["name"], "Demo");
  EXPECT_EQ(data["callbackUrls"][0], std::string{base} + "/callback");
  EXPECT_TRUE(data["allowedOrigins"].is_array());
  EXPECT_EQ(res.body().find(secret), std::string::npos);
  EXPECT_EQ(res.body().find("ecret\":"), std::string::npos);
  EXPECT_EQ(get("/api/v2/applications/nope/public-config").result(), http::status::not_found);
}

TEST_F(admin, update_needs_the_admin_token) {
  const json change = {{"name", "Renamed"}};
  auto res = send(http::verb::put, "/api/v2/applications/demo/config", change.dump());
  EXPECT_EQ(res.result(), http::status::unauthorized);
  EXPECT_EQ(body_of(res)["code"], 40103);
  res = send(http::verb::put, "/api/v2/applications/demo/config", change.dump(),
             {{"authorization", "Bearer wrong"}});
  EXPECT_EQ(res.result(), http::status::forbidden);
  EXPECT_EQ(body_of(res)["code"], 40302);
  EXPECT_EQ(store_->app("demo")->name, "Demo");
}

TEST_F(admin, update_changes_the_app_and_never_echoes_secrets) {
  const json change = {{"name", "Renamed"},
                       {"logo", "data:image/png;base64,AAAA"},
                       {"callbackUrls", {"https://shop.example/cb"}},
                       {"allowedOrigins", {"https://shop.example"}},
                       {"miniProgram", {{"appId", "wx42"}, {"appSecret", "mp-secret"}}},
                       {"qrExpiresIn", 60},
                       {"ticketExpiresIn", 90},
                       {"appSecret", "new-secret"}};
  const auto res =
      send(http::verb::put, "/api/v2/applications/demo/config", change.dump(), {admin_auth});
  ASSERT_EQ(res.result(), http::status::ok) << res.body();
  EXPECT_EQ(res.body().find("mp-secret"), std::string::npos);
  EXPECT_EQ(res.body().find("new-secret"), std::string::npos);
  EXPECT_EQ(body_of(res)["data"]["miniProgram"]["appSecretSet"], true);
  const auto app = *store_->app("demo");
  EXPECT_EQ(app.name, "Renamed");
  EXPECT_EQ(app.mini_program.app_secret, "mp-secret");
  EXPECT_EQ(app.qr_expires_in, 60);
  EXPECT_EQ(gene()["expiresIn"], 60);
  EXPECT_EQ(body_of(get("/api/v2/applications/demo/public-config"))["data"]["name"], "Renamed");

  const auto list = get("/api/v2/admin/applications", {admin_auth});
  ASSERT_EQ(list.result(), http::status::ok);
  EXPECT_EQ(body_of(list)["data"]["apps"].size(), 3u);
  EXPECT_EQ(list.body().find("secret\""), std::string::npos);
  EXPECT_EQ(get("/api/v2/admin/applications").result(), http::status::unauthorized);
}

TEST_F(admin, bad_updates_name_the_field_and_change_nothing) {
  for (const auto& [change, field] : std::vector<std::pair<json, std::string>>{
           {{{"callbackUrls", {"not a url"}}}, "callbackUrls[0]"},
           {{{"callbackUrls", "x"}}, "callbackUrls"},
           {{{"allowedOrigins", {"https://x.example/path"}}}, "allowedOrigins[0]"},
           {{{"qrExpiresIn", 0}}, "qrExpiresIn"},
           {{{"ticketExpiresIn", "5"}}, "ticketExpiresIn"},
           {{{"logo", "javascript:alert(1)"}}, "logo"},
           {{{"browserExchange", 1}}, "browserExchange"},
           {{{"unknown", 1}}, "unknown"},
           {{{"appId", "other"}}, "appId"}}) {
    const auto res =
        send(http::verb::put, "/api/v2/applications/demo/config", change.dump(), {admin_auth});
    EXPECT_EQ(res.result(), http::status::bad_request) << change;
    EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind(field, 0), 0u) << res.body();
  }
  EXPECT_EQ(store_->app("demo")->qr_expires_in, 120);
}

TEST_F(admin, cors_echoes_allowed_origins_with_credentials_only) {
  auto res = post("/api/v2/qrcode/gene", json::object(),
                  {{"x-authing-app-id", "demo"}, {"origin", "http://site.example"}});
  EXPECT_EQ(res[http::field::access_control_allow_origin], "http://site.example");
  EXPECT_EQ(res[http::field::access_control_allow_credentials], "true");
  EXPECT_EQ(res[http::field::vary], "Origin");
}

// PROTOCOL.md "CORS": the named app decides before anything runs; the
// refusal is readable by the page that fetched with credentials (origin
// echoed, credentials allowed: the body is the refusal alone).
TEST_F(admin, an_origin_the_named_app_does_not_allow_does_nothing_and_is_told_why) {
  const auto waiting = [&] { return store_->codes_by_status(now_)[code_status::waiting]; };
  const auto before = waiting();
  for (const char* origin : {"http://evil.example", "http://strict.example"}) {
    // strict.example is allowed by another app ("strict"), not by "demo".
    const auto res = post("/api/v2/qrcode/gene", json::object(),
                          {{"x-authing-app-id", "demo"}, {"origin", origin}});
    EXPECT_EQ(res.result(), http::status::forbidden) << origin;
    EXPECT_EQ(body_of(res)["code"], 40303) << origin;
    EXPECT_NE(body_of(res)["message"].get<std::string>().find("allowedOrigins"), std::string::npos);
    EXPECT_EQ(res[http::field::access_control_allow_origin], origin);
    EXPECT_EQ(res[http::field::access_control_allow_credentials], "true");
  }
  EXPECT_EQ(waiting(), before) << "a refused origin made a code";
  // The same for a check that names the app, and for the app's own config.
  const auto random = gene()["random"].get<std::string>();
  const auto check = get("/api/v2/qrcode/check?random=" + random,
                         {{"x-authing-app-id", "demo"}, {"origin", "http://evil.example"}});
  EXPECT_EQ(check.result(), http::status::forbidden);
  // Same-origin pages and requests without an Origin are not cross-origin.
  EXPECT_EQ(post("/api/v2/qrcode/gene", json::object(),
                 {{"x-authing-app-id", "demo"}, {"origin", "http://127.0.0.1:8080"}})
                .result(),
            http::status::ok);
  EXPECT_EQ(post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", "demo"}}).result(),
            http::status::ok);
  // An allowed origin still works and gets credentials.
  const auto allowed = post("/api/v2/qrcode/gene", json::object(),
                            {{"x-authing-app-id", "strict"}, {"origin", "http://strict.example"}});
  EXPECT_EQ(allowed.result(), http::status::ok);
  EXPECT_EQ(allowed[http::field::access_control_allow_credentials], "true");
}

TEST_F(admin, qr_image_has_cors_for_canvas_use_by_the_genauth_sdk) {
  // authing-js-sdk loads `url` with crossOrigin="anonymous" and no app header.
  const auto code = code_of(gene());
  const auto res =
      get("/api/v2/qrcode/image/" + code + ".svg", {{"origin", "http://site.example"}});
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::access_control_allow_origin], "http://site.example");
}

TEST_F(admin, preflight_allows_the_authing_headers) {
  const auto res = send(http::verb::options, "/api/v2/qrcode/gene", {},
                        {{"origin", "http://site.example"},
                         {"access-control-request-method", "POST"},
                         {"access-control-request-headers", "x-authing-app-id,content-type"}});
  EXPECT_EQ(res.result(), http::status::no_content);
  EXPECT_EQ(res[http::field::access_control_allow_origin], "http://site.example");
  EXPECT_EQ(res[http::field::access_control_allow_credentials], "true");
  const std::string allowed{res[http::field::access_control_allow_headers]};
  for (const char* h :
       {"Authorization", "x-authing-app-id", "x-authing-userpool-id", "x-authing-lang",
        "x-authing-request-from", "x-authing-sdk-version", "Content-Type"}) {
    EXPECT_NE(allowed.find(h), std::string::npos) << h;
  }
  // Without x-authing-app-id in the announced headers, an origin no app
  // allows gets nothing.
  for (const char* headers : {"", "content-type", "x-authing-app-id-not"}) {
    const auto refused = send(http::verb::options, "/api/v2/qrcode/gene", {},
                              {{"origin", "http://evil.example"},
                               {"access-control-request-method", "POST"},
                               {"access-control-request-headers", headers}});
    EXPECT_EQ(refused.count(http::field::access_control_allow_origin), 0u) << headers;
  }
}

// A preflight that announces x-authing-app-id passes for every origin: the
// actual request names its app and is judged before any route runs, so a
// page on an origin no app allows reads why instead of a network error.
TEST_F(admin, a_preflight_naming_the_app_header_passes_for_every_origin) {
  for (const char* headers :
       {"x-authing-app-id", "content-type, X-Authing-App-Id ,x-authing-lang"}) {
    const auto res = send(http::verb::options, "/api/v2/qrcode/gene", {},
                          {{"origin", "http://evil.example"},
                           {"access-control-request-method", "POST"},
                           {"access-control-request-headers", headers}});
    EXPECT_EQ(res.result(), http::status::no_content) << headers;
    EXPECT_EQ(res[http::field::access_control_allow_origin], "http://evil.example") << headers;
    EXPECT_EQ(res[http::field::access_control_allow_credentials], "true") << headers;
    EXPECT_NE(std::string{res[http::field::access_control_allow_headers]}.find("x-authing-app-id"),
              std::string::npos);
  }
}

// A cross-origin request naming an unknown (or empty) app is refused
// before any route runs, readably: no admin or other route runs for it.
TEST_F(admin, a_foreign_request_naming_an_unknown_app_is_refused_readably) {
  const auto waiting = [&] { return store_->codes_by_status(now_)[code_status::waiting]; };
  const auto before = waiting();
  for (const char* app : {"no-such-app", ""}) {
    const auto res = post("/api/v2/qrcode/gene", json::object(),
                          {{"x-authing-app-id", app}, {"origin", "http://evil.example"}});
    EXPECT_EQ(res.result(), http::status::not_found) << app;
    EXPECT_EQ(body_of(res)["code"], 40401) << app;
    EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind("x-authing-app-id", 0), 0u);
    EXPECT_EQ(res[http::field::access_control_allow_origin], "http://evil.example");
    EXPECT_EQ(res[http::field::access_control_allow_credentials], "true");
  }
  EXPECT_EQ(waiting(), before);
  // An admin route reached with an app header from a foreign page does not run.
  const auto admin_call =
      send(http::verb::get, "/api/v2/admin/applications", {},
           {{"x-authing-app-id", "nope"}, {"origin", "http://evil.example"}, admin_auth});
  EXPECT_EQ(body_of(admin_call)["code"], 40401);
}

TEST_F(admin, jwks_health_and_metrics) {
  const auto jwks = body_of(get("/.well-known/jwks.json"));
  ASSERT_EQ(jwks["keys"].size(), 1u);
  EXPECT_EQ(jwks["keys"][0]["kty"], "RSA");
  EXPECT_EQ(jwks["keys"][0]["alg"], "RS256");
  EXPECT_FALSE(jwks["keys"][0].contains("d"));  // public part only
  EXPECT_EQ(body_of(get("/healthz"))["data"]["status"], "ok");

  gene();
  held_polls_ = 3;
  const auto text = get("/metrics").body();
  EXPECT_NE(text.find("scan_login_codes{status=\"0\"} 1"), std::string::npos) << text;
  EXPECT_NE(text.find("scan_login_requests_total{route=\"gene\"} 1"), std::string::npos);
  EXPECT_NE(text.find("scan_login_held_long_polls 3"), std::string::npos);
  get("/api/v2/qrcode/check?random=nope");
  EXPECT_NE(get("/metrics").body().find("scan_login_errors_total{route=\"check\"} 1"),
            std::string::npos);
}

TEST_F(admin, unknown_api_routes_are_404_envelopes) {
  const auto res = get("/api/v2/nothing");
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(body_of(res)["code"], 40405);
}

class login_route : public handler_test {
 protected:
  void SetUp() override {
    root_ = std::filesystem::temp_directory_path() /
            ("scan-login-login-" +
             std::string{::testing::UnitTest::GetInstance()->current_test_info()->name()});
    std::filesystem::create_directories(root_ / "login");
    std::ofstream(root_ / "login" / "index.html") << "<p>hosted login</p>";
    settings_.site.web_root = root_;
    rebuild();
  }
  void TearDown() override { std::filesystem::remove_all(root_); }
  std::filesystem::path root_;
};

TEST_F(login_route, a_configured_callback_gets_the_hosted_page) {
  const auto res = get("/login?app_id=demo&redirect_uri=" +
                       std::string{"http%3A%2F%2F127.0.0.1%3A8080%2Fcallback"} + "&state=xyz");
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res.body(), "<p>hosted login</p>");
  // Never framed, whatever the site's policy for other HTML is.
  EXPECT_NE(std::string{res["Content-Security-Policy"]}.find("frame-ancestors 'none'"),
            std::string::npos);
  EXPECT_EQ(res["X-Frame-Options"], "DENY");
  settings_.site.html_csp = "";  // --no-csp
  rebuild();
  const auto bare = get("/login?app_id=demo");
  EXPECT_EQ(bare["Content-Security-Policy"], "frame-ancestors 'none'");
}

TEST_F(login_route, anything_else_is_an_error_page_never_a_redirect) {
  for (const auto& target :
       {std::string{"/login?app_id=demo&redirect_uri=http%3A%2F%2Fevil.example%2Fcallback"},
        std::string{"/login?app_id=demo&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fcallback%2F"},
        std::string{"/login?app_id=nope"}, std::string{"/login"}}) {
    const auto res = get(target);
    EXPECT_TRUE(res.result() == http::status::bad_request ||
                res.result() == http::status::not_found)
        << target;
    EXPECT_EQ(res.count(http::field::location), 0u);
    EXPECT_EQ(res[http::field::content_type], "text/html; charset=utf-8");
    EXPECT_EQ(res.body().find("<script"), std::string::npos);
  }
  const auto escaped = get("/login?app_id=demo&redirect_uri=http%3A%2F%2Fx%2F%3Cscript%3E");
  EXPECT_EQ(escaped.body().find("<script>"), std::string::npos);
  EXPECT_NE(escaped.body().find("&lt;script&gt;"), std::string::npos);
}

}  // namespace
}  // namespace scan_login::server::testing

namespace scan_login::server::testing {
namespace {

// A store whose every call fails, to see what a client gets then: an
// unexpected exception, or the database gone (store_unavailable).
class failing_store final : public store {
 public:
  explicit failing_store(bool unavailable) : unavailable_(unavailable) {}
  [[noreturn]] void fail() const {
    if (unavailable_) throw store_unavailable("PostgreSQL at 10.0.0.9:5432 is unreachable");
    throw std::runtime_error("/var/secret/path: disk on fire");
  }
  void ping() override { fail(); }
  std::string setting_or_insert(const std::string&, const std::string&) override { fail(); }
  void set_setting(const std::string&, const std::string&) override { fail(); }
  std::vector<app_config> apps() override { fail(); }
  std::optional<app_config> app(const std::string&) override { fail(); }
  bool insert_app(const app_config&) override { fail(); }
  bool update_app(const app_config&) override { fail(); }
  bool delete_app(const std::string&) override { fail(); }
  bool seed_apps_once(const std::vector<app_config>&) override { fail(); }
  std::vector<signing_key_record> signing_keys() override { fail(); }
  bool add_signing_key(const signing_key_record&, bool, std::int64_t) override { fail(); }
  bool replace_signing_key_pem(const std::string&, const std::string&,
                               const std::string&) override {
    fail();
  }
  bool insert_code(const code_record&) override { fail(); }
  std::optional<code_record> code_by_random(const std::string&) override { fail(); }
  std::optional<code_record> code_by_code(const std::string&) override { fail(); }
  transition_result transition(const transition_request&,
                               const std::optional<confirm_effects>&) override {
    fail();
  }
  std::optional<ticket_record> ticket(const std::string&) override { fail(); }
  consume_result consume_ticket(const std::string&, std::int64_t) override { fail(); }
  user_record link_account(const confirm_effects&, std::int64_t) override { fail(); }
  std::optional<user_record> user_by_id(const std::string&) override { fail(); }
  std::optional<user_record> user_by_identity(const std::string&, const std::string&) override {
    fail();
  }
  user_page find_users(const user_query&) override { fail(); }
  std::vector<identity_record> identities_of(const std::string&) override { fail(); }
  std::optional<user_record> set_user_blocked(const std::string&, std::int64_t) override { fail(); }
  bool delete_user(const std::string&) override { fail(); }
  void append_audit(const audit_record&) override { fail(); }
  std::vector<audit_record> audit(const audit_query&) override { fail(); }
  std::size_t sweep_audit(std::int64_t) override { fail(); }
  void put_avatar(const avatar_record&) override { fail(); }
  std::optional<avatar_record> avatar(const std::string&) override { fail(); }
  std::size_t sweep(std::int64_t, std::int64_t) override { fail(); }
  std::map<code_status, std::size_t> codes_by_status(std::int64_t) override { fail(); }
  void set_feed_listener(status_feed_listener*) override {}

 private:
  bool unavailable_;
};

response answer_with(store& broken, const std::string& target, const std::string& origin = {}) {
  key_ring keys;
  login_flow flow{flow_settings{}, broken, keys, [] { return std::int64_t{0}; }, system_random()};
  handler h{handler_settings{}, flow};
  request req{http::verb::get, target, 11};
  if (!origin.empty()) req.set(http::field::origin, origin);
  const auto result = h.handle(req, client_info{"127.0.0.1", 0, {}}, true);
  EXPECT_TRUE(result.res);
  return result.res.value_or(response{});
}

TEST(internal_error, is_a_500_envelope_without_internals) {
  failing_store broken{false};
  const auto res = answer_with(broken, "/api/v2/qrcode/check?random=x");
  EXPECT_EQ(res.result(), http::status::internal_server_error);
  EXPECT_EQ(json::parse(res.body())["code"], 50001);
  EXPECT_EQ(res.body().find("secret"), std::string::npos);
  EXPECT_EQ(res.body().find("disk"), std::string::npos);
}

TEST(store_unavailable, is_a_503_that_says_to_retry_without_internals) {
  failing_store gone{true};
  for (const auto* target : {"/api/v2/qrcode/check?random=x", "/healthz"}) {
    const auto res = answer_with(gone, target);
    EXPECT_EQ(res.result(), http::status::service_unavailable) << target;
    EXPECT_EQ(json::parse(res.body())["code"], 50303) << target;
    EXPECT_EQ(res[http::field::retry_after], "1");
    EXPECT_EQ(res.body().find("10.0.0.9"), std::string::npos) << target;
  }
  // A browser's request: judging its origin needs the store too; still a 503, never a throw.
  const auto res = answer_with(gone, "/api/v2/qrcode/check?random=x", "https://site.example");
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(json::parse(res.body())["code"], 50303);
}

TEST_F(admin, openid_configuration_names_the_issuer_and_jwks) {
  const auto doc = body_of(get("/.well-known/openid-configuration"));
  EXPECT_EQ(doc["issuer"], base);
  EXPECT_EQ(doc["jwks_uri"], std::string{base} + "/.well-known/jwks.json");
}

}  // namespace
}  // namespace scan_login::server::testing
