#pragma once
// A small blocking HTTP(S) client for the WeChat gateway: one request per
// connection, the whole exchange bounded by a timeout, certificates checked
// against the system's CA store (or a CA file, for tests) and the host name.
// Thread-safe: each call has its own io_context and connection.

#include <boost/asio/ssl/context.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <variant>

namespace scan_login::server {

struct http_answer {
  int status = 0;
  std::string body;
};

struct http_failure {
  std::string message;  // what went wrong, without the request's target (it may hold secrets)
};

class https_client {
 public:
  // `base`: "https://host[:port][/path]" or "http://..." (tests). `ca_file`:
  // empty = the system's CA store. Empty optional and `error` when bad.
  static std::optional<https_client> make(const std::string& base, const std::string& ca_file,
                                          std::chrono::milliseconds timeout, std::string& error);

  // `target` is appended to the base path, e.g. "/sns/jscode2session?...".
  // `body` empty = GET, else a POST of JSON.
  std::variant<http_answer, http_failure> exchange(const std::string& target,
                                                   const std::string& body) const;

  std::chrono::milliseconds timeout() const { return timeout_; }

 private:
  https_client() = default;
  bool tls_ = true;
  std::string host_;
  std::string port_;
  std::string path_;  // base path without a trailing slash
  std::chrono::milliseconds timeout_{5000};
  std::shared_ptr<boost::asio::ssl::context> tls_context_;
};

}  // namespace scan_login::server
