// The login lifecycle's main path and every status the server can report.
#include <gtest/gtest.h>

#include "fake_host.hpp"

namespace scan_login::testing {
namespace {

TEST(SessionFlow, StartAsksForACodeWithTheAppHeaders) {
  session_config config = test_config();
  config.user_pool_id = "pool1";
  config.lang = "en-US";
  harness h(config);
  h.session.start();
  ASSERT_EQ(h.host.requests.size(), 1u);
  const http_request& gene = h.host.last_request();
  EXPECT_EQ(gene.method, "POST");
  EXPECT_EQ(gene.url, "https://srv.test/api/v2/qrcode/gene");
  EXPECT_EQ(gene.body, R"({"scene":"WXAPP_AUTH"})");
  EXPECT_EQ(h.host.header(gene, "x-authing-app-id"), "app1");
  EXPECT_EQ(h.host.header(gene, "x-authing-userpool-id"), "pool1");
  EXPECT_EQ(h.host.header(gene, "x-authing-lang"), "en-US");
  EXPECT_EQ(h.host.header(gene, "content-type"), "application/json");
  EXPECT_EQ(h.host.phase(), ui_phase::loading);
  EXPECT_EQ(h.host.events.at(0).state, "loading");
}

TEST(SessionFlow, EmptyHostMakesRootRelativeUrlsAndOptionalHeadersAreLeftOut) {
  session_config config = test_config();
  config.host = "";
  harness h(config);
  h.session.start();
  EXPECT_EQ(h.host.last_request().url, "/api/v2/qrcode/gene");
  EXPECT_EQ(h.host.header(h.host.last_request(), "x-authing-userpool-id"), "<none>");
  EXPECT_EQ(h.host.header(h.host.last_request(), "x-authing-lang"), "<none>");
}

TEST(SessionFlow, StartTwiceSendsOneRequest) {
  harness h;
  h.session.start();
  h.session.start();
  EXPECT_EQ(h.host.requests.size(), 1u);
}

TEST(SessionFlow, GeneDrawsTheCodeWithItsLogoEmitsLoadAndLongPolls) {
  harness h;
  h.show_code();
  ASSERT_EQ(h.host.qrs.size(), 1u);
  EXPECT_EQ(h.host.qrs[0].first, "https://srv.test/m/C1");
  EXPECT_EQ(h.host.qrs[0].second, "https://srv.test/logo.png");
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);
  EXPECT_EQ(h.host.event_names(), std::vector<std::string>{"load"});
  const http_request& check = h.host.last_request();
  EXPECT_EQ(check.method, "GET");
  EXPECT_EQ(check.url, "https://srv.test/api/v2/qrcode/check?random=R1&wait=25&since=0");
  EXPECT_TRUE(check.body.empty());
}

TEST(SessionFlow, UnsafeLogoIsNotDrawn) {
  harness h;
  h.session.start();
  h.host.respond(200,
                 envelope(R"({"random":"R","qrcodeContent":"x","customLogo":"javascript:x"})"));
  ASSERT_EQ(h.host.qrs.size(), 1u);
  EXPECT_EQ(h.host.qrs[0].second, "");
}

TEST(SessionFlow, ScannedShowsNicknameAndSafePhotoOnce) {
  harness h;
  h.show_code();
  h.host.now += 3000;
  h.host.respond(200, scanned_body());
  EXPECT_EQ(h.host.phase(), ui_phase::scanned);
  EXPECT_EQ(h.host.states.back().nickname, "Ada <b>");
  EXPECT_EQ(h.host.states.back().photo, "https://img.test/a.png");
  EXPECT_EQ(h.host.last_request().url,
            "https://srv.test/api/v2/qrcode/check?random=R1&wait=25&since=1");
  h.host.now += 25000;
  h.host.respond(200, scanned_body());
  EXPECT_EQ(h.host.event_names(), (std::vector<std::string>{"load", "scanned"}));
  const login_event& scanned = h.host.events[h.host.events.size() - 1];
  EXPECT_EQ(scanned.type, event_type::scanned);
  EXPECT_EQ(event_detail_json(scanned),
            R"({"userInfo":{"nickname":"Ada <b>","photo":"https://img.test/a.png"}})");
}

TEST(SessionFlow, ScannedWithJavascriptPhotoShowsNoPhoto) {
  harness h;
  h.show_code();
  h.host.respond(200,
                 check_body(1, R"j(,"userInfo":{"nickname":7,"photo":"javascript:alert(1)"})j"));
  EXPECT_EQ(h.host.phase(), ui_phase::scanned);
  EXPECT_EQ(h.host.states.back().nickname, "");
  EXPECT_EQ(h.host.states.back().photo, "");
  EXPECT_EQ(h.host.events.back().user_info_json, R"({"nickname":7,"photo":""})");
}

TEST(SessionFlow, ConfirmedEmitsSuccessWithTicketAndStopsPolling) {
  harness h;
  h.show_code();
  h.host.respond(200, scanned_body());
  h.host.respond(200, confirmed_body("T-1"));
  EXPECT_EQ(h.host.phase(), ui_phase::confirmed);
  EXPECT_EQ(h.host.event_names(), (std::vector<std::string>{"load", "scanned", "success"}));
  // The code's poll key comes along for the host (the element keeps it for
  // the SDK's exchange in browserExchange "proof"; it is not in the event).
  EXPECT_EQ(event_detail_json(h.host.events.back()),
            R"({"ticket":"T-1","pollKey":"R1","userInfo":{"nickname":"Ada"}})");
  EXPECT_TRUE(h.host.open.empty());
  EXPECT_TRUE(h.host.timers.empty());
  EXPECT_TRUE(h.host.navigations.empty());
  const auto sent = h.host.requests.size();
  h.host.advance(600000);
  EXPECT_EQ(h.host.requests.size(), sent);
}

TEST(SessionFlow, AutoExchangeFetchesTheFullUserBeforeSuccess) {
  session_config config = test_config();
  config.auto_exchange = true;
  harness h(config);
  h.show_code();
  h.host.respond(200, confirmed_body(R"(T\"1)"));
  EXPECT_EQ(h.host.count_events(event_type::success), 0);
  const http_request& exchange = h.host.last_request();
  EXPECT_EQ(exchange.method, "POST");
  EXPECT_EQ(exchange.url, "https://srv.test/api/v2/qrcode/userinfo");
  // The poll key goes along: the proof for browserExchange "proof".
  EXPECT_EQ(exchange.body, R"({"ticket":"T\"1","random":"R1"})");
  h.host.respond(200, envelope(R"({"id":"u1","phone":"13800000000","photo":"http://x/a.png"})"));
  EXPECT_EQ(h.host.event_names(), (std::vector<std::string>{"load", "success"}));
  EXPECT_EQ(
      event_detail_json(h.host.events.back()),
      R"({"ticket":"T\"1","pollKey":"R1","userInfo":{"id":"u1","phone":"13800000000","photo":""}})");
}

TEST(SessionFlow, FailedExchangeReportsAnErrorThenSuccessWithTheTicket) {
  session_config config = test_config();
  config.auto_exchange = true;
  harness h(config);
  h.show_code();
  h.host.respond(200, confirmed_body());
  h.host.respond(403, R"({"code":403,"message":"browser exchange is off","data":null})");
  EXPECT_EQ(h.host.event_names(), (std::vector<std::string>{"load", "error", "success"}));
  const login_event& failure = h.host.events[h.host.events.size() - 2];
  EXPECT_EQ(failure.error_code, login_error::exchange_failed);
  EXPECT_NE(failure.message.find("browser exchange is off"), std::string::npos);
  EXPECT_EQ(h.host.events.back().ticket, "T1");
  EXPECT_EQ(h.host.phase(), ui_phase::confirmed);
}

TEST(SessionFlow, CancelledShowsTheOverlayAndRefreshRetries) {
  harness h;
  h.show_code();
  h.host.respond(200, scanned_body());
  h.host.respond(200, check_body(3));
  EXPECT_EQ(h.host.phase(), ui_phase::cancelled);
  EXPECT_EQ(h.host.event_names().back(), "cancel");
  EXPECT_TRUE(h.host.open.empty());
  EXPECT_TRUE(h.host.timers.empty());
  h.session.refresh();
  EXPECT_EQ(h.host.phase(), ui_phase::loading);
  EXPECT_EQ(h.host.last_request().url, "https://srv.test/api/v2/qrcode/gene");
  h.host.respond(200, gene_body("R2"));
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);
  EXPECT_EQ(h.host.last_request().url,
            "https://srv.test/api/v2/qrcode/check?random=R2&wait=25&since=0");
}

TEST(SessionFlow, ServerExpiryShowsTheExpiredOverlay) {
  harness h;
  h.show_code();
  h.host.respond(200, check_body(-1));
  EXPECT_EQ(h.host.phase(), ui_phase::expired);
  EXPECT_EQ(h.host.event_names().back(), "expired");
  EXPECT_TRUE(h.host.timers.empty());
}

TEST(SessionFlow, Http410MeansExpired) {
  harness h;
  h.show_code();
  h.host.respond(410, R"({"code":410,"message":"expired","data":null})");
  EXPECT_EQ(h.host.phase(), ui_phase::expired);
}

TEST(SessionFlow, LocalExpiryTimerEndsTheCodeAfterExpiresIn) {
  harness h;
  h.show_code(60);
  h.host.advance(59999);
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);
  h.host.advance(1);
  EXPECT_EQ(h.host.phase(), ui_phase::expired);
  EXPECT_EQ(h.host.event_names().back(), "expired");
  EXPECT_TRUE(h.host.open.empty());  // the held poll was aborted
}

