// Network failures, back-off, lost codes, and the choice between long and
// plain polling.
#include <gtest/gtest.h>

#include "fake_host.hpp"

namespace scan_login::testing {
namespace {

const std::string check_url = "https://srv.test/api/v2/qrcode/check?random=R1";
const std::string long_poll_url = check_url + "&wait=25&since=0";

TEST(SessionNetwork, FailuresBackOffExponentiallyUpToTheCap) {
  harness h;  // random bytes 0: every delay is the lower bound, half the ceiling
  h.show_code(3600);
  std::vector<std::int64_t> delays;
  for (int i = 0; i < 9; ++i) {
    const auto sent = h.host.requests.size();
    h.host.respond(0, "");
    ASSERT_EQ(h.host.phase(), ui_phase::reconnecting);
    delays.push_back(h.host.states.back().retry_in_ms);
    EXPECT_TRUE(h.host.open.empty());
    h.host.advance(delays.back() - 1);
    EXPECT_EQ(h.host.requests.size(), sent) << "retried early";
    h.host.advance(1);
    ASSERT_EQ(h.host.requests.size(), sent + 1) << "did not retry on time";
    EXPECT_EQ(h.host.last_request().url, long_poll_url);
  }
  EXPECT_EQ(delays,
            (std::vector<std::int64_t>{250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000}));
}

TEST(SessionNetwork, JitterStaysWithinHalfAndAllOfTheCeiling) {
  harness h;
  h.host.random_byte = 0xff;
  h.show_code(3600);
  const std::int64_t ceilings[] = {500, 1000, 2000, 4000, 8000, 16000, 30000, 30000};
  for (std::int64_t ceiling : ceilings) {
    h.host.respond(503, "<html>down</html>");
    const std::int64_t delay = h.host.states.back().retry_in_ms;
    EXPECT_GE(delay, ceiling / 2);
    EXPECT_LE(delay, ceiling);
    h.host.advance(delay);
  }
  // With all bytes 0xff the jitter is not the lower bound.
  EXPECT_NE(h.host.timer_delays.back(), 15000);
}

TEST(SessionNetwork, RecoveryShowsTheCodeAgainAndResetsTheBackoff) {
  harness h;
  h.show_code();
  h.host.respond(0, "");
  h.host.advance(250);
  h.host.respond(502, "");
  EXPECT_EQ(h.host.states.back().retry_in_ms, 500);
  h.host.advance(500);
  h.host.now += 25000;  // held for the whole wait: still long polling
  h.host.respond(200, check_body(0));
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);
  h.host.respond(0, "");
  EXPECT_EQ(h.host.states.back().retry_in_ms, 250);
}

TEST(SessionNetwork, RecoveryIntoScannedShowsTheScanner) {
  harness h;
  h.show_code();
  h.host.respond(200, scanned_body());
  h.host.respond(0, "");
  EXPECT_EQ(h.host.phase(), ui_phase::reconnecting);
  h.host.advance(250);
  h.host.respond(200, scanned_body());
  EXPECT_EQ(h.host.phase(), ui_phase::scanned);
  EXPECT_EQ(h.host.states.back().nickname, "Ada <b>");
  EXPECT_EQ(h.host.count_events(event_type::scanned), 1);
}

TEST(SessionNetwork, RetriesUpdateTheStateButSignalOneStatechange) {
  harness h;
  h.show_code();
  for (int i = 0; i < 3; ++i) {
    h.host.respond(0, "");
    h.host.advance(h.host.states.back().retry_in_ms);
  }
  int reconnecting_changes = 0;
  for (const auto& event : h.host.events) {
    if (event.type == event_type::statechange && event.state == "reconnecting") {
      ++reconnecting_changes;
    }
  }
  EXPECT_EQ(reconnecting_changes, 1);
  EXPECT_EQ(h.host.states.back().retry_in_ms, 1000);
}

TEST(SessionNetwork, RefreshDuringBackoffStartsOverAtOnce) {
  harness h;
  h.show_code();
  for (int i = 0; i < 4; ++i) {
    h.host.respond(0, "");
    h.host.advance(h.host.states.back().retry_in_ms);
  }
  h.host.respond(0, "");
  h.session.refresh();
  EXPECT_EQ(h.host.last_request().url, "https://srv.test/api/v2/qrcode/gene");
  EXPECT_EQ(h.host.timers.size(), 0u);
  h.host.respond(0, "");
  EXPECT_EQ(h.host.states.back().retry_in_ms, 250);
}

TEST(SessionNetwork, TwoSessionsDoNotShareState) {
  harness a;
  harness b;
  a.show_code();
  b.show_code();
  a.host.respond(0, "");
  b.host.respond(200, scanned_body());
  EXPECT_EQ(a.host.phase(), ui_phase::reconnecting);
  EXPECT_EQ(b.host.phase(), ui_phase::scanned);
  EXPECT_EQ(b.host.count_events(event_type::scanned), 1);
  EXPECT_EQ(a.host.count_events(event_type::scanned), 0);
}

TEST(SessionNetwork, RateLimitingAndTimeoutsAreRetried) {
  for (int status : {408, 429, 500, 504}) {
    harness h;
    h.show_code();
    h.host.respond(status, "");
    EXPECT_EQ(h.host.phase(), ui_phase::reconnecting) << status;
  }
}

// Configuration refusals (PROTOCOL.md "CORS" 40303, an unknown app 40401, a
// redirect URI that is not a callback 40003) cannot heal by retrying: they
// end in the error phase with the server's code, and nothing more is sent.
TEST(SessionNetwork, ConfigurationRefusalsAreTerminalNotRetried) {
  for (const auto& [status, code] :
       std::vector<std::pair<int, int>>{{403, 40303}, {404, 40401}, {400, 40003}}) {
    harness h;
    h.session.start();
    h.host.respond(status, R"({"code":)" + std::to_string(code) +
                               R"(,"message":"refused: allowedOrigins","data":null})");
    EXPECT_EQ(h.host.phase(), ui_phase::error) << code;
    EXPECT_EQ(h.host.states.back().error_code, code);
    ASSERT_EQ(h.host.event_names(), std::vector<std::string>{"error"}) << code;
    EXPECT_EQ(h.host.events.back().error_code, code);
    EXPECT_EQ(h.host.events.back().message, "refused: allowedOrigins");
    EXPECT_TRUE(h.host.open.empty()) << code;
    EXPECT_TRUE(h.host.timers.empty()) << code;
    const auto sent = h.host.requests.size();
    h.host.advance(60000);
    EXPECT_EQ(h.host.requests.size(), sent) << code;
  }
  // The same refusal of a poll (the app's origins changed meanwhile).
  harness h;
  h.show_code();
  h.host.respond(403, R"({"code":40303,"message":"m","data":null})");
  EXPECT_EQ(h.host.phase(), ui_phase::error);
  EXPECT_TRUE(h.host.open.empty());
  EXPECT_TRUE(h.host.timers.empty());
}

TEST(SessionNetwork, UnreachableServerAtStartRetriesTheGene) {
  harness h;
  h.session.start();
  h.host.respond(0, "");
  EXPECT_EQ(h.host.phase(), ui_phase::reconnecting);
  h.host.advance(250);
  EXPECT_EQ(h.host.last_request().url, "https://srv.test/api/v2/qrcode/gene");
  h.host.respond(0, "");
  h.host.advance(500);
  h.host.respond(200, gene_body());
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);
  EXPECT_EQ(h.host.event_names(), std::vector<std::string>{"load"});
  EXPECT_EQ(h.host.last_request().url, long_poll_url);
}

