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

std::optional<query_params> parsed(std::string_view query) {
  std::string why;
  auto params = query_params::parse(query, why);
  if (!params) {
    EXPECT_FALSE(why.empty());
  }
  return params;
}

TEST(url, query_params_decode_names_and_values_as_a_browser_does) {
  const auto params =
      parsed("random=abc&wait=5&flag&&redirect%5Furi=https%3A%2F%2Fa.example%2F&q=a+b");
  ASSERT_TRUE(params);
  EXPECT_EQ(params->get("wait"), "5");
  EXPECT_EQ(params->get("flag"), "");
  EXPECT_FALSE(params->get("x"));
  // The name is decoded too: this is redirect_uri, as URLSearchParams reads it.
  EXPECT_EQ(params->get("redirect_uri"), "https://a.example/");
  EXPECT_FALSE(params->get("redirect%5Furi"));
  EXPECT_EQ(params->get("q"), "a b");
  EXPECT_EQ(parsed("name=%E4%B8%AD")->get("name"), "\xE4\xB8\xAD");
  EXPECT_TRUE(parsed(""));
}

TEST(url, query_params_refuse_what_a_browser_would_read_otherwise) {
  for (const char* query : {"a=%zz", "a=%2", "a=%", "a=%00", "%00=1", "ticket=%FF", "a=%C0%AF",
                            "a=%ED%A0%80", "a=1&a=2", "redirect_uri=x&redirect%5Furi=y"}) {
    std::string why;
    EXPECT_FALSE(query_params::parse(query, why)) << query;
    EXPECT_FALSE(why.empty()) << query;
    for (const char c : why) EXPECT_TRUE(c >= 0x20 && c < 0x7f) << query << ": " << why;
  }
}

TEST(url, is_utf8_follows_the_standard) {
  EXPECT_TRUE(is_utf8("plain"));
  EXPECT_TRUE(is_utf8("\xE4\xB8\xAD\xF0\x9F\x98\x80"));
  EXPECT_FALSE(is_utf8("\xFF"));
  EXPECT_FALSE(is_utf8("\xC0\x80"));          // overlong NUL
  EXPECT_FALSE(is_utf8("\xE0\x80\xAF"));      // overlong '/'
  EXPECT_FALSE(is_utf8("\xED\xA0\x80"));      // a surrogate
  EXPECT_FALSE(is_utf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  EXPECT_FALSE(is_utf8("\xE4\xB8"));          // cut short
}

TEST(url, percent_encode_keeps_unreserved_only) {
  EXPECT_EQ(percent_encode("a b/c?d=é"), "a%20b%2Fc%3Fd%3D%C3%A9");
}

}  // namespace
}  // namespace scan_login::server
