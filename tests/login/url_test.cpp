#include "login/url.hpp"

#include <gtest/gtest.h>

namespace scan_login {
namespace {

TEST(PercentEncode, KeepsUnreservedAndEncodesEverythingElse) {
  EXPECT_EQ(percent_encode("AZaz09-._~"), "AZaz09-._~");
  EXPECT_EQ(percent_encode(" &=?/#%+"), "%20%26%3D%3F%2F%23%25%2B");
  EXPECT_EQ(percent_encode("é"), "%C3%A9");
  EXPECT_EQ(percent_encode(std::string("a\0b", 3)), "a%00b");
  EXPECT_EQ(percent_encode(""), "");
}

TEST(IsHttpUrl, AcceptsOnlyAbsoluteHttpUrlsWithAHost) {
  EXPECT_TRUE(is_http_url("https://site.test/cb"));
  EXPECT_TRUE(is_http_url("HTTP://site.test:8080"));
  EXPECT_TRUE(is_http_url("http://127.0.0.1:3000/cb?x=1"));
  for (const char* bad :
       {"", "https://", "https:///x", "//site.test", "/cb", "javascript:alert(1)",
        "JAVASCRIPT:alert(1)", "data:text/html,hi", "ftp://site.test", "https://site.test/a b",
        "https://site.test\\@evil.test", "https://site.test/\n", "https://@evil.test",
        " https://site.test", "https://site.test/\x7f", "https://sité.test/"}) {
    EXPECT_FALSE(is_http_url(bad)) << bad;
  }
}

TEST(JoinUrl, TrimsTrailingSlashesOfTheBase) {
  EXPECT_EQ(join_url("https://srv.test//", "/api"), "https://srv.test/api");
  EXPECT_EQ(join_url("https://srv.test/base", "/api"), "https://srv.test/base/api");
  EXPECT_EQ(join_url("", "/api"), "/api");
}

TEST(BuildCallbackUrl, EncodesTicketAndState) {
  auto url = build_callback_url("https://site.test/cb", "a+b/c=", "x&y z#");
  ASSERT_TRUE(url);
  EXPECT_EQ(url.value(), "https://site.test/cb?ticket=a%2Bb%2Fc%3D&state=x%26y%20z%23");
}

TEST(BuildCallbackUrl, AppendsToAnExistingQuery) {
  EXPECT_EQ(build_callback_url("https://site.test/cb?a=1", "t", "s").value(),
            "https://site.test/cb?a=1&ticket=t&state=s");
  EXPECT_EQ(build_callback_url("https://site.test/cb?", "t", "s").value(),
            "https://site.test/cb?ticket=t&state=s");
  EXPECT_EQ(build_callback_url("https://site.test/cb?a=1&", "t", "s").value(),
            "https://site.test/cb?a=1&ticket=t&state=s");
}

TEST(BuildCallbackUrl, KeepsTheFragmentLast) {
  EXPECT_EQ(build_callback_url("https://site.test/cb#done", "t", "s").value(),
            "https://site.test/cb?ticket=t&state=s#done");
  EXPECT_EQ(build_callback_url("https://site.test/cb?a=1#x?y", "t", "").value(),
            "https://site.test/cb?a=1&ticket=t&state=#x?y");
}

TEST(BuildCallbackUrl, RefusesNonHttpCallbacks) {
  for (const char* bad :
       {"javascript:alert(1)", "data:text/html,x", "//evil.test", "/local", "vbscript:x", ""}) {
    auto url = build_callback_url(bad, "t", "s");
    EXPECT_FALSE(url) << bad;
    EXPECT_FALSE(url.error_message().empty());
  }
}

TEST(SafeAvatarUrl, KeepsHttpsAndDataImagesOnly) {
  EXPECT_EQ(safe_avatar_url("https://img.test/a.png"), "https://img.test/a.png");
  EXPECT_EQ(safe_avatar_url("DATA:image/png;base64,AAAA"), "DATA:image/png;base64,AAAA");
  EXPECT_EQ(safe_avatar_url("data:image/svg+xml,<svg a='b'/>"), "data:image/svg+xml,<svg a='b'/>");
  for (const char* bad :
       {"http://img.test/a.png", "javascript:alert(1)", "data:text/html,<script>", "//img.test/a",
        "/a.png", "https://", "data:image/png\n,AA", " https://img.test/a.png", "blob:x"}) {
    EXPECT_EQ(safe_avatar_url(bad), "") << bad;
  }
}

TEST(SafeLogoUrl, AlsoAllowsTheServersOwnUrls) {
  EXPECT_EQ(safe_logo_url("/static/logo.png", ""), "/static/logo.png");
  EXPECT_EQ(safe_logo_url("http://localhost:8080/logo.png", "http://localhost:8080"),
            "http://localhost:8080/logo.png");
  EXPECT_EQ(safe_logo_url("https://cdn.test/l.png", "http://localhost:8080"),
            "https://cdn.test/l.png");
  EXPECT_EQ(safe_logo_url("http://localhost:8080.evil.test/l.png", "http://localhost:8080"), "");
  EXPECT_EQ(safe_logo_url("http://other.test/l.png", "http://localhost:8080"), "");
  EXPECT_EQ(safe_logo_url("//evil.test/l.png", ""), "");
  EXPECT_EQ(safe_logo_url("javascript:x", ""), "");
  EXPECT_EQ(safe_logo_url("", ""), "");
}

}  // namespace
}  // namespace scan_login
