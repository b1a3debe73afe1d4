// gene and check through the pure handler: fields, refusals, long-poll
// holds, expiry with the virtual clock, limits.

#include "handler_fixture.hpp"

namespace scan_login::server::testing {
namespace {

using gene_check = handler_test;

TEST_F(gene_check, gene_returns_the_protocol_fields) {
  const auto data = gene({{"scene", "WXAPP_AUTH"}});
  const auto random = data["random"].get<std::string>();
  const auto code = code_of(data);
  EXPECT_GE(random.size(), 22u);  // 128 bits in base64url
  EXPECT_GE(code.size(), 22u);
  EXPECT_NE(random, code);
  EXPECT_EQ(data["qrcodeContent"], std::string{base} + "/m/" + code);
  EXPECT_EQ(data["qrcodeContent"].get<std::string>().find(random), std::string::npos);
  EXPECT_EQ(data["url"], std::string{base} + "/api/v2/qrcode/image/" + code + ".svg");
  EXPECT_TRUE(data["customLogo"].is_null());
  EXPECT_EQ(data["expiresIn"], 120);
  EXPECT_EQ(data["expireAt"], start_ms + 120'000);
}

TEST_F(gene_check, a_qr_is_the_prefix_then_m_then_the_code) {
  // A wechat app: its mini program's registered URL rule; a demo app (even
  // one naming a mini program): this server, whose stand-in page plays it.
  auto res = post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", "wx"}});
  ASSERT_EQ(res.result(), http::status::ok);
  const auto wx = body_of(res)["data"]["qrcodeContent"].get<std::string>();
  EXPECT_EQ(wx.rfind("https://login.example.com/scan/m/", 0), 0u) << wx;
  res = post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", "strict"}});
  const auto demo = body_of(res)["data"]["qrcodeContent"].get<std::string>();
  EXPECT_EQ(demo.rfind(std::string{base} + "/m/", 0), 0u) << demo;
  EXPECT_EQ(demo.find('?'), std::string::npos) << demo;
}

// The page's fetches use the default cache mode (any other mode measured
// about 1 ms a request slower in Chromium); the answers themselves forbid
// caching, refusals included, so no poll is ever answered from a cache.
TEST_F(gene_check, every_answer_of_the_page_flow_forbids_caching) {
  const auto data = gene();
  const auto random = data["random"].get<std::string>();
  const std::vector<response> answers{
      post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", "demo"}}),
      post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", "nope"}}),
      get("/api/v2/qrcode/check?random=" + random + "&wait=0", {{"x-authing-app-id", "demo"}}),
      get("/api/v2/qrcode/check?random=unknown&wait=0", {{"x-authing-app-id", "demo"}}),
  };
  for (const auto& res : answers) {
    EXPECT_EQ(res[http::field::cache_control], "no-store") << res;
  }
}

TEST_F(gene_check, gene_refusals_name_the_problem) {
  auto res = post("/api/v2/qrcode/gene", json::object());
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(body_of(res)["code"], 40002);

  res = post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", "nope"}});
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(body_of(res)["code"], 40401);

  res = send(http::verb::post, "/api/v2/qrcode/gene", "scene=x",
             {{"x-authing-app-id", "demo"}, {"content-type", "application/x-www-form-urlencoded"}});
  EXPECT_EQ(res.result(), http::status::unsupported_media_type);
  EXPECT_EQ(body_of(res)["code"], 41501);

  res = send(http::verb::post, "/api/v2/qrcode/gene", "{not json", {{"x-authing-app-id", "demo"}});
  EXPECT_EQ(res.result(), http::status::bad_request);
  EXPECT_EQ(body_of(res)["code"], 40004);

  res = send(http::verb::post, "/api/v2/qrcode/gene", "[1,2]", {{"x-authing-app-id", "demo"}});
  EXPECT_EQ(body_of(res)["code"], 40004);

  for (const auto& [body, field] :
       std::vector<std::pair<json, std::string>>{{{{"scene", "APP_AUTH"}}, "scene"},
                                                 {{{"scene", 3}}, "scene"},
                                                 {{{"params", "x"}}, "params"},
                                                 {{{"context", 1}}, "context"},
                                                 {{{"autoMergeQrCode", "yes"}}, "autoMergeQrCode"},
                                                 {{{"redirectUri", 5}}, "redirectUri"}}) {
    res = post("/api/v2/qrcode/gene", body, {{"x-authing-app-id", "demo"}});
    EXPECT_EQ(res.result(), http::status::bad_request) << body;
    EXPECT_EQ(body_of(res)["code"], 40001);
    EXPECT_EQ(body_of(res)["message"].get<std::string>().rfind(field, 0), 0u) << res.body();
    EXPECT_TRUE(body_of(res)["data"].is_null());
  }
}

TEST_F(gene_check, bytes_that_are_not_utf8_in_an_echoed_header_give_404_not_500) {
  const auto res = post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", "\xff\xfe"}});
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(body_of(res)["code"], 40401);
}

TEST_F(gene_check, redirect_uri_must_match_a_callback_exactly) {
  gene({{"redirectUri", std::string{base} + "/callback"}});
  for (const auto& bad :
       {std::string{base} + "/callback/", std::string{base} + "/callback?x=1",
        std::string{base} + "/CALLBACK", std::string{"http://evil.example/callback"}}) {
    const auto res =
        post("/api/v2/qrcode/gene", {{"redirectUri", bad}}, {{"x-authing-app-id", "demo"}});
    EXPECT_EQ(res.result(), http::status::bad_request) << bad;
    EXPECT_EQ(body_of(res)["code"], 40003);
  }
}

TEST_F(gene_check, gene_is_rate_limited_per_client_with_retry_after) {
  settings_.limits.gene_rate = 1;
  settings_.limits.gene_burst = 3;
  rebuild();
  for (int i = 0; i < 3; ++i) gene();
  auto res = post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", "demo"}});
  EXPECT_EQ(res.result(), http::status::too_many_requests);
  EXPECT_EQ(body_of(res)["code"], 42901);
  EXPECT_EQ(res[http::field::retry_after], "1");
  client_ip_ = "192.0.2.8";  // another client is not affected
  gene();
  client_ip_ = "192.0.2.7";
  now_ += 1000;
  gene();
}

TEST_F(gene_check, live_codes_are_capped) {
  settings_.limits.max_live_codes = 2;
  rebuild();
  gene();
  gene();
  const auto res = post("/api/v2/qrcode/gene", json::object(), {{"x-authing-app-id", "demo"}});
  EXPECT_EQ(res.result(), http::status::service_unavailable);
  EXPECT_EQ(body_of(res)["code"], 50301);
}

TEST_F(gene_check, check_reports_waiting_then_expired_then_forgets) {
  const auto random = gene()["random"].get<std::string>();
  auto res = get("/api/v2/qrcode/check?random=" + random);
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(body_of(res)["code"], 200);
  EXPECT_EQ(body_of(res)["data"]["status"], 0);
  EXPECT_EQ(body_of(res)["data"]["random"], random);
  EXPECT_EQ(body_of(res)["data"]["expiresIn"], 120);

  now_ += 120'000;
  res = get("/api/v2/qrcode/check?random=" + random);
  EXPECT_EQ(body_of(res)["data"]["status"], -1);
  EXPECT_EQ(body_of(res)["data"]["expiresIn"], 0);

  now_ += 120'001;  // past the retention of ended codes
  handler_->sweep();
  res = get("/api/v2/qrcode/check?random=" + random);
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(body_of(res)["code"], 40402);
}

TEST_F(gene_check, check_refusals) {
  EXPECT_EQ(body_of(get("/api/v2/qrcode/check"))["code"], 40001);
  EXPECT_EQ(get("/api/v2/qrcode/check?random=unknown").result(), http::status::not_found);
  const auto random = gene()["random"].get<std::string>();
  for (const auto& q : {"&wait=x", "&wait=-1", "&since=7", "&since=a"}) {
    const auto res = get("/api/v2/qrcode/check?random=" + random + q);
    EXPECT_EQ(res.result(), http::status::bad_request) << q;
  }
  EXPECT_EQ(post("/api/v2/qrcode/check", json::object()).result(),
            http::status::method_not_allowed);
}

TEST_F(gene_check, long_poll_is_held_only_while_the_status_equals_since) {
  const auto data = gene();
  const auto random = data["random"].get<std::string>();
  auto held = check_outcome("random=" + random + "&wait=10&since=0");
  ASSERT_TRUE(held.held);
  EXPECT_FALSE(held.res);
  EXPECT_EQ(held.held->random, random);
  EXPECT_EQ(held.held->wait, std::chrono::seconds(10));

  // The status differs from since: answer at once.
  auto now = check_outcome("random=" + random + "&wait=10&since=1");
  ASSERT_TRUE(now.res);
  EXPECT_EQ(body_of(*now.res)["data"]["status"], 0);
  // Re-asked after waking (may_hold = false): always an answer.
  EXPECT_TRUE(check_outcome("random=" + random + "&wait=10&since=0", false).res);
  // No wait: plain poll.
  EXPECT_TRUE(check_outcome("random=" + random).res);
}

TEST_F(gene_check, long_poll_wait_is_capped_by_max_wait_and_expiry) {
  const auto random = gene()["random"].get<std::string>();
  auto held = check_outcome("random=" + random + "&wait=300&since=0");
  ASSERT_TRUE(held.held);
  EXPECT_EQ(held.held->wait, std::chrono::seconds(30));
  now_ += 115'000;
  held = check_outcome("random=" + random + "&wait=30&since=0");
  ASSERT_TRUE(held.held);
  EXPECT_EQ(held.held->wait, std::chrono::seconds(5));
}

TEST_F(gene_check, held_polls_are_capped) {
  settings_.limits.max_held_polls = 2;
  rebuild();
  const auto random = gene()["random"].get<std::string>();
  held_polls_ = 2;
  const auto result = check_outcome("random=" + random + "&wait=10&since=0");
  ASSERT_TRUE(result.res);
  EXPECT_EQ(result.res->result(), http::status::service_unavailable);
  EXPECT_EQ(body_of(*result.res)["code"], 50302);
}

TEST_F(gene_check, status_changes_notify_the_poll_key) {
  const auto data = gene();
  const auto random = data["random"].get<std::string>();
  const auto token = scan(code_of(data));
  confirm(code_of(data), token);
  ASSERT_EQ(notified_.size(), 2u);
  EXPECT_EQ(notified_[0], random);
  EXPECT_EQ(notified_[1], random);
}

TEST_F(gene_check, qr_image_is_svg_for_a_known_code) {
  const auto code = code_of(gene());
  const auto res = get("/api/v2/qrcode/image/" + code + ".svg");
  ASSERT_EQ(res.result(), http::status::ok);
  EXPECT_EQ(res[http::field::content_type], "image/svg+xml");
  EXPECT_EQ(res.body().rfind("<svg", 0), 0u);
  EXPECT_EQ(get("/api/v2/qrcode/image/nope.svg").result(), http::status::not_found);
}

}  // namespace
}  // namespace scan_login::server::testing
