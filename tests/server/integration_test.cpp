// The real binary on a free loopback port: the whole flow over HTTP, a long
// poll answered as soon as the phone acts, restart, limits, static files,
// arguments and shutdown.

#include <gtest/gtest.h>

#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <nlohmann/json.hpp>
#include <thread>

#include "server_process.hpp"

namespace scan_login::server::testing {
namespace {

using nlohmann::json;
using std::chrono::steady_clock;

json envelope(const client_response& res) { return json::parse(res.body(), nullptr, false); }

json gene(unsigned short port) {
  const auto res = http_call(port, http::verb::post, "/api/v2/qrcode/gene",
                             R"({"scene":"WXAPP_AUTH"})", {{"x-authing-app-id", "demo"}});
  EXPECT_EQ(res.result(), http::status::ok) << res.body();
  return envelope(res)["data"];
}

std::string code_of(const json& data) {
  const auto content = data["qrcodeContent"].get<std::string>();
  return content.substr(content.find("/m/") + 3);
}

TEST(server_process_test, prints_the_listening_line_and_stops_cleanly_on_sigterm) {
  server_process server;
  ASSERT_NE(server.port(), 0);
  EXPECT_EQ(http_call(server.port(), http::verb::get, "/healthz").result(), http::status::ok);
  EXPECT_EQ(server.stop(), 0);
}

TEST(server_process_test, whole_flow_with_long_polls_answered_as_soon_as_the_phone_acts) {
  server_process server;
  const auto port = server.port();
  const auto data = gene(port);
  const auto random = data["random"].get<std::string>();
  const auto code = code_of(data);
  EXPECT_EQ(data["qrcodeContent"].get<std::string>().rfind(
                "http://127.0.0.1:" + std::to_string(port) + "/m/", 0),
            0u);

  auto poll = [&](int since) {
    return std::async(std::launch::async, [=] {
      const auto started = steady_clock::now();
      const auto res = http_call(
          port, http::verb::get,
          "/api/v2/qrcode/check?random=" + random + "&wait=20&since=" + std::to_string(since));
      return std::make_pair(envelope(res), steady_clock::now() - started);
    });
  };

  auto waiting = poll(0);
  // The poll is held: nothing comes back before the phone acts.
  EXPECT_EQ(waiting.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  const auto scanned = http_call(
      port, http::verb::post, "/api/v2/qrcode/scanned",
      json{{"code", code}, {"wechatUser", {{"openid", "o-int"}, {"nickname", "Int"}}}}.dump());
  ASSERT_EQ(scanned.result(), http::status::ok) << scanned.body();
  ASSERT_EQ(waiting.wait_for(std::chrono::seconds(2)), std::future_status::ready);
  auto [first, first_time] = waiting.get();
  EXPECT_EQ(first["data"]["status"], 1);
  EXPECT_LT(first_time, std::chrono::seconds(2));

  auto confirming = poll(1);
  EXPECT_EQ(confirming.wait_for(std::chrono::milliseconds(200)), std::future_status::timeout);
  const auto scan_token = envelope(scanned)["data"]["scanToken"].get<std::string>();
  const auto confirmed =
      http_call(port, http::verb::post, "/api/v2/qrcode/confirm",
                json{{"code", code}, {"scanToken", scan_token}, {"phone", "13800138000"}}.dump());
  ASSERT_EQ(confirmed.result(), http::status::ok) << confirmed.body();
  ASSERT_EQ(confirming.wait_for(std::chrono::seconds(2)), std::future_status::ready);
  const auto second = confirming.get().first;
  EXPECT_EQ(second["data"]["status"], 2);
  const auto ticket = second["data"]["ticket"].get<std::string>();

  const auto user =
      http_call(port, http::verb::post, "/api/v2/qrcode/userinfo", json{{"ticket", ticket}}.dump(),
                {{"x-authing-app-secret", "demo-secret-change-me"}});
  ASSERT_EQ(user.result(), http::status::ok) << user.body();
  EXPECT_EQ(envelope(user)["data"]["phone"], "13800138000");
  EXPECT_FALSE(envelope(user)["data"]["token"].get<std::string>().empty());
  const auto again =
      http_call(port, http::verb::post, "/api/v2/qrcode/userinfo", json{{"ticket", ticket}}.dump(),
                {{"x-authing-app-secret", "demo-secret-change-me"}});
  EXPECT_EQ(again.result(), http::status::conflict);
}

TEST(server_process_test, a_long_poll_ends_with_expiry) {
  server_process server{{"--qr-expires-in", "1"}};
  const auto random = gene(server.port())["random"].get<std::string>();
  const auto started = steady_clock::now();
  const auto res = http_call(server.port(), http::verb::get,
                             "/api/v2/qrcode/check?random=" + random + "&wait=10&since=0");
  EXPECT_EQ(envelope(res)["data"]["status"], -1);
  EXPECT_LT(steady_clock::now() - started, std::chrono::seconds(3));
}

int held_polls(unsigned short port) {
  const auto text = http_call(port, http::verb::get, "/metrics").body();
  const std::string name = "\nscan_login_held_long_polls ";
  const auto at = text.find(name);
  return at == std::string::npos ? -1 : std::stoi(text.substr(at + name.size()));
}

TEST(server_process_test, a_client_that_leaves_frees_its_held_poll_at_once) {
  server_process server;
  const auto random = gene(server.port())["random"].get<std::string>();
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket{ioc};
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  const std::string poll = "GET /api/v2/qrcode/check?random=" + random +
                           "&wait=30&since=0 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
  boost::asio::write(socket, boost::asio::buffer(poll));
  auto deadline = steady_clock::now() + std::chrono::seconds(5);
  while (held_polls(server.port()) != 1 && steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_EQ(held_polls(server.port()), 1);
  socket.close();
  deadline = steady_clock::now() + std::chrono::seconds(5);
  while (held_polls(server.port()) != 0 && steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(held_polls(server.port()), 0);
  EXPECT_LT(deadline - steady_clock::now(), std::chrono::seconds(5));
}

// (A server on the same store keeps its codes: tests/deploy.)
TEST(server_process_test, a_server_with_another_store_answers_404_for_an_unknown_random) {
  std::string random;
  {
    server_process first;
    random = gene(first.port())["random"].get<std::string>();
    EXPECT_EQ(first.stop(), 0);
  }
  server_process second;
  const auto res =
      http_call(second.port(), http::verb::get, "/api/v2/qrcode/check?random=" + random);
  EXPECT_EQ(res.result(), http::status::not_found);
  EXPECT_EQ(envelope(res)["code"], 40402);
}

TEST(server_process_test, oversized_bodies_and_headers_are_refused_before_parsing) {
  server_process server;
  const std::string big(20 * 1024, 'x');
  auto res = http_call(server.port(), http::verb::post, "/api/v2/qrcode/gene", big,
                       {{"x-authing-app-id", "demo"}});
  EXPECT_EQ(res.result(), http::status::payload_too_large);
  EXPECT_EQ(envelope(res)["code"], 41301);
  // An avatar upload may be larger (the route decides after the header),
  // up to its own limit.
  res = http_call(server.port(), http::verb::post, "/api/v2/qrcode/avatar?code=c&scanToken=t",
                  std::string(40 * 1024, 'x'), {{"content-type", "image/png"}});
  EXPECT_EQ(res.result(), http::status::unsupported_media_type);  // read whole, then judged
  res = http_call(server.port(), http::verb::post, "/api/v2/qrcode/avatar?code=c&scanToken=t",
                  std::string(70 * 1024, 'x'), {{"content-type", "image/png"}});
  EXPECT_EQ(res.result(), http::status::payload_too_large);
  EXPECT_NE(envelope(res)["message"].get<std::string>().find("65536"), std::string::npos);
  res = http_call(server.port(), http::verb::get, "/healthz", {},
                  {{"x-filler", std::string(9000, 'y')}});
  EXPECT_EQ(res.result(), http::status::request_header_fields_too_large);
  // Still serving.
  EXPECT_EQ(http_call(server.port(), http::verb::get, "/healthz").result(), http::status::ok);
}

TEST(server_process_test, keep_alive_serves_several_requests_on_one_connection) {
  server_process server;
  boost::asio::io_context ioc;
  boost::beast::tcp_stream stream{ioc};
  stream.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  boost::beast::flat_buffer buffer;
  for (int i = 0; i < 3; ++i) {
    http::request<http::empty_body> req{http::verb::get, "/healthz", 11};
    req.set(http::field::host, "127.0.0.1");
    http::write(stream, req);
    client_response res;
    http::read(stream, buffer, res);
    EXPECT_EQ(res.result(), http::status::ok);
    EXPECT_TRUE(res.keep_alive());
  }
}

TEST(server_process_test, a_client_too_slow_to_send_its_request_is_dropped) {
  server_process server{{"--request-timeout", "1"}};
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::socket socket{ioc};
  socket.connect({boost::asio::ip::make_address("127.0.0.1"), server.port()});
  const std::string partial = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";  // never finished
  boost::asio::write(socket, boost::asio::buffer(partial));
  const auto started = steady_clock::now();
  char byte;
  boost::beast::error_code ec;
  socket.read_some(boost::asio::buffer(&byte, 1), ec);  // blocks until the server drops us
  EXPECT_TRUE(ec == boost::asio::error::eof || ec == boost::asio::error::connection_reset)
      << ec.message();
  EXPECT_LT(steady_clock::now() - started, std::chrono::seconds(4));
}

TEST(server_process_test, serves_web_root_and_wasm_root) {
  const auto root = std::filesystem::temp_directory_path() / "scan-login-int-static";
  std::filesystem::create_directories(root / "web" / "playground");
  std::filesystem::create_directories(root / "wasm");
  std::ofstream(root / "web" / "index.html") << "<p>home</p>";
  std::ofstream(root / "web" / "playground" / "index.html") << "<p>play</p>";
  std::ofstream(root / "wasm" / "core.wasm") << "wasm";
  server_process server{
      {"--web-root", (root / "web").string(), "--wasm-root", (root / "wasm").string()}};
  EXPECT_EQ(http_call(server.port(), http::verb::get, "/").body(), "<p>home</p>");
  EXPECT_EQ(http_call(server.port(), http::verb::get, "/playground/").body(), "<p>play</p>");
  const auto wasm = http_call(server.port(), http::verb::get, "/wasm/core.wasm");
  EXPECT_EQ(wasm[http::field::content_type], "application/wasm");
  const auto phone = http_call(server.port(), http::verb::get, "/m/some-code");
  EXPECT_EQ(phone.result(), http::status::ok);
  EXPECT_NE(phone.body().find("/_pages/phone.js"), std::string::npos);
  EXPECT_EQ(http_call(server.port(), http::verb::get, "/console").result(), http::status::ok);
  std::filesystem::remove_all(root);
}

TEST(server_process_test, bad_arguments_print_usage_and_fail) {
  std::string err;
  EXPECT_EQ(run_to_exit({"--port", "nope"}, &err), 1);
  EXPECT_NE(err.find("usage: scan-login-server"), std::string::npos);
  EXPECT_EQ(run_to_exit({"--config", "/nonexistent.json"}, &err), 1);
  EXPECT_NE(err.find("/nonexistent.json"), std::string::npos);
  EXPECT_EQ(run_to_exit({"--help"}, &err), 0);
}

}  // namespace
}  // namespace scan_login::server::testing
