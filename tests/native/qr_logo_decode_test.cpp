// Proof that the logo cap leaves a margin: codes of many versions still decode
// with logos drawn in the hole (plain, solid dark, module-sized noise), a
// cleared hole 1.25x the cap still decodes, and a hole far beyond what level H
// corrects does break codes (so the decoder is not simply forgiving).
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "core/qr_render.hpp"
#include "zbar_decoder.hpp"

namespace scan_login {
namespace {

using testing::decode_with_zbar;

enum class logo_kind { cleared, solid_dark, module_noise };

// Paints a logo over a centred square of `area` of the symbol the way the host
// does: inset half a module from the hole's edge.
void paint_logo(qr_image& image, double area, logo_kind kind, unsigned seed) {
  const int n = image.modules, m = image.layout.module_px;
  int side = static_cast<int>(std::floor(std::sqrt(area) * n));
  if ((side - n) % 2 != 0) --side;
  const int origin = image.layout.symbol_origin + (n - side) / 2 * m;
  const int span = side * m, inset = m / 2;
  for (int y = 0; y < span; ++y) {
    for (int x = 0; x < span; ++x) {
      const bool in_logo = x >= inset && y >= inset && x < span - inset && y < span - inset;
      std::uint8_t v = 255;
      if (in_logo && kind == logo_kind::solid_dark) v = 0;
      if (in_logo && kind == logo_kind::module_noise) {
        const unsigned h = static_cast<unsigned>(x / m) * 73856093u ^
                           static_cast<unsigned>(y / m) * 19349663u ^ seed * 83492791u;
        v = (h >> 7) & 1 ? 0 : 255;
      }
      std::uint8_t* p =
          &image.rgba[(static_cast<std::size_t>(origin + y) * image.layout.canvas_px + origin + x) *
                      4];
      p[0] = p[1] = p[2] = v;
    }
  }
}

std::string url_of_length(std::size_t length) {
  std::string text = "https://login.example.com/m/";
  while (text.size() < length) text += static_cast<char>('a' + text.size() % 26);
  return text;
}

constexpr std::size_t lengths[] = {30, 80, 150, 300, 500, 900, 1200};  // versions 3..36 at H
constexpr int cases = static_cast<int>(std::size(lengths));

int decoded_count(double area, logo_kind kind) {
  int decoded = 0;
  for (const std::size_t length : lengths) {
    render_options o;
    o.ecc = ecc_level::high;
    o.size_css = 1200;
    auto image = render_qr(url_of_length(length), o);
    if (!image.ok()) {
      ADD_FAILURE() << image.error_message();
      continue;
    }
    paint_logo(image.value(), area, kind, static_cast<unsigned>(length));
    if (decode_with_zbar(image.value()) == url_of_length(length)) {
      ++decoded;
    } else {
      std::printf("area %.3f: version %d not decoded\n", area, image->version);
    }
  }
  return decoded;
}

TEST(LogoDecode, EveryVersionDecodesWithAPlainLogoAtTheCap) {
  EXPECT_EQ(decoded_count(max_logo_area, logo_kind::cleared), cases);
}

TEST(LogoDecode, EveryVersionDecodesWithASolidDarkLogoAtTheCap) {
  EXPECT_EQ(decoded_count(max_logo_area, logo_kind::solid_dark), cases);
}

TEST(LogoDecode, EveryVersionDecodesWithAModuleNoiseLogoAtTheCap) {
  EXPECT_EQ(decoded_count(max_logo_area, logo_kind::module_noise), cases);
}

TEST(LogoDecode, AClearedHoleAQuarterLargerThanTheCapStillDecodes) {
  EXPECT_EQ(decoded_count(max_logo_area * 1.25, logo_kind::cleared), cases);
}

TEST(LogoDecode, AHoleFarBeyondLevelHsReachBreaksCodes) {
  EXPECT_LT(decoded_count(0.40, logo_kind::cleared), cases / 2);
}

TEST(LogoDecode, TheRendererPlacesTheHoleWhereTheseTestsAssumeIt) {
  render_options o;
  o.logo = true;
  o.logo_area = max_logo_area;
  o.size_css = 1200;
  const auto image = render_qr(url_of_length(300), o);
  ASSERT_TRUE(image.ok());
  const auto& l = image->layout;
  int side = static_cast<int>(std::floor(std::sqrt(max_logo_area) * image->modules));
  if ((side - image->modules) % 2 != 0) --side;
  EXPECT_EQ(l.hole_modules, side);
  EXPECT_EQ(l.logo.x, l.hole.x + l.module_px / 2);
  EXPECT_EQ(decode_with_zbar(image.value()), url_of_length(300));
}

}  // namespace
}  // namespace scan_login
