#pragma once
// JSON text in and out of the lifecycle (the values: json_value.hpp).

#include <optional>
#include <string>
#include <string_view>

#include "login/json_value.hpp"

namespace scan_login {

// The document, or nullopt when `text` is not one JSON value under RFC 8259:
// strict grammar, strings of valid UTF-8 (escapes included: a lone surrogate
// is refused), no control characters in strings, nothing but whitespace
// after the value, nesting at most `max_depth` arrays and objects deep.
// Never throws or aborts on any input.
std::optional<json_value> parse_json(std::string_view text, int max_depth = 64);

// Compact JSON. Strings are escaped as RFC 8259 requires (", \, controls);
// bytes that are not valid UTF-8 are written as U+FFFD, so the text is
// always valid UTF-8 whatever the page or the server sent.
std::string dump_json(const json_value& value);

}  // namespace scan_login
