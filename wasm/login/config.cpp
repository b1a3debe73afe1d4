#include "login/config.hpp"

#include <cmath>

#include "core/text_format.hpp"
#include "login/json_text.hpp"
#include "login/replies.hpp"
#include "login/url.hpp"

namespace scan_login {

namespace {

// Reads obj[key] into `out` when present; false when present with the wrong type.
bool read_string(const json_value& obj, const char* key, std::string& out) {
  const json_value* value = obj.find(key);
  if (value == nullptr || value->is_null()) return true;
  if (!value->is_string()) return false;
  out = value->as_string();
  return true;
}

bool read_bool(const json_value& obj, const char* key, bool& out) {
  const json_value* value = obj.find(key);
  if (value == nullptr || value->is_null()) return true;
  if (!value->is_bool()) return false;
  out = value->as_bool();
  return true;
}

bool read_number(const json_value& obj, const char* key, double& out) {
  const json_value* value = obj.find(key);
  if (value == nullptr || value->is_null()) return true;
  if (!value->is_number()) return false;
  out = value->as_double();
  return std::isfinite(out);
}

// "100..60000", "0..30": the ranges of the element's attribute table.
std::string interval_range() {
  return format_int(attributes::interval_min) + ".." + format_int(attributes::interval_max);
}

std::string wait_range() {
  return format_int(attributes::wait_min) + ".." + format_int(attributes::wait_max);
}

}  // namespace

result<session_config> parse_session_config(const std::string& json_text) {
  if (!json_nesting_within(json_text, max_json_depth)) {
    return error{"the configuration nests too deeply"};
  }
  const auto parsed = parse_json(json_text, max_json_depth);
  if (!parsed || !parsed->is_object()) return error{"the configuration must be a JSON object"};
  const json_value& obj = *parsed;
  session_config config;
  double interval = static_cast<double>(config.interval_ms);
  double wait = config.wait_s;
  struct string_key {
    const char* key;
    std::string* out;
  };
  const string_key strings[] = {{"host", &config.host},
                                {"appId", &config.app_id},
                                {"userPoolId", &config.user_pool_id},
                                {"lang", &config.lang},
                                {"redirectUri", &config.redirect_uri},
                                {"state", &config.state}};
  for (const auto& entry : strings) {
    if (!read_string(obj, entry.key, *entry.out)) {
      return error{std::string("configuration key \"") + entry.key + "\" must be a string"};
    }
  }
  if (!read_bool(obj, "autoExchange", config.auto_exchange) ||
      !read_bool(obj, "autoRefresh", config.auto_refresh)) {
    return error{"configuration keys \"autoExchange\" and \"autoRefresh\" must be booleans"};
  }
  if (!read_number(obj, "interval", interval) || !read_number(obj, "wait", wait)) {
    return error{"configuration keys \"interval\" and \"wait\" must be finite numbers"};
  }
  if (interval < 0 || interval > 1e9 || wait < 0 || wait > 1e6) {
    return error{"\"interval\" (ms) must be " + interval_range() + " and \"wait\" (s) " +
                 wait_range()};
  }
  config.interval_ms = static_cast<std::int64_t>(interval);
  config.wait_s = static_cast<int>(wait);
  return config;
}

std::string validate_config(const session_config& config) {
  if (config.app_id.empty()) return "appId is required: the app's id from the console";
  if (!config.host.empty() && !is_http_url(config.host)) {
    return "host must be the server's http(s) base URL, or empty for the page's own origin";
  }
  if (!config.redirect_uri.empty() && !is_http_url(config.redirect_uri)) {
    return "redirectUri must be an http(s) URL listed among the app's callback URLs";
  }
  if (config.interval_ms < attributes::interval_min ||
      config.interval_ms > attributes::interval_max) {
    return "interval must be " + interval_range() + " ms";
  }
  if (config.wait_s < attributes::wait_min || config.wait_s > attributes::wait_max) {
    return "wait must be " + wait_range() + " s (0: plain polling)";
  }
  return "";
}

}  // namespace scan_login
