#include "handler.hpp"

#include <exception>

#include "responses.hpp"

namespace scan_login::server {

handler::handler(handler_settings settings) : settings_(std::move(settings)) {}

outcome handler::handle(const request& req, const client_info& client, bool /*may_hold*/) {
  try {
    return {route(req, client), std::nullopt};
  } catch (const std::exception&) {
    return {make_error(req, http::status::internal_server_error, 50001, "internal error"),
            std::nullopt};
  }
}

response handler::route(const request& req, const client_info& /*client*/) {
  if (req.method() != http::verb::get && req.method() != http::verb::head) {
    auto res = make_text(req, http::status::method_not_allowed, "method not allowed");
    res.set(http::field::allow, "GET, HEAD");
    return res;
  }
  return serve_static(req, settings_.site);
}

}  // namespace scan_login::server
