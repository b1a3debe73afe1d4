// The auto-refresh race: a code replaced just as someone scans it. The old
// code is still polled until its own expiry, so that scan logs in; nothing
// else about it reaches the page.
#include <gtest/gtest.h>

#include "fake_host.hpp"

namespace scan_login::testing {
namespace {

const std::string old_poll = "random=R1&";
const std::string new_poll = "random=R2&";
const std::string gene_path = "/qrcode/gene";

session_config refreshing(int wait_s = 25) {
  session_config config = test_config();
  config.auto_refresh = true;
  config.wait_s = wait_s;
  return config;
}

// Shows R1 (120 s), lets the refresh fall due (5 s before expiry) and, when
// `answer_gene`, shows R2.
void replace_code(harness& h, bool answer_gene = true) {
  h.show_code(120);
  h.host.advance(115000);
  if (answer_gene) h.host.respond_to(gene_path, 200, gene_body("R2", "https://srv.test/m/C2"));
}

TEST(SessionRefreshRace, TheReplacedCodeIsStillPolled) {
  harness h(refreshing());
  replace_code(h, false);
  EXPECT_EQ(h.host.open_for(gene_path), 1);
  EXPECT_EQ(h.host.open_for(old_poll), 1);  // the held poll was not aborted
  h.host.respond_to(gene_path, 200, gene_body("R2", "https://srv.test/m/C2"));
  EXPECT_EQ(h.host.qrs.back().first, "https://srv.test/m/C2");
  EXPECT_EQ(h.host.open_for(old_poll), 1);
  EXPECT_EQ(h.host.open_for(new_poll), 1);
  // A quiet answer about the old code polls it again, since=0.
  h.host.respond_to(old_poll, 200, check_body(0));
  EXPECT_EQ(h.host.open_for("random=R1&wait=25&since=0"), 1);
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);
}

TEST(SessionRefreshRace, AScanOfTheReplacedCodeLogsIn) {
  harness h(refreshing());
  replace_code(h);
  h.host.respond_to(old_poll, 200, scanned_body());
  EXPECT_EQ(h.host.phase(), ui_phase::scanned);
  EXPECT_EQ(h.host.count_events(event_type::scanned), 1);
  EXPECT_EQ(h.host.open_for(new_poll), 0);  // the new code is dropped
  EXPECT_EQ(h.host.open_for("random=R1&wait=25&since=1"), 1);
  h.host.respond_to(old_poll, 200, confirmed_body("T-old"));
  EXPECT_EQ(h.host.event_names(), (std::vector<std::string>{"load", "load", "scanned", "success"}));
  EXPECT_EQ(h.host.events.back().ticket, "T-old");
  EXPECT_TRUE(h.host.open.empty());
  EXPECT_TRUE(h.host.timers.empty());
}

TEST(SessionRefreshRace, AConfirmOfTheReplacedCodeLogsIn) {
  harness h(refreshing());
  replace_code(h);
  h.host.respond_to(old_poll, 200, confirmed_body("T-old"));
  EXPECT_EQ(h.host.event_names().back(), "success");
  EXPECT_EQ(h.host.events.back().ticket, "T-old");
}

TEST(SessionRefreshRace, AScanBeforeTheNewCodeArrivesDropsTheRefresh) {
  harness h(refreshing());
  replace_code(h, false);
  h.host.respond_to(old_poll, 200, scanned_body());
  EXPECT_EQ(h.host.phase(), ui_phase::scanned);
  EXPECT_EQ(h.host.open_for(gene_path), 0);  // the gene was abandoned
  EXPECT_EQ(h.host.qrs.size(), 1u);
  // The old code keeps its expiry: dead at 120 s, then a new code.
  h.host.advance(4999);
  EXPECT_EQ(h.host.phase(), ui_phase::scanned);
  h.host.advance(1);
  EXPECT_EQ(h.host.phase(), ui_phase::loading);
  EXPECT_EQ(h.host.open_for(gene_path), 1);
}

TEST(SessionRefreshRace, TheWatchEndsAtTheOldCodesExpiry) {
  harness h(refreshing());
  replace_code(h);
  h.host.advance(4999);
  EXPECT_EQ(h.host.open_for(old_poll), 1);
  h.host.advance(1);
  EXPECT_EQ(h.host.open_for(old_poll), 0);
  const auto sent = h.host.requests.size();
  h.host.advance(60000);
  for (auto i = sent; i < h.host.requests.size(); ++i) {
    EXPECT_EQ(h.host.requests[i].url.find(old_poll), std::string::npos);
  }
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);
  EXPECT_EQ(h.host.count_events(event_type::expired), 0);
}