TEST(SessionFlow, ExpireAtIsUsedWhenExpiresInIsMissing) {
  harness h;
  h.session.start();
  h.host.respond(200, envelope(R"({"random":"R","qrcodeContent":"x","expireAt":)" +
                               std::to_string(h.host.now + 30000) + "}"));
  h.host.advance(29999);
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);
  h.host.advance(1);
  EXPECT_EQ(h.host.phase(), ui_phase::expired);
}

TEST(SessionFlow, StatechangeFollowsEveryPhaseChangeOnce) {
  harness h;
  h.show_code();
  h.host.respond(200, scanned_body());
  h.host.respond(200, confirmed_body());
  std::vector<std::string> changes;
  for (const auto& event : h.host.events) {
    if (event.type == event_type::statechange) changes.push_back(event.state);
  }
  EXPECT_EQ(changes, (std::vector<std::string>{"loading", "showing-code", "scanned", "confirmed"}));
}

TEST(SessionFlow, InvalidConfigIsAnErrorStateWithoutRequests) {
  session_config config = test_config();
  config.app_id = "";
  harness h(config);
  h.session.start();
  EXPECT_TRUE(h.host.requests.empty());
  EXPECT_EQ(h.host.phase(), ui_phase::error);
  EXPECT_EQ(h.host.states.back().error_code, login_error::invalid_config);
  EXPECT_EQ(h.host.event_names(), std::vector<std::string>{"error"});
}

