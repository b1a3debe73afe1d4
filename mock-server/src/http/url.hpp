#pragma once
// Request-target helpers: split path and query, percent-decoding, the one
// strict query parser. Pure functions; no allocation beyond their results.

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace scan_login::server {

struct target_parts {
  std::string_view path;   // before '?', still percent-encoded
  std::string_view query;  // after '?', without it; empty when absent
};

target_parts split_target(std::string_view target);

// Decodes %XX escapes (and '+' as space when `plus_is_space`, for query
// values). Empty optional on a malformed escape or a decoded NUL byte.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates, at
// most U+10FFFF).
bool is_utf8(std::string_view text);

// A query string read the way a browser's URLSearchParams reads it: names
// and values percent-decoded, '+' as a space, a parameter without '=' has
// the empty value. Every route reads its query through this one parser, so
// the value the server checks (a redirect_uri, say) is the value the
// browser uses: there is no second reading of `redirect%5Furi=`.
class query_params {
 public:
  // Parses `query`, or refuses it (nullopt, `why` says what is wrong): a
  // malformed escape (`%zz`, a lone `%`), a NUL byte, bytes that are not
  // UTF-8, a name given twice (which of the two a reader takes is anybody's
  // guess). An empty query has no parameters.
  static std::optional<query_params> parse(std::string_view query, std::string& why);

  // The value of `name`, if given.
  std::optional<std::string> get(std::string_view name) const;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

// Percent-encodes everything but RFC 3986 unreserved characters.
std::string percent_encode(std::string_view text);

}  // namespace scan_login::server
