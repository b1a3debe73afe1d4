#include "login/json_text.hpp"

namespace scan_login {

using json = nlohmann::json;

json parse_json(const std::string& text) {
  json document;
  nlohmann::detail::json_sax_dom_parser<json> builder(document, /*allow_exceptions=*/false);
  const bool parsed = json::sax_parse(text, &builder, json::input_format_t::json, /*strict=*/true);
  if (!parsed || builder.is_errored()) return json(json::value_t::discarded);
  return document;
}

std::string dump_json(const json& value) {
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

}  // namespace scan_login
