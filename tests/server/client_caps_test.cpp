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
  const auto caps = std::make_shared<client_caps>(client_limits{5, 2, 1}, *proxies);
  auto a = caps->admit_connection(ip::make_address("192.0.2.1"));
  auto b = caps->admit_connection(ip::make_address("192.0.2.1"));
  EXPECT_TRUE(a && b);
  EXPECT_FALSE(caps->admit_connection(ip::make_address("192.0.2.1")));  // its share
  auto p1 = caps->admit_connection(ip::make_address("10.0.0.1"));       // the proxy
  auto p2 = caps->admit_connection(ip::make_address("10.0.0.1"));
  EXPECT_TRUE(p1 && p2);
  EXPECT_EQ(caps->connections(), 4u);
  auto d = caps->admit_connection(ip::make_address("198.51.100.1"));
  EXPECT_TRUE(d);
  EXPECT_FALSE(caps->admit_connection(ip::make_address("198.51.100.2")));  // the total
  a.reset();  // a slot gives its place back when it goes
  EXPECT_EQ(caps->connections(), 4u);
  auto c = caps->admit_connection(ip::make_address("192.0.2.1"));
  EXPECT_TRUE(c);
  auto held = caps->admit_held_poll("192.0.2.9");
  EXPECT_TRUE(held);
  EXPECT_FALSE(caps->admit_held_poll("192.0.2.9"));
  EXPECT_TRUE(caps->admit_held_poll("192.0.2.10"));
  held.reset();
  EXPECT_TRUE(caps->admit_held_poll("192.0.2.9"));
  EXPECT_EQ(caps->connections(), 5u);  // held polls are not connections
}

TEST(client_caps, a_slot_outliving_its_owner_still_gives_its_place_back) {
  std::string error;
  const auto proxies = trusted_proxies::parse("", error);
  ASSERT_TRUE(proxies) << error;
  std::optional<client_slot> late;
  std::weak_ptr<client_caps> seen;
  {
    auto caps = std::make_shared<client_caps>(client_limits{5, 2, 1}, *proxies);
    seen = caps;
    late = caps->admit_connection(ip::make_address("192.0.2.1"));
    ASSERT_TRUE(late);
  }
  EXPECT_FALSE(seen.expired());  // the slot keeps its caps
  late.reset();
  EXPECT_TRUE(seen.expired());
}

}  // namespace
}  // namespace scan_login::server
