#include "http/mime.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>
#include <utility>

namespace scan_login::server {
namespace {

std::string extension_of(std::string_view file_name) {
  const auto dot = file_name.rfind('.');
  const auto slash = file_name.rfind('/');
  if (dot == std::string_view::npos || (slash != std::string_view::npos && dot < slash)) return {};
  std::string ext{file_name.substr(dot + 1)};
  std::transform(ext.begin(), ext.end(), ext.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return ext;
}

constexpr std::array<std::pair<std::string_view, std::string_view>, 20> types{{
    {"html", "text/html; charset=utf-8"},
    {"htm", "text/html; charset=utf-8"},
    {"js", "text/javascript; charset=utf-8"},
    {"mjs", "text/javascript; charset=utf-8"},
    {"wasm", "application/wasm"},
    {"css", "text/css; charset=utf-8"},
    {"json", "application/json; charset=utf-8"},
    {"map", "application/json; charset=utf-8"},
    {"svg", "image/svg+xml"},
    {"png", "image/png"},
    {"jpg", "image/jpeg"},
    {"jpeg", "image/jpeg"},
    {"gif", "image/gif"},
    {"webp", "image/webp"},
    {"ico", "image/x-icon"},
    {"txt", "text/plain; charset=utf-8"},
    {"woff", "font/woff"},
    {"woff2", "font/woff2"},
    {"webmanifest", "application/manifest+json"},
    {"xml", "application/xml"},
}};

}  // namespace

std::string_view mime_type(std::string_view file_name) {
  const auto ext = extension_of(file_name);
  for (const auto& [known, type] : types) {
    if (known == ext) return type;
  }
  return "application/octet-stream";
}

std::string_view cache_control_for(std::string_view file_name) {
  const auto ext = extension_of(file_name);
  for (const std::string_view fresh : {"html", "htm", "js", "mjs", "wasm", "css", "json", "map"}) {
    if (fresh == ext) return "no-cache";
  }
  return "public, max-age=300";
}

}  // namespace scan_login::server
