#pragma once
// JSON text in and out of the lifecycle, through nlohmann/json.

#include <nlohmann/json.hpp>
#include <string>

namespace scan_login {

// The document, or a value whose is_discarded() is true when `text` is not
// JSON. Never throws. Builds the DOM through nlohmann's SAX interface
// directly: json::parse with its callback argument would compile a second,
// callback-filtering parser into the browser module.
nlohmann::json parse_json(const std::string& text);

// Compact JSON; invalid UTF-8 from the page or the server becomes U+FFFD
// instead of an error.
std::string dump_json(const nlohmann::json& value);

}  // namespace scan_login
