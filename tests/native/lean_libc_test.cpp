// The browser module's own strtod and snprintf agree with glibc's on what
// nlohmann/json (their only caller there) asks of them.
#include "bindings/lean_libc.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace scan_login::lean {
namespace {

std::string lean_format(const char* format, ...) {
  char buffer[64];
  va_list args;
  va_start(args, format);
  const int length = format_to(buffer, sizeof buffer, format, args);
  va_end(args);
  EXPECT_EQ(length, static_cast<int>(std::string(buffer).size()));
  return buffer;
}

TEST(LeanStrtod, MatchesGlibcOnJsonNumbers) {
  for (const char* text :
       {"0", "-0", "1", "42", "-17", "3.25", "0.1", "1e3", "1E-3", "-2.5e+10", "9007199254740993",
        "123456789012345678901234567890", "1.7976931348623157e308", "4.9e-324",
        "2.2250738585072014e-308", "0.000001", "1e-400", "1e400"}) {
    char* lean_end = nullptr;
    char* libc_end = nullptr;
    const double lean_value = parse_double(text, &lean_end);
    const double libc_value = std::strtod(text, &libc_end);
    EXPECT_EQ(lean_end - text, libc_end - text) << text;
    if (std::isinf(libc_value)) {
      EXPECT_EQ(lean_value, libc_value) << text;
    } else {
      EXPECT_NEAR(lean_value, libc_value, std::abs(libc_value) * 4e-16 + 1e-320) << text;
    }
  }
}

TEST(LeanStrtod, IntegersUpTo2To53AreExact) {
  for (const double v : {0.0, 1.0, 120.0, 1732000000000.0, 9007199254740992.0, -300.0}) {
    const std::string text = std::to_string(static_cast<long long>(v));
    EXPECT_EQ(parse_double(text.c_str(), nullptr), v) << text;
  }
}

TEST(LeanStrtod, StopsWhereTheNumberEnds) {
  char* end = nullptr;
  const char* text = "12.5e";
  EXPECT_EQ(parse_double(text, &end), 12.5);
  EXPECT_EQ(end, text + 4) << "a bare e is not part of the number";
  const char* none = "x1";
  EXPECT_EQ(parse_double(none, &end), 0.0);
  EXPECT_EQ(end, none);
}

TEST(LeanSnprintf, FormatsWhatNlohmannAsksFor) {
  EXPECT_EQ(lean_format("<U+%.4X>", 0x1f), "<U+001F>");
  EXPECT_EQ(lean_format("\\u%04x", 0xa), "\\u000a");
  EXPECT_EQ(lean_format("\\u%04x\\u%04x", 0xd83d, 0xde00), "\\ud83d\\ude00");
  EXPECT_EQ(lean_format("%.2hhX", 0xab), "AB");
}

TEST(LeanSnprintf, AgreesWithGlibcOnItsDirectives) {
  char expected[64];
  std::snprintf(expected, sizeof expected, "%d|%5d|%-5d|%05d|%i", -42, 7, 7, -7, 0);
  EXPECT_EQ(lean_format("%d|%5d|%-5d|%05d|%i", -42, 7, 7, -7, 0), expected);
  std::snprintf(expected, sizeof expected, "%u|%lu|%llu|%zu|%x", 3u, 4ul, 5ull, std::size_t{6},
                255);
  EXPECT_EQ(lean_format("%u|%lu|%llu|%zu|%x", 3u, 4ul, 5ull, std::size_t{6}, 255), expected);
  std::snprintf(expected, sizeof expected, "%s|%.3s|%c|%%", "abc", "abcdef", 'z');
  EXPECT_EQ(lean_format("%s|%.3s|%c|%%", "abc", "abcdef", 'z'), expected);
}

TEST(LeanSnprintf, TruncatesAndReportsTheFullLength) {
  char small[4];
  const auto call = [&](const char* format, ...) {
    va_list args;
    va_start(args, format);
    const int length = format_to(small, sizeof small, format, args);
    va_end(args);
    return length;
  };
  EXPECT_EQ(call("%s", "abcdef"), 6);
  EXPECT_STREQ(small, "abc");
  EXPECT_EQ(call("%d", 1234567), 7);
  EXPECT_STREQ(small, "123");
}

}  // namespace
}  // namespace scan_login::lean
