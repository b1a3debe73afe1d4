#include "core/text_format.hpp"

#include <gtest/gtest.h>

#include <climits>

namespace scan_login {
namespace {

TEST(FormatInt, MatchesDecimalNotation) {
  EXPECT_EQ(format_int(0), "0");
  EXPECT_EQ(format_int(7089), "7089");
  EXPECT_EQ(format_int(-42), "-42");
  EXPECT_EQ(format_int(LLONG_MIN), "-9223372036854775808");
}

TEST(FormatDecimal, KeepsUpToTwoDecimals) {
  EXPECT_EQ(format_decimal(300), "300");
  EXPECT_EQ(format_decimal(1.5), "1.5");
  EXPECT_EQ(format_decimal(0.12), "0.12");
  EXPECT_EQ(format_decimal(2.999), "3");
  EXPECT_EQ(format_decimal(-0.5), "-0.5");
}

}  // namespace
}  // namespace scan_login
