#pragma once
// URL helpers for the lifecycle: building request and callback URLs, and
// deciding which URLs from the server or the page may be used at all.

#include <string>

#include "core/result.hpp"

namespace scan_login {

// Percent-encodes every byte outside RFC 3986's unreserved set
// (A-Z a-z 0-9 - . _ ~), so the result is safe as a query value or a path
// segment.
std::string percent_encode(const std::string& text);

// True for an absolute http: or https: URL (scheme case-insensitive) with a
// non-empty host and no whitespace, control characters or backslashes.
bool is_http_url(const std::string& url);

// `base` (http(s) URL, or empty for the page's own origin) without trailing
// slashes, followed by `path` (which starts with '/').
std::string join_url(const std::string& base, const std::string& path);

// `<callback>?ticket=<ticket>&state=<state>`: both values percent-encoded;
// appended with '&' when the callback already has a query, and placed before
// any fragment. Fails unless is_http_url(callback).
result<std::string> build_callback_url(const std::string& callback, const std::string& ticket,
                                       const std::string& state);

// An avatar URL the UI may show: `url` itself when it is an https: URL
// (is_http_url) or a data:image/ URL without control characters (schemes
// case-insensitive), else empty.
std::string safe_avatar_url(const std::string& url);

// A logo URL the host may load: what safe_avatar_url accepts, plus URLs on the
// server itself: root-relative paths ("/x", not "//x") and URLs under `host`.
std::string safe_logo_url(const std::string& url, const std::string& host);

}  // namespace scan_login
