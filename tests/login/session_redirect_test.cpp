// The callback redirect: the state value, URL building, and the checks that
// keep it from becoming an open redirect.
#include <gtest/gtest.h>

#include "fake_host.hpp"

namespace scan_login::testing {
namespace {

const std::string public_config_url = "https://srv.test/api/v2/applications/app1/public-config";

session_config redirect_config(const std::string& callback = "https://site.test/cb") {
  session_config config = test_config();
  config.redirect_uri = callback;
  config.state = "s 1&x=/?#";
  return config;
}

std::string callbacks(const std::string& urls_json) {
  return envelope(R"({"name":"Demo","callbackUrls":)" + urls_json + "}");
}

TEST(SessionRedirect, TheCodeIsBoundToTheRedirectUri) {
  harness h(redirect_config());
  h.session.start();
  EXPECT_EQ(h.host.last_request().body,
            R"({"scene":"WXAPP_AUTH","redirectUri":"https://site.test/cb"})");
}

TEST(SessionRedirect, SuccessThenVerifiedCallbackWithEncodedTicketAndState) {
  harness h(redirect_config());
  h.show_code();
  h.host.respond(200, confirmed_body("t/+=&?é"));
  EXPECT_EQ(h.host.event_names().back(), "success");
  EXPECT_EQ(h.host.last_request().url, public_config_url);
  EXPECT_TRUE(h.host.navigations.empty());
  h.host.respond(200, callbacks(R"(["https://other.test/","https://site.test/cb"])"));
  ASSERT_EQ(h.host.navigations.size(), 1u);
  EXPECT_EQ(h.host.navigations[0],
            "https://site.test/cb?ticket=t%2F%2B%3D%26%3F%C3%A9&state=s%201%26x%3D%2F%3F%23");
}

TEST(SessionRedirect, CallbackWithAQueryAndFragmentGetsTheParametersAppended) {
  harness h(redirect_config("https://site.test/cb?from=qr#top"));
  h.show_code();
  h.host.respond(200, confirmed_body());
  h.host.respond(200, callbacks(R"(["https://site.test/cb?from=qr#top"])"));
  ASSERT_EQ(h.host.navigations.size(), 1u);
  EXPECT_EQ(h.host.navigations[0],
            "https://site.test/cb?from=qr&ticket=T1&state=s%201%26x%3D%2F%3F%23#top");
}

TEST(SessionRedirect, ExchangeHappensBeforeTheRedirect) {
  session_config config = redirect_config();
  config.auto_exchange = true;
  harness h(config);
  h.show_code();
  h.host.respond(200, confirmed_body());
  EXPECT_EQ(h.host.last_request().url, "https://srv.test/api/v2/qrcode/userinfo");
  h.host.respond(200, envelope(R"({"id":"u1"})"));
  EXPECT_EQ(h.host.last_request().url, public_config_url);
  h.host.respond(200, callbacks(R"(["https://site.test/cb"])"));
  EXPECT_EQ(h.host.navigations.size(), 1u);
}

TEST(SessionRedirect, ACallbackTheAppDoesNotListIsRefused) {
  harness h(redirect_config("https://evil.test/cb"));
  h.show_code();  // a server that ignored redirectUri at gene time
  h.host.respond(200, confirmed_body());
  h.host.respond(200, callbacks(R"(["https://site.test/cb","https://evil.test/cb/"])"));
  EXPECT_TRUE(h.host.navigations.empty());
  EXPECT_EQ(h.host.event_names(), (std::vector<std::string>{"load", "success", "error"}));
  EXPECT_EQ(h.host.events.back().error_code, login_error::redirect_refused);
  EXPECT_NE(h.host.events.back().message.find("callbackUrls"), std::string::npos);
  // The widget shows the refusal, not "confirmed" with nothing happening.
  EXPECT_EQ(h.host.phase(), ui_phase::error);
  EXPECT_EQ(h.host.states.back().error_code, login_error::redirect_refused);
  EXPECT_TRUE(h.host.open.empty());
  EXPECT_TRUE(h.host.timers.empty());
}

TEST(SessionRedirect, NoRedirectWhenTheCallbacksCannotBeRead) {
  for (const auto& [status, body] : std::vector<std::pair<int, std::string>>{
           {0, ""},
           {404, R"({"code":404,"message":"no app","data":null})"},
           {200, envelope(R"({"callbackUrls":"https://site.test/cb"})")},
           {200, "garbage"}}) {
    harness h(redirect_config());
    h.show_code();
    h.host.respond(200, confirmed_body());
    h.host.respond(status, body);
    EXPECT_TRUE(h.host.navigations.empty()) << body;
    EXPECT_EQ(h.host.events.back().error_code, login_error::redirect_refused) << body;
    EXPECT_EQ(h.host.phase(), ui_phase::error) << body;
  }
}

TEST(SessionRedirect, URLsFromServerFieldsAreNeverFollowed) {
  harness h;  // no redirect configured
  h.show_code();
  h.host.respond(200, check_body(2, R"(,"ticket":"T","redirectUri":"https://evil.test/",)"
                                    R"("callbackUrl":"https://evil.test/")"));
  EXPECT_EQ(h.host.event_names().back(), "success");
  EXPECT_EQ(h.host.open.size(), 0u);
  EXPECT_TRUE(h.host.navigations.empty());
}

TEST(SessionRedirect, NonHttpRedirectUrisAreRefusedAtStart) {
  for (const char* uri : {"javascript:alert(1)//https://site.test/cb", "data:text/html,x",
                          "//evil.test/cb", "https:/\\evil.test", "ftp://site.test/cb"}) {
    harness h(redirect_config(uri));
    h.session.start();
    EXPECT_TRUE(h.host.requests.empty()) << uri;
    EXPECT_EQ(h.host.states.back().error_code, login_error::invalid_config) << uri;
  }
}

TEST(SessionRedirect, AMissingStateIsMadeFromTheHostsRandomness) {
  session_config config = redirect_config();
  config.state = "";
  harness h(config);
  h.host.random_byte = 0xa5;
  h.show_code();
  EXPECT_EQ(h.session.state(), "a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5");
  h.host.respond(200, confirmed_body());
  h.host.respond(200, callbacks(R"(["https://site.test/cb"])"));
  EXPECT_EQ(h.host.navigations.at(0),
            "https://site.test/cb?ticket=T1&state=a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5a5");
}

TEST(SessionRedirect, TheStateStaysTheSameAcrossRefreshes) {
  session_config config = redirect_config();
  config.state = "";
  harness h(config);
  h.host.random_byte = 1;
  h.session.start();
  const std::string first = h.session.state();
  h.host.random_byte = 2;
  h.session.refresh();
  EXPECT_EQ(h.session.state(), first);
}

TEST(SessionRedirect, TheAppIdIsEncodedInThePublicConfigPath) {
  session_config config = redirect_config();
  config.app_id = "a/b?c";
  harness h(config);
  h.show_code();
  h.host.respond(200, confirmed_body());
  EXPECT_EQ(h.host.last_request().url,
            "https://srv.test/api/v2/applications/a%2Fb%3Fc/public-config");
}

}  // namespace
}  // namespace scan_login::testing
