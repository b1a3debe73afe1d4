#include "http/responses.hpp"

#include <utility>

namespace scan_login::server {

response make_response(const request& req, http::status status, std::string body,
                       std::string_view content_type) {
  response res{status, req.version()};
  res.set(http::field::server, "scan-login-server");
  res.set(http::field::content_type, content_type);
  res.keep_alive(req.keep_alive());
  const auto size = body.size();
  if (req.method() == http::verb::head) {
    res.content_length(size);
  } else {
    res.body() = std::move(body);
    res.prepare_payload();
  }
  return res;
}

response make_envelope(const request& req, http::status status, int code, std::string message,
                       nlohmann::json data) {
  nlohmann::json envelope = {
      {"code", code}, {"message", std::move(message)}, {"data", std::move(data)}};
  // Replace, not throw, on invalid UTF-8 (an echoed header value may hold any byte).
  auto res = make_response(req, status,
                           envelope.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                           "application/json; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  return res;
}

response make_error(const request& req, int code, std::string message) {
  return make_envelope(req, static_cast<http::status>(code / 100), code, std::move(message),
                       nullptr);
}

response make_text(const request& req, http::status status, std::string text) {
  text += '\n';
  auto res = make_response(req, status, std::move(text), "text/plain; charset=utf-8");
  res.set("X-Content-Type-Options", "nosniff");
  return res;
}

void add_html_security_headers(response& res, std::string_view csp) {
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Referrer-Policy", "no-referrer");
  if (!csp.empty()) res.set("Content-Security-Policy", csp);
}

}  // namespace scan_login::server
