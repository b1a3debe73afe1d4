#pragma once
// Server-rendered HTML: escaping and the policy the server's own pages use.

#include <string>
#include <string_view>

namespace scan_login::server {

// Scripts and styles from this server only, images from anywhere (app logos,
// WeChat avatars), no framing.
inline constexpr std::string_view pages_csp =
    "default-src 'self'; img-src * data:; script-src 'self'; style-src 'self'; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'";

// Text for an HTML element or a quoted attribute: & < > " ' escaped.
std::string html_escape(std::string_view text);

}  // namespace scan_login::server