TEST(SessionFlow, GeneRefusalShowsTheServersCodeAndMessage) {
  harness h;
  h.session.start();
  h.host.respond(400,
                 R"({"code":40001,"message":"redirectUri is not a callback URL","data":null})");
  EXPECT_EQ(h.host.phase(), ui_phase::error);
  EXPECT_EQ(h.host.states.back().error_code, 40001);
  EXPECT_EQ(h.host.states.back().message, "redirectUri is not a callback URL");
}

TEST(SessionFlow, Http200WithAFailureEnvelopeIsTheServersError) {
  harness h;
  h.session.start();
  h.host.respond(200, R"({"code":2001,"message":"app not found","data":null})");
  EXPECT_EQ(h.host.states.back().error_code, 2001);
  EXPECT_EQ(h.host.states.back().message, "app not found");
}

// Hostile or broken answers end in the error state, never in a crash.
struct bad_body {
  const char* name;
  std::string body;
};

class SessionMalformed : public ::testing::TestWithParam<bad_body> {};

TEST_P(SessionMalformed, CheckReplyBecomesAnErrorState) {
  harness h;
  h.show_code();
  h.host.respond(200, GetParam().body);
  EXPECT_EQ(h.host.phase(), ui_phase::error);
  EXPECT_EQ(h.host.event_names().back(), "error");
  EXPECT_TRUE(h.host.open.empty());
  EXPECT_TRUE(h.host.timers.empty());
}

TEST_P(SessionMalformed, GeneReplyBecomesAnErrorState) {
  harness h;
  h.session.start();
  h.host.respond(200, GetParam().body);
  EXPECT_EQ(h.host.phase(), ui_phase::error);
  EXPECT_TRUE(h.host.qrs.empty());
}

INSTANTIATE_TEST_SUITE_P(
    Bodies, SessionMalformed,
    ::testing::Values(bad_body{"Empty", ""}, bad_body{"NotJson", "not json"},
                      bad_body{"Array", "[]"}, bad_body{"Null", "null"},
                      bad_body{"CodeAsString", R"({"code":"200","data":{}})"},
                      bad_body{"DataNull", R"({"code":200,"data":null})"},
                      bad_body{"DataArray", R"({"code":200,"data":[1]})"},
                      bad_body{"StatusString", R"({"code":200,"data":{"status":"1"}})"},
                      bad_body{"StatusFraction", R"({"code":200,"data":{"status":1.5}})"},
                      bad_body{"StatusHuge", R"({"code":200,"data":{"status":1e400}})"},
                      bad_body{"ConfirmedWithoutTicket", R"({"code":200,"data":{"status":2}})"},
                      bad_body{"TicketNumber", R"({"code":200,"data":{"status":2,"ticket":5}})"},
                      bad_body{"RandomNumber",
                               R"({"code":200,"data":{"random":7,"qrcodeContent":"x"}})"},
                      bad_body{"DeepNesting", std::string(300000, '[')},
                      bad_body{"InvalidUtf8", "{\"code\":200,\"data\":{\"s\":\"\xff\"}}"}),
    [](const ::testing::TestParamInfo<bad_body>& param_info) {
      return std::string(param_info.param.name);
    });

TEST(SessionFlow, UnknownStatusIsAnError) {
  harness h;
  h.show_code();
  h.host.respond(200, check_body(7));
  EXPECT_EQ(h.host.phase(), ui_phase::error);
  EXPECT_EQ(h.host.states.back().error_code, login_error::unexpected_status)
      << h.host.states.back().message;
}

}  // namespace
}  // namespace scan_login::testing
