#include "colour.hpp"

#include <string>

namespace scan_login {
namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// sRGB's transfer curve approximated by gamma 2 (within 0.1 of the exact ratio
// around the 2:1 threshold the renderer checks), because pow() alone would
// add kilobytes to the WebAssembly module.
double linear_channel(std::uint8_t v) {
  const double c = v / 255.0;
  return c * c;
}

double relative_luminance(rgba c) {
  return 0.2126 * linear_channel(c.r) + 0.7152 * linear_channel(c.g) + 0.0722 * linear_channel(c.b);
}

}  // namespace

result<rgba> parse_colour(std::string_view text) {
  const std::string_view s = trim(text);
  const auto bad = [&] {
    return error{"bad colour \"" + std::string(text.substr(0, 32)) +
                 "\": use #rgb, #rgba, #rrggbb or #rrggbbaa"};
  };
  if (s.empty() || s.front() != '#') return bad();
  const std::string_view hex = s.substr(1);
  const std::size_t n = hex.size();
  if (n != 3 && n != 4 && n != 6 && n != 8) return bad();
  int digits[8] = {};
  for (std::size_t i = 0; i < n; ++i) {
    digits[i] = hex_value(hex[i]);
    if (digits[i] < 0) return bad();
  }
  const bool short_form = n <= 4;
  const auto channel = [&](std::size_t index) -> std::uint8_t {
    if (short_form) return static_cast<std::uint8_t>(digits[index] * 17);
    return static_cast<std::uint8_t>(digits[2 * index] * 16 + digits[2 * index + 1]);
  };
  rgba c{channel(0), channel(1), channel(2), 255};
  if (n == 4 || n == 8) c.a = channel(3);
  return c;
}

double contrast_ratio(rgba x, rgba y) {
  const double lx = relative_luminance(x), ly = relative_luminance(y);
  const double hi = lx > ly ? lx : ly, lo = lx > ly ? ly : lx;
  return (hi + 0.05) / (lo + 0.05);
}

}  // namespace scan_login
