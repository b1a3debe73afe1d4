// Hidden pages, stop() and late answers, listeners that re-enter the session,
// and auto-refresh timing.
#include <gtest/gtest.h>

#include <memory>

#include "fake_host.hpp"

namespace scan_login::testing {
namespace {

const std::string gene_url = "https://srv.test/api/v2/qrcode/gene";

session_config auto_refresh_config() {
  session_config config = test_config();
  config.auto_refresh = true;
  return config;
}

TEST(SessionVisibility, HiddenAbortsTheHeldPollAndRequestsNothing) {
  harness h;
  h.show_code();
  const int held = h.host.open.back();
  h.session.set_visible(false);
  EXPECT_EQ(h.host.cancelled_requests, std::vector<int>{held});
  EXPECT_TRUE(h.host.open.empty());
  const auto sent = h.host.requests.size();
  h.host.advance(60000);
  EXPECT_EQ(h.host.requests.size(), sent);
  h.session.on_http_response(held, 200, check_body(1));  // a late answer changes nothing
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);
  h.session.set_visible(true);
  ASSERT_EQ(h.host.requests.size(), sent + 1);
  EXPECT_EQ(h.host.last_request().url,
            "https://srv.test/api/v2/qrcode/check?random=R1&wait=25&since=0");
  h.session.set_visible(true);
  EXPECT_EQ(h.host.requests.size(), sent + 1);
}

TEST(SessionVisibility, HiddenStopsPlainPollingAndVisibleChecksAtOnce) {
  session_config config = test_config();
  config.wait_s = 0;
  harness h(config);
  h.show_code();
  h.host.respond(200, check_body(0));
  h.session.set_visible(false);
  EXPECT_TRUE(h.host.timers.size() == 1);  // only the expiry timer is left
  const auto sent = h.host.requests.size();
  h.host.advance(10000);
  EXPECT_EQ(h.host.requests.size(), sent);
  h.session.set_visible(true);
  EXPECT_EQ(h.host.requests.size(), sent + 1);
}

TEST(SessionVisibility, VisibleAgainRetriesAtOnceDuringBackoff) {
  harness h;
  h.show_code();
  h.host.respond(0, "");
  h.session.set_visible(false);
  h.host.advance(1000);
  const auto sent = h.host.requests.size();
  h.session.set_visible(true);
  EXPECT_EQ(h.host.requests.size(), sent + 1);
}

TEST(SessionVisibility, HiddenBeforeTheCodeArrivesAsksAgainWhenVisible) {
  harness h;
  h.session.start();
  h.session.set_visible(false);
  EXPECT_TRUE(h.host.open.empty());
  h.session.set_visible(true);
  EXPECT_EQ(h.host.requests.size(), 2u);
  EXPECT_EQ(h.host.last_request().url, gene_url);
}

TEST(SessionVisibility, StartWhileHiddenWaitsForVisibility) {
  harness h;
  h.session.set_visible(false);
  h.session.start();
  EXPECT_TRUE(h.host.requests.empty());
  EXPECT_EQ(h.host.phase(), ui_phase::loading);
  h.session.set_visible(true);
  EXPECT_EQ(h.host.last_request().url, gene_url);
}

TEST(SessionVisibility, ExpiryWhileHiddenShowsExpiredWithoutRequests) {
  harness h;
  h.show_code(30);
  h.session.set_visible(false);
  const auto sent = h.host.requests.size();
  h.host.advance(30000);
  EXPECT_EQ(h.host.phase(), ui_phase::expired);
  h.session.set_visible(true);
  EXPECT_EQ(h.host.requests.size(), sent);
}

TEST(SessionStop, LateAnswersAndTimersAfterStopReachNothing) {
  harness h;
  h.show_code();
  const int held = h.host.open.back();
  const auto timers = h.host.timers;
  const auto states = h.host.states.size();
  const auto events = h.host.events.size();
  h.session.stop();
  EXPECT_TRUE(h.host.timers.empty());
  EXPECT_EQ(h.host.cancelled_requests, std::vector<int>{held});
  h.session.on_http_response(held, 200, confirmed_body());
  for (const auto& timer : timers) h.session.on_timer(timer.first);
  h.session.set_visible(false);
  h.session.set_visible(true);
  EXPECT_EQ(h.host.states.size(), states);
  EXPECT_EQ(h.host.events.size(), events);
  EXPECT_TRUE(h.host.navigations.empty());
  EXPECT_EQ(h.host.requests.size(), 2u);
}

TEST(SessionStop, RefreshAfterStopStartsAgain) {
  harness h;
  h.show_code();
  h.session.stop();
  h.session.refresh();
  EXPECT_EQ(h.host.last_request().url, gene_url);
  EXPECT_EQ(h.host.phase(), ui_phase::loading);
}

TEST(SessionStop, DestroyingTheSessionCancelsItsTimersAndRequests) {
  fake_host host;
  auto session = std::make_unique<login_session>(host, test_config());
  host.session = session.get();
  session->start();
  host.respond(200, gene_body());
  session.reset();
  EXPECT_TRUE(host.timers.empty());
  EXPECT_TRUE(host.open.empty());
}

TEST(SessionStop, ListenerThatStopsOnSuccessPreventsTheRedirect) {
  session_config config = test_config();
  config.redirect_uri = "https://site.test/cb";
  harness h(config);
  h.host.on_event = [&h](const login_event& e) {
    if (e.type == event_type::success) h.session.stop();
  };
  h.show_code();
  const auto sent = h.host.requests.size();
  h.host.respond(200, confirmed_body());
  EXPECT_EQ(h.host.requests.size(), sent);  // no public-config lookup
  EXPECT_TRUE(h.host.navigations.empty());
}

TEST(SessionStop, ListenerThatRefreshesOnLoadGetsOneFreshCode) {
  harness h;
  bool refreshed = false;
  h.host.on_event = [&](const login_event& e) {
    if (e.type == event_type::load && !refreshed) {
      refreshed = true;
      h.session.refresh();
    }
  };
  h.show_code();
  EXPECT_EQ(h.host.open.size(), 1u);
  EXPECT_EQ(h.host.last_request().url, gene_url);
  EXPECT_EQ(h.host.timers.size(), 0u);  // the first code's expiry timer is gone
}

TEST(SessionAutoRefresh, ANewCodeReplacesTheOldOneBeforeItExpires) {
  harness h(auto_refresh_config());
  h.show_code(120);
  h.host.advance(114999);
  EXPECT_EQ(h.host.open.size(), 1u);
  EXPECT_NE(h.host.last_request().url, gene_url);
  h.host.advance(1);  // 5 s before expiry
  EXPECT_EQ(h.host.last_request().url, gene_url);
  EXPECT_EQ(h.host.open.size(), 2u);  // the held poll of the old code goes on (refresh race tests)
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);  // the old code stays until replaced
  h.host.respond(200, gene_body("R2", "https://srv.test/m/C2"));
  EXPECT_EQ(h.host.qrs.back().first, "https://srv.test/m/C2");
  h.host.advance(10000);
  for (const auto& state : h.host.states) EXPECT_NE(state.phase, ui_phase::expired);
  EXPECT_EQ(h.host.count_events(event_type::expired), 0);
  EXPECT_EQ(h.host.count_events(event_type::load), 2);
}

