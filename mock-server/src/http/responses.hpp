#pragma once
// The one place responses are built: status, headers, keep-alive, HEAD
// handling and the JSON envelope of PROTOCOL.md.

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "http/http_types.hpp"

namespace scan_login::server {

// A response to `req` with `body` and `content_type`. Mirrors the request's
// HTTP version and keep-alive; for HEAD the body is dropped but
// Content-Length still gives its size.
response make_response(const request& req, http::status status, std::string body,
                       std::string_view content_type);

// `{"code": code, "message": message, "data": data}` as application/json.
// Success is make_envelope(req, http::status::ok, 200, "ok", data).
response make_envelope(const request& req, http::status status, int code, std::string message,
                       nlohmann::json data = nullptr);

// A failure envelope (data null) with a stable numeric `code`; the HTTP
// status is the code's first three digits (http/error_codes.hpp), so the two
// can never disagree.
response make_error(const request& req, int code, std::string message);

// A small plain-text answer (404s for files, redirects).
response make_text(const request& req, http::status status, std::string text);

// Headers for HTML that the server renders or serves: nosniff, no referrer
// (tickets travel in callback URLs), and a Content-Security-Policy.
void add_html_security_headers(response& res, std::string_view csp);

}  // namespace scan_login::server
