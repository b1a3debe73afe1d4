#pragma once
// A QR code as an SVG image (for the `url` field of gene), drawn from
// libqrencode directly: level M, 4-module quiet zone, one path.

#include <optional>
#include <string>
#include <string_view>

namespace scan_login::server {

// Empty optional when the text cannot be encoded (empty or too long).
std::optional<std::string> qr_svg(std::string_view text);

}  // namespace scan_login::server
