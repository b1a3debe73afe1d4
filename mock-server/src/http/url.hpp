#pragma once
// Request-target helpers: split path and query, percent-decoding, query
// parameters. Pure functions; no allocation beyond their results.

#include <optional>
#include <string>
#include <string_view>

namespace scan_login::server {

struct target_parts {
  std::string_view path;   // before '?', still percent-encoded
  std::string_view query;  // after '?', without it; empty when absent
};

target_parts split_target(std::string_view target);

// Decodes %XX escapes (and '+' as space when `plus_is_space`, for query
// values). Empty optional on a malformed escape or a decoded NUL byte.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

// The decoded value of the first `name=` parameter in `query`; empty optional
// when absent or malformed.
std::optional<std::string> query_param(std::string_view query, std::string_view name);

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);

}  // namespace scan_login::server
