#include "http/json_input.hpp"

#include <ctime>

#include "http/error_codes.hpp"
#include "http/responses.hpp"

namespace scan_login::server {

std::optional<response> read_json_object(const request& req, nlohmann::json& out) {
  if (req.body().empty()) {
    out = nlohmann::json::object();
    return std::nullopt;
  }
  const auto type = req[http::field::content_type];
  const auto semi = type.find(';');
  auto media = std::string{type.substr(0, semi)};
  while (!media.empty() && media.back() == ' ') media.pop_back();
  for (auto& c : media) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (media != "application/json") {
    return make_error(req, errors::not_json,
                      "send the body as JSON with Content-Type: application/json");
  }
  out = nlohmann::json::parse(req.body(), nullptr, false);
  if (out.is_discarded() || !out.is_object()) {
    return make_error(req, errors::bad_json, "the body must be a JSON object");
  }
  return std::nullopt;
}

std::string read_string_field(const nlohmann::json& obj, const char* field, std::string& out,
                              bool required, std::size_t max_length) {
  const auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) {
    return required ? std::string{field} + ": is required" : std::string{};
  }
  if (!it->is_string()) return std::string{field} + ": must be a string";
  const auto& value = it->get_ref<const std::string&>();
  if (value.size() > max_length) {
    return std::string{field} + ": at most " + std::to_string(max_length) + " bytes";
  }
  if (required && value.empty()) return std::string{field} + ": must not be empty";
  out = value;
  return {};
}

std::string read_object_field(const nlohmann::json& obj, const char* field, nlohmann::json& out) {
  const auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_object()) return std::string{field} + ": must be an object";
  out = *it;
  return {};
}

std::string read_bool_field(const nlohmann::json& obj, const char* field, bool& out) {
  const auto it = obj.find(field);
  if (it == obj.end() || it->is_null()) return {};
  if (!it->is_boolean()) return std::string{field} + ": must be true or false";
  out = it->get<bool>();
  return {};
}

std::string iso8601(std::int64_t unix_ms) {
  const std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm utc{};
  gmtime_r(&seconds, &utc);
  char buffer[40];
  const auto n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &utc);
  std::snprintf(buffer + n, sizeof buffer - n, ".%03dZ", static_cast<int>(unix_ms % 1000));
  return buffer;
}

}  // namespace scan_login::server
