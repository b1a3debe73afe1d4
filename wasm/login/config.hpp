#pragma once
// The configuration of one login session, as the page gives it.

#include <cstdint>
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
  std::string state;               // returned untouched to the callback; random when empty
  bool auto_exchange = false;      // exchange the ticket for the full user in the browser
  bool auto_refresh = false;       // fetch a new code before the shown one expires
  std::int64_t interval_ms = 800;  // plain polling interval, 100..60000
  int wait_s = 25;                 // long-poll hold asked of the server, 0 (plain polling)..30
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
