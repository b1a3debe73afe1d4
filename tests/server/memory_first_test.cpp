// Checks answered on the io thread: the shell first runs a check inside a
// memory_only_scope, where the store's view answers what it holds and
// anything that needs the database throws would_block before any effect
// (the shell then runs the request on a worker). Same answers either way.

#include "handler_fixture.hpp"
#include "store/memory_only.hpp"

namespace scan_login::server::testing {
namespace {

class memory_first : public handler_test {
 protected:
  // The check as the io thread tries it: its outcome, or nullopt when it
  // would block.
  std::optional<outcome> check_from_memory(
      const std::string& query, std::vector<std::pair<std::string, std::string>> headers = {},
      bool may_hold = false) {
    request req{http::verb::get, "/api/v2/qrcode/check?" + query, 11};
    req.set(http::field::host, "127.0.0.1:8080");
    for (const auto& [name, value] : headers) req.set(name, value);
    EXPECT_TRUE(handler::tries_memory_first(req));
    memory_only_scope scope;
    try {
      return handler_->handle(req, client_info{client_ip_, held_polls_, {}}, may_hold);
    } catch (const would_block&) {
      return std::nullopt;
    }
  }
  std::string metrics() { return get("/metrics").body(); }
};

TEST_F(memory_first, only_checks_are_tried_from_memory) {
  EXPECT_FALSE(handler::tries_memory_first(request{http::verb::post, "/api/v2/qrcode/gene", 11}));
  EXPECT_FALSE(handler::tries_memory_first(request{http::verb::get, "/healthz", 11}));
  EXPECT_FALSE(
      handler::tries_memory_first(request{http::verb::post, "/api/v2/qrcode/check?random=x", 11}));
  EXPECT_TRUE(
      handler::tries_memory_first(request{http::verb::head, "/api/v2/qrcode/check?random=x", 11}));
}

TEST_F(memory_first, a_code_the_view_holds_is_answered_alike_from_memory) {
  const auto data = gene();
  const std::string query = "random=" + data["random"].get<std::string>();
  // gene wrote the code; the view has not read it yet.
  EXPECT_FALSE(check_from_memory(query));
  const auto on_worker = get("/api/v2/qrcode/check?" + query);
  const auto from_memory = check_from_memory(query);
  ASSERT_TRUE(from_memory && from_memory->res);
  EXPECT_EQ(from_memory->res->result(), http::status::ok);
  EXPECT_EQ(from_memory->res->body(), on_worker.body());
  const auto text = metrics();
  EXPECT_NE(text.find("scan_login_answered_from_memory_total{route=\"check\"} 1\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("scan_login_requests_total{route=\"check\"} 2\n"), std::string::npos)
      << text;  // the attempt that would have blocked is not counted
}

TEST_F(memory_first, a_cross_origin_check_is_judged_from_the_app_the_view_holds) {
  const auto random = gene()["random"].get<std::string>();
  const std::vector<std::pair<std::string, std::string>> site = {{"origin", "http://site.example"},
                                                                 {"x-authing-app-id", "demo"}};
  get("/api/v2/qrcode/check?random=" + random, site);
  const auto from_memory = check_from_memory("random=" + random, site);
  ASSERT_TRUE(from_memory && from_memory->res);
  EXPECT_EQ((*from_memory->res)[http::field::access_control_allow_origin], "http://site.example");
}

TEST_F(memory_first, a_long_poll_is_held_from_memory) {
  const auto random = gene()["random"].get<std::string>();
  get("/api/v2/qrcode/check?random=" + random);
  const auto held = check_from_memory("random=" + random + "&wait=10&since=0", {}, true);
  ASSERT_TRUE(held);
  ASSERT_TRUE(held->held);
  EXPECT_EQ(held->held->random, random);
}

TEST_F(memory_first, a_change_is_never_answered_stale_from_memory) {
  const auto data = gene();
  const auto random = data["random"].get<std::string>();
  const std::string query = "random=" + random;
  get("/api/v2/qrcode/check?" + query);
  ASSERT_TRUE(check_from_memory(query));
  const auto token = scan(code_of(data));
  // The scan went through this process's view: it forgot the code.
  EXPECT_FALSE(check_from_memory(query));
  EXPECT_EQ(body_of(get("/api/v2/qrcode/check?" + query))["data"]["status"], 1);
  const auto scanned = check_from_memory(query);
  ASSERT_TRUE(scanned && scanned->res);
  EXPECT_EQ(body_of(*scanned->res)["data"]["status"], 1);

  // A confirmed code's answer carries its user, read from the database.
  confirm(code_of(data), token);
  get("/api/v2/qrcode/check?" + query);
  EXPECT_FALSE(check_from_memory(query));
  EXPECT_EQ(body_of(get("/api/v2/qrcode/check?" + query))["data"]["status"], 2);
}

TEST_F(memory_first, an_unknown_poll_key_is_asked_of_the_database) {
  EXPECT_FALSE(check_from_memory("random=never-made"));
  EXPECT_EQ(get("/api/v2/qrcode/check?random=never-made").result(), http::status::not_found);
  // Refusals that need no store are answered from memory too.
  const auto refused = check_from_memory("wait=1");
  ASSERT_TRUE(refused && refused->res);
  EXPECT_EQ(refused->res->result(), http::status::bad_request);
}

}  // namespace
}  // namespace scan_login::server::testing
