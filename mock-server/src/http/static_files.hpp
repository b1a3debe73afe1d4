#pragma once
// Static files: the built web app (web-root) and the WebAssembly output
// (wasm-root, under the URL prefix /wasm/). GET and HEAD only.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

#include "http/http_types.hpp"

namespace scan_login::server {

struct static_site {
  std::filesystem::path web_root;   // "/" and everything not under /wasm/
  std::filesystem::path wasm_root;  // "/wasm/<file>"
  std::string html_csp;             // Content-Security-Policy sent with HTML; empty = none
};

// A URL path (percent-encoded, without the query) made safe: decoded, split on
// '/', and refused when any segment is "..", ".", starts with '.', or holds a
// backslash or NUL, or an escape is malformed. Returns the relative path
// (may be empty for "/") or nullopt when refused. `trailing_slash` tells
// whether the URL path ended in '/'.
std::optional<std::filesystem::path> safe_relative_path(std::string_view url_path,
                                                        bool* trailing_slash = nullptr);

// Answers a GET/HEAD for a static file: "/" and "dir/" give their
// index.html, "dir" without a slash is a 301 to "dir/" (query kept), unsafe
// paths are 400, missing files 404 with a short text body. Sends ETag (size
// and mtime) and answers a matching If-None-Match with 304.
response serve_static(const request& req, const static_site& site);

// 304 when the request's If-None-Match names `etag`, else 200 with the
// file's bytes as `content_type`; both carry the ETag. nullopt when the file
// cannot be read. The one place file bodies and validators are answered.
std::optional<response> file_or_not_modified(const request& req, const std::filesystem::path& file,
                                             const std::string& etag,
                                             std::string_view content_type);

// Serves one known file (for routes such as /login whose page lives at a
// fixed place) with the same headers; 404 when it does not exist.
response serve_file(const request& req, const std::filesystem::path& file, std::string_view csp);

}  // namespace scan_login::server
