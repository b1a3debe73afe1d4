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

}  // namespace
}  // namespace scan_login::server::testing
