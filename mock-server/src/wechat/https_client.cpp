#include "wechat/https_client.hpp"

#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/address.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

namespace scan_login::server {
namespace {
namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
namespace ssl = net::ssl;
using tcp = net::ip::tcp;

constexpr std::size_t max_answer_bytes = 64 * 1024;  // WeChat's answers are a few hundred bytes

bool is_ip_literal(const std::string& host) {
  beast::error_code ec;
  net::ip::make_address(host, ec);
  return !ec;
}

// Runs the io_context until the pending operation completed or the deadline
// passed; then closes `stream` (which ends the operation with an error).
template <typename Closable>
void run_until(net::io_context& ioc, std::chrono::steady_clock::time_point deadline,
               Closable& stream) {
  ioc.restart();
  ioc.run_until(deadline);
  if (!ioc.stopped()) {
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().close(ignored);
    ioc.run();
  }
}

template <typename Stream>
std::variant<http_answer, http_failure> send(net::io_context& ioc, Stream& stream,
                                             const http::request<http::string_body>& req,
                                             std::chrono::steady_clock::time_point deadline) {
  beast::error_code ec = net::error::timed_out;
  http::async_write(stream, req, [&](beast::error_code e, std::size_t) { ec = e; });
  run_until(ioc, deadline, stream);
  if (ec) return http_failure{"sending the request failed: " + ec.message()};

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(max_answer_bytes);
  ec = net::error::timed_out;
  http::async_read(stream, buffer, parser, [&](beast::error_code e, std::size_t) { ec = e; });
  run_until(ioc, deadline, stream);
  if (ec) return http_failure{"reading the answer failed: " + ec.message()};
  return http_answer{static_cast<int>(parser.get().result_int()), parser.get().body()};
}

}  // namespace

std::optional<https_client> https_client::make(const std::string& base, const std::string& ca_file,
                                               std::chrono::milliseconds timeout,
                                               std::string& error) {
  https_client client;
  client.timeout_ = timeout;
  std::string rest;
  if (base.rfind("https://", 0) == 0) {
    rest = base.substr(8);
  } else if (base.rfind("http://", 0) == 0) {
    client.tls_ = false;
    rest = base.substr(7);
  } else {
    error = "WeChat API base must start with https:// (or http:// for a test server): " + base;
    return std::nullopt;
  }
  const auto slash = rest.find('/');
  auto authority = rest.substr(0, slash);
  client.path_ = slash == std::string::npos ? "" : rest.substr(slash);
  while (!client.path_.empty() && client.path_.back() == '/') client.path_.pop_back();
  const auto colon = authority.rfind(':');
  if (colon != std::string::npos && authority.find(']') == std::string::npos) {
    client.host_ = authority.substr(0, colon);
    client.port_ = authority.substr(colon + 1);
  } else {
    client.host_ = authority;
    client.port_ = client.tls_ ? "443" : "80";
  }
  if (client.host_.size() > 2 && client.host_.front() == '[' && client.host_.back() == ']') {
    client.host_ = client.host_.substr(1, client.host_.size() - 2);
  }
  if (client.host_.empty() || client.port_.empty() ||
      client.port_.find_first_not_of("0123456789") != std::string::npos) {
    error = "WeChat API base has no valid host and port: " + base;
    return std::nullopt;
  }
  if (client.tls_) {
    client.tls_context_ = std::make_shared<ssl::context>(ssl::context::tls_client);
    client.tls_context_->set_verify_mode(ssl::verify_peer);
    beast::error_code ec;
    if (ca_file.empty()) {
      client.tls_context_->set_default_verify_paths(ec);
    } else {
      client.tls_context_->load_verify_file(ca_file, ec);
    }
    if (ec) {
      error = "cannot load CA certificates" + (ca_file.empty() ? "" : " from " + ca_file) + ": " +
              ec.message();
      return std::nullopt;
    }
  }
  return client;
}

std::variant<http_answer, http_failure> https_client::exchange(const std::string& target,
                                                               const std::string& body) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  net::io_context ioc;
  tcp::resolver resolver{ioc};
  beast::error_code ec = net::error::timed_out;
  tcp::resolver::results_type endpoints;
  resolver.async_resolve(host_, port_, [&](beast::error_code e, tcp::resolver::results_type found) {
    ec = e;
    endpoints = std::move(found);
  });
  ioc.run_until(deadline);
  if (!ioc.stopped()) {
    resolver.cancel();
    ioc.run();
  }
  if (ec) return http_failure{"cannot resolve " + host_ + ": " + ec.message()};

  http::request<http::string_body> req{body.empty() ? http::verb::get : http::verb::post,
                                       path_ + target, 11};
  req.set(http::field::host, host_);
  req.set(http::field::user_agent, "scan-login-server");
  req.set(http::field::connection, "close");
  if (!body.empty()) {
    req.set(http::field::content_type, "application/json");
    req.body() = body;
  }
  req.prepare_payload();

  if (!tls_) {
    beast::tcp_stream stream{ioc};
    ec = net::error::timed_out;
    stream.async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
    run_until(ioc, deadline, stream);
    if (ec) return http_failure{"cannot connect to " + host_ + ": " + ec.message()};
    return send(ioc, stream, req, deadline);
  }

  beast::ssl_stream<beast::tcp_stream> stream{ioc, *tls_context_};
  SSL* ssl_handle = stream.native_handle();
  // The certificate must name this host (an IP literal: in its IP SANs).
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl_handle);
  if (is_ip_literal(host_)) {
    X509_VERIFY_PARAM_set1_ip_asc(param, host_.c_str());
  } else {
    X509_VERIFY_PARAM_set_hostflags(param, X509_CHECK_FLAG_NO_PARTIAL_WILDCARDS);
    X509_VERIFY_PARAM_set1_host(param, host_.c_str(), host_.size());
    SSL_set_tlsext_host_name(ssl_handle, host_.c_str());
  }
  ec = net::error::timed_out;
  beast::get_lowest_layer(stream).async_connect(
      endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
  run_until(ioc, deadline, stream);
  if (ec) return http_failure{"cannot connect to " + host_ + ": " + ec.message()};
  ec = net::error::timed_out;
  stream.async_handshake(ssl::stream_base::client, [&](beast::error_code e) { ec = e; });
  run_until(ioc, deadline, stream);
  if (ec) {
    const long verify = SSL_get_verify_result(ssl_handle);
    return http_failure{
        "TLS with " + host_ +
        " failed: " + (verify != X509_V_OK ? X509_verify_cert_error_string(verify) : ec.message())};
  }
  return send(ioc, stream, req, deadline);
}

}  // namespace scan_login::server