TEST(SessionNetwork, ExpiryWhileReconnectingShowsExpired) {
  harness h;
  h.show_code(10);
  for (int i = 0; i < 4; ++i) {
    h.host.respond(0, "");
    h.host.advance(h.host.states.back().retry_in_ms);
  }
  h.host.respond(0, "");
  h.host.advance(10000);
  EXPECT_EQ(h.host.phase(), ui_phase::expired);
  EXPECT_TRUE(h.host.timers.empty());
}

TEST(SessionNetwork, LostRandomMakesANewCode) {
  harness h;
  h.show_code();
  h.host.respond(404, R"({"code":404,"message":"unknown random","data":null})");
  EXPECT_EQ(h.host.phase(), ui_phase::loading);
  EXPECT_EQ(h.host.last_request().url, "https://srv.test/api/v2/qrcode/gene");
  h.host.respond(200, gene_body("R2", "https://srv.test/m/C2"));
  EXPECT_EQ(h.host.qrs.back().first, "https://srv.test/m/C2");
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);
  EXPECT_EQ(h.host.last_request().url,
            "https://srv.test/api/v2/qrcode/check?random=R2&wait=25&since=0");
  EXPECT_EQ(h.host.event_names(), (std::vector<std::string>{"load", "load"}));
}

TEST(SessionNetwork, AServerThatLosesEveryCodeEndsInAnError) {
  harness h;
  h.show_code();
  for (int i = 0; i < 3; ++i) {
    h.host.respond(404, "");
    h.host.respond(200, gene_body());
  }
  h.host.respond(404, "");
  EXPECT_EQ(h.host.phase(), ui_phase::error);
  EXPECT_EQ(h.host.states.back().error_code, login_error::codes_lost);
  EXPECT_TRUE(h.host.open.empty());
}

