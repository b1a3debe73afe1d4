#pragma once
// What every connection of the Beast shell shares: the handler, the worker
// pool it runs on, the held long polls, the timeouts and size limits, and
// the count of requests in progress (for a graceful stop). Lives as long as
// the server; everything but `workers` is used on the io thread only.

#include <boost/asio/thread_pool.hpp>
#include <boost/beast/core/error.hpp>
#include <chrono>
#include <cstddef>
#include <functional>

#include "api/handler.hpp"
#include "shell/client_caps.hpp"
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
  boost::asio::thread_pool& workers;  // handler calls run here, never on the io thread
  long_poll_registry& polls;
  client_caps& caps;  // connections and long polls per client (owned by the server)
  shell_limits limits;
  bool stopping = false;          // SIGTERM: answer what is in flight, keep nothing alive
  std::size_t busy_requests = 0;  // read and not yet answered (held polls included)
  std::function<void()> on_idle;  // called when stopping and busy_requests drops to 0
};

// The one logger for failed socket operations: "<what>: <message>" on stderr.
// Quiet for the ordinary ends of connections (EOF, reset, timeouts, cancel).
void fail(boost::beast::error_code ec, const char* what);

}  // namespace scan_login::server