TEST(SessionAutoRefresh, ShortLifetimesRefreshOneSecondAhead) {
  harness h(auto_refresh_config());
  h.show_code(10);
  h.host.advance(8999);
  EXPECT_NE(h.host.last_request().url, gene_url);
  h.host.advance(1);
  EXPECT_EQ(h.host.last_request().url, gene_url);
}

TEST(SessionAutoRefresh, AScannedCodeIsNotReplaced) {
  harness h(auto_refresh_config());
  h.show_code(120);
  h.host.respond(200, scanned_body());
  h.host.advance(119999);
  EXPECT_EQ(h.host.phase(), ui_phase::scanned);
  EXPECT_NE(h.host.last_request().url, gene_url);
  h.host.advance(1);  // dead now: a new code, no expired overlay
  EXPECT_EQ(h.host.phase(), ui_phase::loading);
  EXPECT_EQ(h.host.last_request().url, gene_url);
  EXPECT_EQ(h.host.count_events(event_type::expired), 0);
}

TEST(SessionAutoRefresh, ServerExpiryFetchesANewCodeWithoutTheOverlay) {
  harness h(auto_refresh_config());
  h.show_code();
  h.host.respond(200, check_body(-1));
  EXPECT_EQ(h.host.phase(), ui_phase::loading);
  EXPECT_EQ(h.host.last_request().url, gene_url);
  EXPECT_EQ(h.host.count_events(event_type::expired), 0);
}

TEST(SessionAutoRefresh, TheDeadCodeIsHiddenWhileTheRefreshIsStillFailing) {
  harness h(auto_refresh_config());
  h.show_code(20);
  h.host.advance(18000);
  h.host.respond(0, "");  // the refresh's gene failed: reconnecting
  EXPECT_EQ(h.host.phase(), ui_phase::reconnecting);
  h.host.advance(250);
  h.host.respond(0, "");
  h.host.advance(2000);  // past the old code's expiry
  EXPECT_NE(h.host.phase(), ui_phase::showing_code);
  EXPECT_EQ(h.host.count_events(event_type::expired), 0);
  h.host.respond(200, gene_body("R2"));
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);
}

TEST(SessionAutoRefresh, RefreshDueWhileHiddenWaitsForVisibility) {
  harness h(auto_refresh_config());
  h.show_code(120);
  h.session.set_visible(false);
  const auto sent = h.host.requests.size();
  h.host.advance(116000);
  EXPECT_EQ(h.host.requests.size(), sent);
  h.session.set_visible(true);
  EXPECT_EQ(h.host.last_request().url, gene_url);
}

}  // namespace
}  // namespace scan_login::testing
