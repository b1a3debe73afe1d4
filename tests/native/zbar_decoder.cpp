#include "zbar_decoder.hpp"

#include <zbar.h>

#include <cstdint>
#include <vector>

namespace scan_login::testing {

using namespace zbar;  // zbar.h puts its C API in namespace zbar under C++

std::optional<std::string> decode_with_zbar(const qr_image& image) {
  const int side = image.side;
  std::vector<std::uint8_t> grey(static_cast<std::size_t>(side) * side);
  for (std::size_t i = 0; i < grey.size(); ++i) {
    const std::uint8_t* p = &image.rgba[i * 4];
    grey[i] = static_cast<std::uint8_t>((p[0] * 299 + p[1] * 587 + p[2] * 114) / 1000);
  }
  zbar_image_scanner_t* scanner = zbar_image_scanner_create();
  zbar_image_scanner_set_config(scanner, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
  zbar_image_scanner_set_config(scanner, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
  zbar_image_t* frame = zbar_image_create();
  zbar_image_set_format(frame, zbar_fourcc('Y', '8', '0', '0'));
  zbar_image_set_size(frame, static_cast<unsigned>(side), static_cast<unsigned>(side));
  zbar_image_set_data(frame, grey.data(), grey.size(), nullptr);
  std::optional<std::string> text;
  if (zbar_scan_image(scanner, frame) > 0) {
    const zbar_symbol_t* symbol = zbar_image_first_symbol(frame);
    text = std::string(zbar_symbol_get_data(symbol), zbar_symbol_get_data_length(symbol));
  }
  zbar_image_destroy(frame);
  zbar_image_scanner_destroy(scanner);
  return text;
}

}  // namespace scan_login::testing
