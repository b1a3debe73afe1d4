#include "core/colour.hpp"

#include <gtest/gtest.h>

namespace scan_login {
namespace {

TEST(ParseColour, AcceptsTheFourHexForms) {
  EXPECT_EQ(parse_colour("#000").value(), (rgba{0, 0, 0, 255}));
  EXPECT_EQ(parse_colour("#fA0c").value(), (rgba{255, 170, 0, 204}));
  EXPECT_EQ(parse_colour("#1a2B3c").value(), (rgba{0x1a, 0x2b, 0x3c, 255}));
  EXPECT_EQ(parse_colour(" #11223344 ").value(), (rgba{0x11, 0x22, 0x33, 0x44}));
}

TEST(ParseColour, RefusesAnythingElseWithAMessageNamingTheForms) {
  for (const char* bad : {"", "#", "000000", "#12", "#12345", "#1234567", "#gggggg", "red",
                          "rgb(0,0,0)", "#123456789", "# 123"}) {
    const auto c = parse_colour(bad);
    ASSERT_FALSE(c.ok()) << bad;
    EXPECT_NE(c.error_message().find("#rrggbb"), std::string::npos) << c.error_message();
  }
}

TEST(ContrastRatio, SpansOneToTwentyOne) {
  EXPECT_DOUBLE_EQ(contrast_ratio({0, 0, 0, 255}, {0, 0, 0, 255}), 1.0);
  EXPECT_NEAR(contrast_ratio({0, 0, 0, 255}, {255, 255, 255, 255}), 21.0, 1e-9);
  EXPECT_DOUBLE_EQ(contrast_ratio({10, 20, 30, 255}, {200, 210, 220, 255}),
                   contrast_ratio({200, 210, 220, 255}, {10, 20, 30, 255}));
}

}  // namespace
}  // namespace scan_login
