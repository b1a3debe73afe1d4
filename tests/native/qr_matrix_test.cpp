#include "core/qr_matrix.hpp"

#include <gtest/gtest.h>

#include <string>

namespace scan_login {
namespace {

TEST(EncodeText, SizeFollowsTheVersion) {
  for (const std::size_t length : {1u, 20u, 100u, 500u, 1000u, 2000u}) {
    const auto m = encode_text(std::string(length, 'x'), ecc_level::low);
    ASSERT_TRUE(m.ok()) << m.error_message();
    EXPECT_EQ(m->size(), 17 + 4 * m->version());
    EXPECT_GE(m->version(), 1);
    EXPECT_LE(m->version(), 40);
  }
}

TEST(EncodeText, LongerTextAndHigherLevelsNeedLargerVersions) {
  const std::string text(100, 'q');
  int previous = 0;
  for (const auto level :
       {ecc_level::low, ecc_level::medium, ecc_level::quartile, ecc_level::high}) {
    const auto m = encode_text(text, level);
    ASSERT_TRUE(m.ok());
    EXPECT_GT(m->version(), previous) << ecc_name(level);
    previous = m->version();
  }
}

TEST(EncodeText, HonoursTheMinimumVersion) {
  const auto m = encode_text("a", ecc_level::high, 5);
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->version(), 5);
}

TEST(EncodeText, FinderPatternsSitInThreeCorners) {
  const auto m = encode_text("https://example.com", ecc_level::medium);
  ASSERT_TRUE(m.ok());
  const int n = m->size();
  for (const auto& [ox, oy] : {std::pair{0, 0}, std::pair{n - 7, 0}, std::pair{0, n - 7}}) {
    for (int i = 0; i < 7; ++i) {  // the outer ring of each finder is dark
      EXPECT_TRUE(m->dark(ox + i, oy));
      EXPECT_TRUE(m->dark(ox + i, oy + 6));
      EXPECT_TRUE(m->dark(ox, oy + i));
      EXPECT_TRUE(m->dark(ox + 6, oy + i));
    }
    EXPECT_FALSE(m->dark(ox + 1, oy + 1));
    EXPECT_TRUE(m->dark(ox + 3, oy + 3));
  }
}

TEST(EncodeText, FillsVersion40AtLevelLAndNoFurther) {
  EXPECT_TRUE(encode_text(std::string(2953, 'x'), ecc_level::low).ok());
  const auto too_long = encode_text(std::string(2954, 'x'), ecc_level::low);
  ASSERT_FALSE(too_long.ok());
  EXPECT_NE(too_long.error_message().find("too long"), std::string::npos);
  EXPECT_TRUE(encode_text(std::string(1273, 'x'), ecc_level::high).ok());
  EXPECT_FALSE(encode_text(std::string(1274, 'x'), ecc_level::high).ok());
}

TEST(EncodeText, RefusesBadInputWithAMessage) {
  const auto empty = encode_text("", ecc_level::medium);
  ASSERT_FALSE(empty.ok());
  EXPECT_NE(empty.error_message().find("empty"), std::string::npos);
  EXPECT_FALSE(encode_text(std::string("a\0b", 3), ecc_level::medium).ok());
  EXPECT_FALSE(encode_text(std::string(max_text_bytes + 1, '1'), ecc_level::low).ok());
  EXPECT_FALSE(encode_text("a", ecc_level::medium, 0).ok());
  EXPECT_FALSE(encode_text("a", ecc_level::medium, 41).ok());
}

TEST(EncodeText, KeepsUpperAndLowerCaseApart) {
  // Case-folding would make both texts the same matrix.
  const auto lower = encode_text("https://example.com/abc", ecc_level::medium);
  const auto mixed = encode_text("https://example.com/AbC", ecc_level::medium);
  ASSERT_TRUE(lower.ok() && mixed.ok());
  bool differs = false;
  for (int y = 0; y < lower->size() && !differs; ++y)
    for (int x = 0; x < lower->size() && !differs; ++x)
      differs = lower->dark(x, y) != mixed->dark(x, y);
  EXPECT_TRUE(differs);
}

}  // namespace
}  // namespace scan_login
