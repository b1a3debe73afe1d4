#include "core/qr_render.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <string>

namespace scan_login {
namespace {

rgba pixel_at(const qr_image& image, int x, int y) {
  const std::size_t i = (static_cast<std::size_t>(y) * image.side + x) * 4;
  return {image.rgba[i], image.rgba[i + 1], image.rgba[i + 2], image.rgba[i + 3]};
}

render_options sized(double size_css, double ratio) {
  render_options o;
  o.size_css = size_css;
  o.device_pixel_ratio = ratio;
  return o;
}

TEST(RenderQr, CanvasIsTheCssSizeTimesTheRatioAndModulesAreWholePixels) {
  for (const double size : {120.0, 200.0, 256.0, 333.0, 480.0}) {
    for (const double ratio : {1.0, 1.25, 2.0, 3.0}) {
      const auto image = render_qr("https://example.com/login?x=1", sized(size, ratio));
      ASSERT_TRUE(image.ok()) << image.error_message();
      const auto& l = image->layout;
      const int span = image->modules + 2 * 4;
      EXPECT_EQ(l.canvas_px, std::lround(size * ratio));
      EXPECT_EQ(l.module_px, l.canvas_px / span) << "the largest integer module that fits";
      EXPECT_GE(l.module_px, 1);
      // Centred: the margins left and right of the quiet zone differ by at most a pixel.
      const int left = l.symbol_origin - 4 * l.module_px;
      const int right = l.canvas_px - (l.symbol_origin + (image->modules + 4) * l.module_px);
      EXPECT_LE(std::abs(left - right), 1);
      EXPECT_EQ(image->rgba.size(), static_cast<std::size_t>(l.canvas_px) * l.canvas_px * 4);
    }
  }
}

TEST(RenderQr, EveryModuleIsASolidBlockOfOneColour) {
  const auto matrix = encode_text("solid modules", ecc_level::medium);
  render_options o = sized(300, 2);
  o.foreground = {0x12, 0x34, 0x56, 255};
  o.background = {0xfe, 0xfd, 0xfc, 255};
  const auto layout = plan_layout(matrix->size(), o);
  ASSERT_TRUE(layout.ok());
  const qr_image image = paint(matrix.value(), layout.value(), o);
  const int m = image.layout.module_px;
  for (int my = 0; my < matrix->size(); ++my) {
    for (int mx = 0; mx < matrix->size(); ++mx) {
      const rgba want = matrix->dark(mx, my) ? o.foreground : o.background;
      for (int dy = 0; dy < m; ++dy)
        for (int dx = 0; dx < m; ++dx)
          ASSERT_EQ(pixel_at(image, image.layout.symbol_origin + mx * m + dx,
                             image.layout.symbol_origin + my * m + dy),
                    want)
              << "module " << mx << "," << my;
    }
  }
}

TEST(RenderQr, QuietZoneAndMarginsAreBackground) {
  for (const int quiet : {0, 1, 4, 8}) {
    render_options o = sized(250, 1);
    o.quiet_zone = quiet;
    const auto image = render_qr("quiet zone", o);
    ASSERT_TRUE(image.ok()) << image.error_message();
    const auto& l = image->layout;
    const int start = l.symbol_origin, end = l.symbol_origin + image->modules * l.module_px;
    for (int y = 0; y < l.canvas_px; ++y) {
      for (int x = 0; x < l.canvas_px; ++x) {
        if (x < start || x >= end || y < start || y >= end) {
          ASSERT_EQ(pixel_at(image.value(), x, y), o.background) << x << "," << y;
        }
      }
    }
    EXPECT_GE(start, quiet * l.module_px);
  }
}

TEST(RenderQr, OnePixelPerModuleIsTheFullImageSampledAtModuleCentres) {
  for (const bool logo : {false, true}) {
    render_options o = sized(333, 2);
    o.logo = logo;
    o.foreground = {0x20, 0x10, 0x60, 255};
    const auto full = render_qr("https://example.com/unit?a=1", o);
    o.one_pixel_per_module = true;
    const auto unit = render_qr("https://example.com/unit?a=1", o);
    ASSERT_TRUE(full.ok() && unit.ok());
    EXPECT_EQ(unit->layout.canvas_px, full->layout.canvas_px) << "layout describes the canvas";
    EXPECT_EQ(unit->layout.module_px, full->layout.module_px);
    EXPECT_EQ(unit->layout.logo.size, full->layout.logo.size);
    const int span = full->modules + 2 * o.quiet_zone, m = full->layout.module_px;
    ASSERT_EQ(unit->side, span);
    ASSERT_EQ(unit->rgba.size(), static_cast<std::size_t>(span) * span * 4);
    const int quiet_origin = full->layout.symbol_origin - o.quiet_zone * m;
    for (int y = 0; y < span; ++y) {
      for (int x = 0; x < span; ++x) {
        const std::size_t i = (static_cast<std::size_t>(y) * span + x) * 4;
        const rgba got{unit->rgba[i], unit->rgba[i + 1], unit->rgba[i + 2], unit->rgba[i + 3]};
        ASSERT_EQ(
            got, pixel_at(full.value(), quiet_origin + x * m + m / 2, quiet_origin + y * m + m / 2))
            << x << "," << y << (logo ? " with logo" : "");
      }
    }
  }
}

TEST(RenderQr, ALogoForcesLevelHAndVersionTwo) {
  render_options o;
  o.logo = true;
  o.ecc = ecc_level::low;
  const auto image = render_qr("a", o);
  ASSERT_TRUE(image.ok());
  EXPECT_EQ(image->ecc, ecc_level::high);
  EXPECT_GE(image->version, 2);
}

TEST(RenderQr, TheLogoHoleIsCentredClearedAndNeverExceedsItsCap) {
  for (int version = 2; version <= 40; ++version) {
    const auto matrix = encode_text("logo", ecc_level::high, version);
    ASSERT_TRUE(matrix.ok());
    render_options o = sized(matrix->size() + 8, 1);  // one pixel per module
    o.logo = true;
    o.ecc = ecc_level::high;
    const auto layout = plan_layout(matrix->size(), o);
    ASSERT_TRUE(layout.ok()) << layout.error_message();
    const int n = matrix->size(), side = layout->hole_modules;
    EXPECT_LE(double(side) * side / (double(n) * n), max_logo_area) << "version " << version;
    EXPECT_GE(double(side + 2) * (side + 2) / (double(n) * n), max_logo_area)
        << "the hole uses most of what the cap allows, version " << version;
    EXPECT_EQ(2 * layout->hole_first + side, n) << "exactly centred";
    EXPECT_GT(layout->hole_first, 8) << "clear of the format information";
    const qr_image image = paint(matrix.value(), layout.value(), o);
    for (int y = 0; y < side; ++y)
      for (int x = 0; x < side; ++x)
        ASSERT_EQ(pixel_at(image, layout->hole.x + x, layout->hole.y + y), o.background);
    EXPECT_GT(layout->logo.size, 0);
    EXPECT_LE(layout->logo.x + layout->logo.size, layout->hole.x + layout->hole.size);
  }
}

TEST(RenderQr, BadOptionsAreErrorsWithMessages) {
  const auto expect_error = [](render_options o, const char* needle, const char* text = "x") {
    const auto image = render_qr(text, o);
    ASSERT_FALSE(image.ok()) << needle;
    EXPECT_NE(image.error_message().find(needle), std::string::npos) << image.error_message();
  };
  render_options o;
  o.size_css = 0;
  expect_error(o, "size");
  o.size_css = -5;
  expect_error(o, "size");
  o.size_css = std::nan("");
  expect_error(o, "size");
  o = {};
  o.size_css = 20;
  expect_error(o, "at least 29 CSS px");  // 21 modules + 8 quiet
  o = {};
  o.device_pixel_ratio = 0;
  expect_error(o, "ratio");
  o.device_pixel_ratio = 9;
  expect_error(o, "ratio");
  o = {};
  o.size_css = 3000;
  o.device_pixel_ratio = 2;
  expect_error(o, "4096");
  o = {};
  o.quiet_zone = -1;
  expect_error(o, "quiet zone");
  o.quiet_zone = 17;
  expect_error(o, "quiet zone");
  o = {};
  o.foreground = {200, 200, 200, 255};
  o.background = {255, 255, 255, 255};
  expect_error(o, "contrast");
  o = {};
  o.logo = true;
  o.logo_area = 0.2;
  expect_error(o, "logo area");
  // Smaller than one module: no hole, and a logo rectangle of negative size
  // (qr_input_fuzz found it).
  o.logo_area = 0.001;
  expect_error(o, "smaller than one module");
  o = {};
  expect_error(o, "empty", "");
}

}  // namespace
}  // namespace scan_login
