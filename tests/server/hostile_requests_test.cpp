// Requests an attacker writes by hand, sent as raw bytes to the real binary
// (issue 10, "Request parsing"): each is refused plainly and nothing behind
// it is read as a request of its own.

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <string>

#include "server_process.hpp"

namespace scan_login::server::testing {
namespace {

// Writes `bytes` on a fresh connection and reads until the server closes it
// (a 5 s receive timeout bounds a server that keeps it open).
std::string exchange_raw(unsigned short port, const std::string& bytes) {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket{ioc};
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), port});
  const timeval five_seconds{5, 0};
  setsockopt(socket.native_handle(), SOL_SOCKET, SO_RCVTIMEO, &five_seconds, sizeof five_seconds);
  boost::asio::write(socket, boost::asio::buffer(bytes));
  std::string answer;
  char chunk[4096];
  for (;;) {
    boost::system::error_code ec;
    const auto got = socket.read_some(boost::asio::buffer(chunk), ec);
    answer.append(chunk, got);
    if (ec) break;
  }
  return answer;
}

int responses_in(const std::string& answer) {
  int count = 0;
  for (auto at = answer.find("HTTP/1.1 "); at != std::string::npos;
       at = answer.find("HTTP/1.1 ", at + 1)) {
    ++count;
  }
  return count;
}

