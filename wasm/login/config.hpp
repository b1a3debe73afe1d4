#pragma once
// The configuration of one login session, as the page gives it.

#include <cstdint>
#include <scan_login/element_attributes.hpp>
#include <string>

#include "core/result.hpp"

namespace scan_login {

struct session_config {
  std::string host;          // server base URL, http(s); empty: the page's own origin
  std::string app_id;        // required: x-authing-app-id
  std::string user_pool_id;  // optional: x-authing-userpool-id
  std::string lang;          // optional: x-authing-lang ("zh-CN", "en-US")
  // Optional callback. Sent as redirectUri when the code is made (the server
  // refuses one that is not among the app's callback URLs) and checked again
  // against the app's public-config callbackUrls before navigating to it.
  std::string redirect_uri;
  std::string state;           // returned untouched to the callback; random when empty
  bool auto_exchange = false;  // exchange the ticket for the full user in the browser
  bool auto_refresh = false;   // fetch a new code before the shown one expires
  // Plain polling interval; long-poll hold asked of the server (0: plain
  // polling). Defaults and ranges: the element's attribute table
  // (web/src/element/attributes.js -> <scan_login/element_attributes.hpp>).
  std::int64_t interval_ms = attributes::interval_default;
  int wait_s = attributes::wait_default;
};

// Parses the page's JSON configuration: {"host", "appId", "userPoolId",
// "lang", "redirectUri", "state" (strings), "autoExchange", "autoRefresh"
// (booleans), "interval" (ms), "wait" (s)}. Unknown keys are ignored; a
// missing key keeps its default. Fails on JSON that is not an object or on a
// key of the wrong type; validate_config then checks the values.
result<session_config> parse_session_config(const std::string& json_text);

// Empty when the configuration can be used, else what to fix.
std::string validate_config(const session_config& config);

}  // namespace scan_login
