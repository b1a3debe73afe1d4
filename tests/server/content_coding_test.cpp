// Choosing the precompressed form of a served component file
// (mock-server/src/http/content_coding.hpp, RFC 9110 section 12.5.3).

#include "http/content_coding.hpp"

#include <gtest/gtest.h>

namespace scan_login::server {
namespace {

constexpr auto br = content_coding::br;
constexpr auto gzip = content_coding::gzip;
constexpr auto identity = content_coding::identity;

TEST(content_coding, brotli_first_when_both_are_acceptable_and_present) {
  EXPECT_EQ(choose_coding("gzip, deflate, br, zstd", true, true), br);
  EXPECT_EQ(choose_coding("gzip, deflate, br, zstd", false, true), gzip);
  EXPECT_EQ(choose_coding("gzip, deflate, br, zstd", false, false), identity);
}

TEST(content_coding, the_higher_q_wins_and_q0_refuses) {
  EXPECT_EQ(choose_coding("br;q=0.5, gzip", true, true), gzip);
  EXPECT_EQ(choose_coding("br;q=1.0, gzip;q=0.999", true, true), br);
  EXPECT_EQ(choose_coding("br;q=0, gzip;q=0", true, true), identity);
  EXPECT_EQ(choose_coding("br ; Q=0.2 , gzip;q=0.1", true, true), br);
}

TEST(content_coding, a_wildcard_stands_for_codings_not_named) {
  EXPECT_EQ(choose_coding("*", true, true), br);
  EXPECT_EQ(choose_coding("br;q=0, *", true, true), gzip);
  EXPECT_EQ(choose_coding("*;q=0", true, true), identity);
}

TEST(content_coding, absent_unknown_or_malformed_is_identity_never_an_error) {
  EXPECT_EQ(choose_coding("", true, true), identity);
  EXPECT_EQ(choose_coding("identity", true, true), identity);
  EXPECT_EQ(choose_coding("zstd, deflate", true, true), identity);
  EXPECT_EQ(choose_coding("br;q=2", true, true), identity);
  EXPECT_EQ(choose_coding("br;q=0.12345", true, true), identity);
  EXPECT_EQ(choose_coding("br;q=abc, gzip", true, true), gzip);
  EXPECT_EQ(choose_coding(",,;;q=,", true, true), identity);
  EXPECT_EQ(choose_coding("BR, X-GZIP", false, true), gzip);
}

TEST(content_coding, names) {
  EXPECT_EQ(coding_name(br), "br");
  EXPECT_EQ(coding_name(gzip), "gzip");
  EXPECT_EQ(coding_name(identity), "");
}

}  // namespace
}  // namespace scan_login::server
