#pragma once
// File extension -> Content-Type and caching policy for static files.

#include <string_view>

namespace scan_login::server {

// The Content-Type for a file name, by its extension (case-insensitive);
// "application/octet-stream" when unknown. Text types carry charset=utf-8.
std::string_view mime_type(std::string_view file_name);

// The Cache-Control value: "no-cache" (revalidate with the ETag every time)
// for code and documents that change while developing (html, js, wasm, css,
// json), a short max-age for images and fonts.
std::string_view cache_control_for(std::string_view file_name);

}  // namespace scan_login::server