TEST(SessionRefreshRace, AnyOtherAnswerAboutTheOldCodeEndsTheWatchQuietly) {
  for (const auto& [status, body] :
       std::vector<std::pair<int, std::string>>{{200, check_body(-1)},
                                                {200, check_body(3)},
                                                {410, R"({"code":41001,"message":"gone"})"},
                                                {404, R"({"code":40402,"message":"lost"})"},
                                                {403, R"({"code":40303,"message":"no"})"},
                                                {200, "garbage"}}) {
    harness h(refreshing());
    replace_code(h);
    const auto events = h.host.events.size();
    const auto states = h.host.states.size();
    h.host.respond_to(old_poll, status, body);
    EXPECT_EQ(h.host.events.size(), events) << body;
    EXPECT_EQ(h.host.states.size(), states) << body;
    EXPECT_EQ(h.host.open_for(old_poll), 0) << body;
    EXPECT_EQ(h.host.open_for(new_poll), 1) << body;
    EXPECT_EQ(h.host.timers.size(), 2u) << body;  // the new code's expiry and refresh
  }
}

TEST(SessionRefreshRace, NetworkTroubleRetriesTheWatchAtTheInterval) {
  harness h(refreshing());
  replace_code(h);
  h.host.respond_to(old_poll, 0, "");
  EXPECT_EQ(h.host.open_for(old_poll), 0);
  EXPECT_EQ(h.host.phase(), ui_phase::showing_code);
  h.host.advance(800);
  EXPECT_EQ(h.host.open_for(old_poll), 1);
}

TEST(SessionRefreshRace, PlainPollingWatchesAtTheInterval) {
  harness h(refreshing(0));
  h.show_code(120);
  h.host.respond(200, check_body(0));  // the first plain poll
  h.host.advance(115000 - 800);        // polls until the refresh falls due
  while (h.host.open_for(old_poll) > 0) h.host.respond_to(old_poll, 200, check_body(0));
  h.host.advance(800);
  h.host.respond_to(gene_path, 200, gene_body("R2", "https://srv.test/m/C2"));
  h.host.advance(800);
  EXPECT_EQ(h.host.open_for("random=R1"), 1);
  h.host.respond_to("random=R1", 200, scanned_body());
  EXPECT_EQ(h.host.phase(), ui_phase::scanned);
}

TEST(SessionRefreshRace, HiddenPausesTheWatchAndVisibleResumesIt) {
  harness h(refreshing());
  replace_code(h);
  h.session.set_visible(false);
  EXPECT_TRUE(h.host.open.empty());
  h.session.set_visible(true);
  EXPECT_EQ(h.host.open_for(old_poll), 1);
  EXPECT_EQ(h.host.open_for(new_poll), 1);
}

TEST(SessionRefreshRace, StopAndRefreshDropTheWatch) {
  harness h(refreshing());
  replace_code(h);
  h.session.stop();
  EXPECT_TRUE(h.host.open.empty());
  EXPECT_TRUE(h.host.timers.empty());

  harness again(refreshing());
  replace_code(again);
  again.session.refresh();
  EXPECT_EQ(again.host.open_for(old_poll), 0);
  EXPECT_EQ(again.host.open_for(gene_path), 1);
}

}  // namespace
}  // namespace scan_login::testing
