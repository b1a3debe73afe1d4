// /metrics is cheap and can be restricted (issue 10, "Cheap, protected
// observability"), and client-caused log lines are throttled.

#include <sstream>
#include <thread>

#include "handler_fixture.hpp"
#include "http/throttled_log.hpp"

namespace scan_login::server::testing {
namespace {

using observability = handler_test;

TEST_F(observability, metrics_can_require_a_token) {
  settings_.metrics_token = "metrics-secret";
  rebuild();
  auto res = get("/metrics");
  EXPECT_EQ(res.result(), http::status::unauthorized);
  EXPECT_EQ(body_of(res)["code"], 40104);
  EXPECT_NE(body_of(res)["message"].get<std::string>().find("SCAN_LOGIN_METRICS_TOKEN"),
            std::string::npos);
  EXPECT_EQ(get("/metrics", {{"authorization", "Bearer wrong"}}).result(),
            http::status::unauthorized);
  EXPECT_EQ(get("/metrics", {{"authorization", "metrics-secret"}}).result(),
            http::status::unauthorized);
  res = get("/metrics", {{"authorization", "Bearer metrics-secret"}});
  EXPECT_EQ(res.result(), http::status::ok);
  EXPECT_NE(res.body().find("scan_login_requests_total"), std::string::npos);
}

TEST_F(observability, metrics_without_a_token_set_stay_open) {
  EXPECT_EQ(get("/metrics").result(), http::status::ok);
}

TEST_F(observability, the_codes_gauge_costs_one_store_query_a_second_at_most) {
  gene();
  EXPECT_NE(get("/metrics").body().find("scan_login_codes{status=\"0\"} 1\n"), std::string::npos);
  gene();
  // Within the second the gauge is what was read: a flood of /metrics
  // requests does not walk the store's codes each time.
  EXPECT_NE(get("/metrics").body().find("scan_login_codes{status=\"0\"} 1\n"), std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_NE(get("/metrics").body().find("scan_login_codes{status=\"0\"} 2\n"), std::string::npos);
}

class captured_stderr {
 public:
  captured_stderr() : previous_(std::cerr.rdbuf(text_.rdbuf())) {}
  ~captured_stderr() { std::cerr.rdbuf(previous_); }
  std::string text() const { return text_.str(); }

 private:
  std::ostringstream text_;
  std::streambuf* previous_;
};

int lines_in(const std::string& text) {
  int n = 0;
  for (const char c : text) n += c == '\n';
  return n;
}

TEST(throttled_log, writes_its_share_a_second_then_says_how_many_it_left_out) {
  throttled_log log{5};
  captured_stderr err;
  for (int i = 0; i < 12; ++i) log.write("read", "bad request " + std::to_string(i));
  log.write("store", "other kind, own share");
  EXPECT_EQ(lines_in(err.text()), 6) << err.text();
  EXPECT_NE(err.text().find("read: bad request 4\n"), std::string::npos);
  EXPECT_EQ(err.text().find("bad request 5"), std::string::npos);
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  log.write("read", "later");
  EXPECT_NE(err.text().find("read: later (7 more such lines left out)\n"), std::string::npos)
      << err.text();
}

}  // namespace
}  // namespace scan_login::server::testing
