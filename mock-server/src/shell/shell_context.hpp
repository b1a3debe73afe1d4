#pragma once
// What every connection of the Beast shell shares: the pure handler, the
// held long polls, the timeouts and size limits. Lives as long as the server.

#include <boost/beast/core/error.hpp>
#include <chrono>
#include <cstddef>

#include "api/handler.hpp"
#include "shell/long_poll_registry.hpp"

namespace scan_login::server {

struct shell_limits {
  std::chrono::seconds read_timeout{30};   // a whole request, including keep-alive idle time
  std::chrono::seconds write_timeout{30};  // a whole response
  std::size_t header_limit = 8 * 1024;     // bytes of request line + headers, else 431
  std::size_t body_limit = 16 * 1024;      // bytes of body, else 413 before parsing
};

struct shell_context {
  handler& app;
  long_poll_registry& polls;
  shell_limits limits;
};

// The one logger for failed socket operations: "<what>: <message>" on stderr.
// Quiet for the ordinary ends of connections (EOF, reset, timeouts, cancel).
void fail(boost::beast::error_code ec, const char* what);

}  // namespace scan_login::server
