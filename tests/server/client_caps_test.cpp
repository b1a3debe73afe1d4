// Who counts as one client for the connection and long-poll caps.

#include "shell/client_caps.hpp"

#include <gtest/gtest.h>

namespace scan_login::server {
namespace {

namespace ip = boost::asio::ip;

TEST(client_caps, an_ipv6_client_is_its_slash_64_and_a_mapped_ipv4_its_address) {
  EXPECT_EQ(client_key("192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(client_key("2001:db8:1:2::5"), "2001:db8:1:2::/64");
  EXPECT_EQ(client_key("2001:db8:1:2:aaaa:bbbb:cccc:dddd"), "2001:db8:1:2::/64");
  EXPECT_NE(client_key("2001:db8:1:3::5"), client_key("2001:db8:1:2::5"));
  EXPECT_EQ(client_key("::ffff:192.0.2.7"), "192.0.2.7");
  EXPECT_EQ(client_key("not an address"), "not an address");
}

TEST(client_caps, connections_count_per_client_and_in_all_but_a_trusted_proxys_only_in_all) {
  std::string error;
  const auto proxies = trusted_proxies::parse("10.0.0.1", error);
  ASSERT_TRUE(proxies) << error;
  client_caps caps{{5, 2, 1}, *proxies};
  std::string a, b, c, p1, p2;
  EXPECT_TRUE(caps.admit_connection(ip::make_address("192.0.2.1"), a));
  EXPECT_TRUE(caps.admit_connection(ip::make_address("192.0.2.1"), b));
  EXPECT_FALSE(caps.admit_connection(ip::make_address("192.0.2.1"), c));  // its share
  EXPECT_TRUE(caps.admit_connection(ip::make_address("10.0.0.1"), p1));   // the proxy
  EXPECT_TRUE(caps.admit_connection(ip::make_address("10.0.0.1"), p2));
  EXPECT_TRUE(p1.empty());
  EXPECT_EQ(caps.connections(), 4u);
  std::string d, e;
  EXPECT_TRUE(caps.admit_connection(ip::make_address("198.51.100.1"), d));
  EXPECT_FALSE(caps.admit_connection(ip::make_address("198.51.100.2"), e));  // the total
  caps.release_connection(a);
  EXPECT_TRUE(caps.admit_connection(ip::make_address("192.0.2.1"), c));
  EXPECT_TRUE(caps.admit_held_poll("192.0.2.9"));
  EXPECT_FALSE(caps.admit_held_poll("192.0.2.9"));
  EXPECT_TRUE(caps.admit_held_poll("192.0.2.10"));
  caps.release_held_poll("192.0.2.9");
  EXPECT_TRUE(caps.admit_held_poll("192.0.2.9"));
}

}  // namespace
}  // namespace scan_login::server
