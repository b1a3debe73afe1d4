#pragma once
// Colours for QR rendering, parsed from the CSS hex notations a web developer
// writes in an attribute.

#include <cstdint>
#include <string_view>

#include "result.hpp"

namespace scan_login {

struct rgba {
  std::uint8_t r = 0, g = 0, b = 0, a = 255;
  friend bool operator==(rgba x, rgba y) {
    return x.r == y.r && x.g == y.g && x.b == y.b && x.a == y.a;
  }
};

// Accepts "#rgb", "#rgba", "#rrggbb" and "#rrggbbaa" (hex digits in either
// case, surrounding spaces ignored). Anything else is an error naming the
// accepted forms.
result<rgba> parse_colour(std::string_view text);

// Contrast ratio of two opaque colours after WCAG, from 1 (same) to 21
// (black on white), with sRGB approximated by gamma 2.
double contrast_ratio(rgba x, rgba y);

}  // namespace scan_login
