#pragma once
// Reading request bodies: JSON objects only, and typed fields whose errors
// name the field (400 "redirectUri: must be a string").

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "http/http_types.hpp"

namespace scan_login::server {

// The body as a JSON object, or the error answer: 415 when Content-Type is
// not application/json (an empty body counts as {} and needs no type), 400
// when the text is not JSON or not an object.
std::optional<response> read_json_object(const request& req, nlohmann::json& out);

// Field readers. Each returns an empty string when the field is fine (or
// absent and optional) and else a message naming it. Strings are limited to
// `max_length` bytes.
std::string read_string_field(const nlohmann::json& obj, const char* field, std::string& out,
                              bool required, std::size_t max_length = 2048);
std::string read_object_field(const nlohmann::json& obj, const char* field, nlohmann::json& out);
std::string read_bool_field(const nlohmann::json& obj, const char* field, bool& out);

// An ISO 8601 UTC time with milliseconds, e.g. "2026-11-22T01:02:03.456Z".
std::string iso8601(std::int64_t unix_ms);

}  // namespace scan_login::server
