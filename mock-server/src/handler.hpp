#pragma once
// The pure request handler: request in, outcome out. It owns no sockets and
// no timers; the clock and randomness are injected. A long poll comes back
// as a `hold` that the shell parks until the code changes or time runs out,
// and then asks for the answer again with may_hold = false.

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "http_types.hpp"
#include "static_files.hpp"

namespace scan_login::server {

// What the shell knows about the connection a request came on.
struct client_info {
  std::string ip;              // remote address, e.g. "127.0.0.1"
  std::size_t held_polls = 0;  // long polls the shell holds right now (all clients)
};

// Park the request until notify(random) or until `wait` has passed.
struct hold {
  std::string random;
  std::chrono::milliseconds wait{0};
};

struct outcome {
  std::optional<response> res;  // the answer, or
  std::optional<hold> held;     // the order to hold (only when may_hold)
};

struct handler_settings {
  static_site site;
};

class handler {
 public:
  explicit handler(handler_settings settings);

  // Answers one request. Never throws; an unexpected failure is a 500
  // envelope without internals.
  outcome handle(const request& req, const client_info& client, bool may_hold);

 private:
  response route(const request& req, const client_info& client);

  handler_settings settings_;
};

}  // namespace scan_login::server