TEST(hostile_requests, a_transfer_encoding_that_does_not_end_in_chunked_is_400_and_closes) {
  server_process server;
  for (const char* coding :
       {"xchunked", "identity", "gzip", "chunked, identity", "chunked ,gzip"}) {
    const std::string smuggled =
        "POST /api/v2/qrcode/gene HTTP/1.1\r\nHost: 127.0.0.1\r\nx-authing-app-id: demo\r\n"
        "Content-Type: application/json\r\nTransfer-Encoding: " +
        std::string{coding} + "\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
    const auto answer = exchange_raw(server.port(), smuggled);
    EXPECT_EQ(answer.rfind("HTTP/1.1 400 ", 0), 0u) << coding << ":\n" << answer;
    EXPECT_NE(answer.find("Connection: close"), std::string::npos) << coding;
    // The smuggled GET was never answered.
    EXPECT_EQ(responses_in(answer), 1) << coding << ":\n" << answer;
  }
  // A real chunked body still works.
  const auto chunked = exchange_raw(
      server.port(),
      "POST /api/v2/qrcode/gene HTTP/1.1\r\nHost: 127.0.0.1\r\nx-authing-app-id: demo\r\n"
      "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "2\r\n{}\r\n0\r\n\r\n");
  EXPECT_EQ(chunked.rfind("HTTP/1.1 200 ", 0), 0u) << chunked;
}

TEST(hostile_requests, a_directory_redirect_never_names_another_host) {
  server_process server;
  for (const char* target : {"//demo", "///demo", "/%2Fdemo", "/demo"}) {
    const auto res = http_call(server.port(), http::verb::get, target);
    ASSERT_EQ(res.result(), http::status::moved_permanently) << target;
    const std::string location{res[http::field::location]};
    EXPECT_EQ(location, "/demo/") << target;
  }
  const auto with_query = http_call(server.port(), http::verb::get, "//demo?x=1");
  EXPECT_EQ(with_query[http::field::location], "/demo/?x=1");
}

TEST(hostile_requests, a_malformed_query_is_400_on_every_route) {
  server_process server;
  for (const char* target :
       {"/callback?ticket=%FF", "/callback?ticket=%zz", "/api/v2/qrcode/check?random=%",
        "/api/v2/qrcode/check?random=a&random=b", "/login?app_id=demo&app_id=other", "/m/abc?x=%00",
        "/healthz?%C0%AF"}) {
    const auto res = http_call(server.port(), http::verb::get, target);
    EXPECT_EQ(res.result(), http::status::bad_request) << target << ": " << res.body();
    EXPECT_NE(res.body().find("malformed query string"), std::string::npos) << target;
  }
  const auto api = http_call(server.port(), http::verb::get, "/api/v2/qrcode/check?random=%zz");
  EXPECT_NE(api.body().find("\"code\":40005"), std::string::npos) << api.body();
}

TEST(hostile_requests, an_escaped_parameter_name_is_read_as_the_browser_reads_it) {
  server_process server;
  // The browser's URLSearchParams reads redirect%5Furi as redirect_uri: so
  // does the server, which then refuses the foreign URL.
  const auto res =
      http_call(server.port(), http::verb::get,
                "/login?app_id=demo&redirect%5Furi=https%3A%2F%2Fevil.example%2Fsteal");
  EXPECT_EQ(res.result(), http::status::bad_request) << res.body();
  EXPECT_EQ(res.body().find("evil.example/steal\""), std::string::npos);
}

// The rest of the hostile-input suite: what was handled before, kept so.
TEST(hostile_requests, content_length_with_transfer_encoding_is_refused_and_closes) {
  server_process server;
  const auto answer = exchange_raw(
      server.port(),
      "POST /api/v2/qrcode/gene HTTP/1.1\r\nHost: 127.0.0.1\r\nx-authing-app-id: demo\r\n"
      "Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n"
      "2\r\n{}\r\n0\r\n\r\nGET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
  EXPECT_EQ(answer.rfind("HTTP/1.1 400 ", 0), 0u) << answer;
  EXPECT_EQ(responses_in(answer), 1) << answer;
}

TEST(hostile_requests, two_content_lengths_and_a_bad_request_line_are_400) {
  server_process server;
  for (const char* bytes : {"POST /api/v2/qrcode/gene HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n"
                            "Content-Length: 3\r\n\r\n{}",
                            "GET /healthz\x01 HTTP/1.1\r\nHost: x\r\n\r\n", "NOT-HTTP\r\n\r\n",
                            "GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header: y\r\n\r\n"}) {
    const auto answer = exchange_raw(server.port(), bytes);
    EXPECT_EQ(answer.rfind("HTTP/1.1 400 ", 0), 0u) << bytes << ":\n" << answer;
  }
  EXPECT_EQ(http_call(server.port(), http::verb::get, "/healthz").result(), http::status::ok);
}

TEST(hostile_requests, traversal_and_nul_in_paths_never_leave_the_web_root) {
  server_process server;
  for (const char* target : {"/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2fetc/passwd",
                             "/wasm/../../CMakeLists.txt", "/src/%00.js", "/%5c..%5cetc"}) {
    const auto res = http_call(server.port(), http::verb::get, target);
    EXPECT_TRUE(res.result() == http::status::bad_request ||
                res.result() == http::status::not_found)
        << target << ": " << res.result_int();
    EXPECT_EQ(res.body().find("root:"), std::string::npos) << target;
  }
}

TEST(hostile_requests, bodies_that_are_not_utf8_json_or_too_deep_are_400_and_change_nothing) {
  server_process server;
  const std::string deep = std::string(2000, '[') + std::string(2000, ']');
  for (const std::string& body :
       {std::string{"{\"scene\":\"\xff\xfe\"}"}, std::string{R"({"scene":"a\u0000"})"},
        R"({"params":)" + deep + "}", std::string{"{\"a\":1,"}, std::string("\x00\x01", 2)}) {
    const auto res = http_call(server.port(), http::verb::post, "/api/v2/qrcode/gene", body,
                               {{"x-authing-app-id", "demo"}});
    EXPECT_EQ(res.result(), http::status::bad_request) << body.substr(0, 40) << ": " << res.body();
  }
  const auto metrics = http_call(server.port(), http::verb::get, "/metrics").body();
  EXPECT_NE(metrics.find("scan_login_codes{status=\"0\"} 0\n"), std::string::npos) << metrics;
}

}  // namespace
}  // namespace scan_login::server::testing