TEST(SessionNetwork, ImmediateSameStatusFallsBackToPlainPolling) {
  harness h;
  h.show_code();
  EXPECT_TRUE(h.session.long_polling());
  h.host.now += 20;
  h.host.respond(200, check_body(0));
  EXPECT_FALSE(h.session.long_polling());
  EXPECT_TRUE(h.host.open.empty());
  const auto sent = h.host.requests.size();
  h.host.advance(799);
  EXPECT_EQ(h.host.requests.size(), sent);
  h.host.advance(1);
  ASSERT_EQ(h.host.requests.size(), sent + 1);
  EXPECT_EQ(h.host.last_request().url, check_url);
  h.host.respond(200, check_body(0));
  h.host.advance(800);
  EXPECT_EQ(h.host.requests.size(), sent + 2);
}

TEST(SessionNetwork, HeldRequestsKeepLongPolling) {
  harness h;
  h.show_code();
  h.host.now += 25000;
  h.host.respond(200, check_body(0));
  EXPECT_TRUE(h.session.long_polling());
  EXPECT_EQ(h.host.last_request().url, long_poll_url);
  EXPECT_EQ(h.host.open.size(), 1u);  // polled again at once
}

TEST(SessionNetwork, QuickAnswerWithANewStatusKeepsLongPolling) {
  harness h;
  h.show_code();
  h.host.now += 5;
  h.host.respond(200, scanned_body());
  EXPECT_TRUE(h.session.long_polling());
  EXPECT_EQ(h.host.last_request().url, check_url + "&wait=25&since=1");
}

TEST(SessionNetwork, WaitZeroPollsPlainlyAtTheConfiguredInterval) {
  session_config config = test_config();
  config.wait_s = 0;
  config.interval_ms = 2000;
  harness h(config);
  h.show_code();
  EXPECT_EQ(h.host.last_request().url, check_url);
  h.host.respond(200, check_body(0));
  h.host.advance(1999);
  EXPECT_TRUE(h.host.open.empty());
  h.host.advance(1);
  EXPECT_EQ(h.host.open.size(), 1u);
  EXPECT_EQ(h.host.last_request().url, check_url);
}

TEST(SessionNetwork, RandomIsPercentEncodedInTheCheckUrl) {
  harness h;
  h.session.start();
  h.host.respond(200, gene_body("a b&c=d"));
  EXPECT_EQ(h.host.last_request().url,
            "https://srv.test/api/v2/qrcode/check?random=a%20b%26c%3Dd&wait=25&since=0");
}

}  // namespace
}  // namespace scan_login::testing
