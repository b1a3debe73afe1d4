// Request-target helpers.

#include "http/url.hpp"

#include <gtest/gtest.h>

namespace scan_login::server {
namespace {

TEST(url, split_target_separates_the_query) {
  const auto parts = split_target("/a/b?x=1&y=2");
  EXPECT_EQ(parts.path, "/a/b");
  EXPECT_EQ(parts.query, "x=1&y=2");
  EXPECT_EQ(split_target("/a").query, "");
}

TEST(url, percent_decode_refuses_bad_escapes_and_nul) {
  EXPECT_EQ(percent_decode("a%20b"), "a b");
  EXPECT_EQ(percent_decode("a+b", true), "a b");
  EXPECT_FALSE(percent_decode("a%2"));
  EXPECT_FALSE(percent_decode("a%zz"));
  EXPECT_FALSE(percent_decode("a%00"));
}

TEST(url, query_param_finds_the_first_match) {
  EXPECT_EQ(query_param("random=abc&wait=5", "wait"), "5");
  EXPECT_EQ(query_param("a=1&a=2", "a"), "1");
  EXPECT_EQ(query_param("flag", "flag"), "");
  EXPECT_FALSE(query_param("x=1", "y"));
}

TEST(url, percent_encode_keeps_unreserved_only) {
  EXPECT_EQ(percent_encode("a b/c?d=é"), "a%20b%2Fc%3Fd%3D%C3%A9");
}

}  // namespace
}  // namespace scan_login::server
