#pragma once
// An independent QR decoder for tests: Debian's zbar reading rendered pixels.

#include <optional>
#include <string>

#include "core/qr_render.hpp"

namespace scan_login::testing {

// The text of the one QR code zbar finds in the image, or nothing.
std::optional<std::string> decode_with_zbar(const qr_image& image);

}  // namespace scan_login::testing
