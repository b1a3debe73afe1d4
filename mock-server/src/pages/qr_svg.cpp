#include "pages/qr_svg.hpp"

#include <qrencode.h>

#include <string>

namespace scan_login::server {

std::optional<std::string> qr_svg(std::string_view text) {
  if (text.empty()) return std::nullopt;
  const std::string input{text};
  // Case-sensitive 8-bit mode: the default would upper-case URLs.
  QRcode* qr = QRcode_encodeString(input.c_str(), 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  if (!qr) return std::nullopt;
  const int quiet = 4;
  const int size = qr->width + 2 * quiet;
  std::string path;
  for (int y = 0; y < qr->width; ++y) {
    for (int x = 0; x < qr->width; ++x) {
      if (qr->data[y * qr->width + x] & 1) {
        path += "M" + std::to_string(x + quiet) + " " + std::to_string(y + quiet) + "h1v1h-1z";
      }
    }
  }
  QRcode_free(qr);
  const auto s = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " + s + " " + s +
         "\" shape-rendering=\"crispEdges\"><rect width=\"" + s + "\" height=\"" + s +
         "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>\n";
}

}  // namespace scan_login::server
