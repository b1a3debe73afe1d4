// Round trips through an independent decoder: what we render is what a phone reads.
#include <gtest/gtest.h>

#include <string>

#include "core/qr_render.hpp"
#include "zbar_decoder.hpp"

namespace scan_login {
namespace {

using testing::decode_with_zbar;

void expect_round_trip(const std::string& text, render_options o) {
  const auto image = render_qr(text, o);
  ASSERT_TRUE(image.ok()) << image.error_message();
  EXPECT_EQ(decode_with_zbar(image.value()), text) << "version " << image->version;
}

TEST(DecodeRoundTrip, AsciiAtEveryLevel) {
  for (const auto level :
       {ecc_level::low, ecc_level::medium, ecc_level::quartile, ecc_level::high}) {
    render_options o;
    o.ecc = level;
    expect_round_trip("Hello, scan-login!", o);
  }
}

TEST(DecodeRoundTrip, LongUrlWithQueryKeepsItsCase) {
  std::string url =
      "https://Login.Example.com/m/AbCdEfGh?app_id=5f3A&redirect_uri=https%3A%2F%2Fx.y";
  while (url.size() < 300) url += "&k" + std::to_string(url.size()) + "=VaLuE";
  render_options o;
  o.size_css = 480;
  o.device_pixel_ratio = 2;
  expect_round_trip(url, o);
}

TEST(DecodeRoundTrip, ChineseText) {
  render_options o;
  o.size_css = 300;
  expect_round_trip("扫码登录：请在手机上确认", o);
}

TEST(DecodeRoundTrip, ManyVersionsAndColours) {
  render_options o;
  o.foreground = {0x1b, 0x3a, 0x6b, 255};
  o.background = {0xff, 0xf8, 0xe7, 255};
  o.quiet_zone = 4;
  for (const std::size_t length : {5u, 60u, 200u, 700u}) {
    o.size_css = 900;
    expect_round_trip(std::string(length, 'z') + "!", o);
  }
}

}  // namespace
}  // namespace scan_login
