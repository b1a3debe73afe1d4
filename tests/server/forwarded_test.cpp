// Who the client is behind a load balancer (--trusted-proxy).

#include "http/forwarded.hpp"

#include <gtest/gtest.h>

#include "handler_fixture.hpp"

namespace scan_login::server::testing {
namespace {

trusted_proxies proxies(const std::string& list) {
  std::string error;
  auto parsed = trusted_proxies::parse(list, error);
  EXPECT_TRUE(parsed) << error;
  return parsed.value_or(trusted_proxies{});
}

TEST(forwarded, without_trusted_proxies_the_header_is_ignored) {
  const auto none = proxies("");
  EXPECT_EQ(none.client_address("127.0.0.1", "203.0.113.9"), "127.0.0.1");
}

TEST(forwarded, the_rightmost_untrusted_address_is_the_client) {
  const auto lb = proxies("127.0.0.1, 10.0.0.0/8");
  EXPECT_EQ(lb.client_address("127.0.0.1", "203.0.113.9"), "203.0.113.9");
  // A client that made up an address on the left does not get it believed.
  EXPECT_EQ(lb.client_address("10.1.2.3", "1.2.3.4, 198.51.100.7, 10.9.9.9"), "198.51.100.7");
  // An untrusted peer's header is ignored.
  EXPECT_EQ(lb.client_address("192.0.2.1", "203.0.113.9"), "192.0.2.1");
  // Garbage stops the walk at the last address a trusted proxy vouched for.
  EXPECT_EQ(lb.client_address("127.0.0.1", "198.51.100.7, not-an-ip"), "127.0.0.1");
  // Only proxies: the leftmost.
  EXPECT_EQ(lb.client_address("127.0.0.1", "10.0.0.5"), "10.0.0.5");
}

TEST(forwarded, ipv6_networks_and_v4_mapped_peers) {
  const auto lb = proxies("::1, fd00::/8, 127.0.0.0/8");
  EXPECT_EQ(lb.client_address("::1", "2001:db8::7"), "2001:db8::7");
  EXPECT_EQ(lb.client_address("::ffff:127.0.0.1", "203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(lb.client_address("fd12::1", "fd00::2, 2001:db8::8"), "2001:db8::8");
}

TEST(forwarded, bad_entries_are_named) {
  std::string error;
  EXPECT_FALSE(trusted_proxies::parse("10.0.0.0/33", error));
  EXPECT_NE(error.find("10.0.0.0/33"), std::string::npos);
  EXPECT_FALSE(trusted_proxies::parse("proxy.example", error));
  EXPECT_FALSE(trusted_proxies::parse("::1/129", error));
}

using forwarded_handler = handler_test;

TEST_F(forwarded_handler, the_phone_sees_the_forwarded_client_only_behind_a_trusted_proxy) {
  client_ip_ = "127.0.0.1";
  auto res = post("/api/v2/qrcode/gene", json::object(),
                  {{"x-authing-app-id", "demo"}, {"x-forwarded-for", "203.0.113.9"}});
  auto code = code_of(body_of(res)["data"]);
  EXPECT_EQ(body_of(get("/api/v2/qrcode/context?code=" + code))["data"]["ip"], "127.0.0.1");

  settings_.proxies = proxies("127.0.0.1");
  rebuild();
  res = post("/api/v2/qrcode/gene", json::object(),
             {{"x-authing-app-id", "demo"}, {"x-forwarded-for", "203.0.113.9"}});
  code = code_of(body_of(res)["data"]);
  EXPECT_EQ(body_of(get("/api/v2/qrcode/context?code=" + code))["data"]["ip"], "203.0.113.9");
}

}  // namespace
}  // namespace scan_login::server::testing
