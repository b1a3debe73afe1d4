#pragma once
// The HTTP message types shared by the pure handler and the Beast shell.

#include <boost/beast/http.hpp>

namespace scan_login::server {

namespace http = boost::beast::http;

// Requests arrive with their whole body (bounded by the shell's parser limits).
using request = http::request<http::string_body>;
// Every answer is built in memory; static files are small (the web app and wasm).
using response = http::response<http::string_body>;

}  // namespace scan_login::server
