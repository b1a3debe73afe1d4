#pragma once
// Bytes kept as text columns (avatars): standard base64 with padding
// (RFC 4648 section 4), through OpenSSL, so both backends store the same.

#include <optional>
#include <string>
#include <string_view>

namespace scan_login::server {

std::string base64_encode(std::string_view bytes);
// Empty when `text` is not base64.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace scan_login::server
