#include "shell/server.hpp"

#include <csignal>
#include <memory>

#include "shell/connection.hpp"

namespace scan_login::server {
namespace net = boost::asio;
using tcp = net::ip::tcp;

server::server(net::io_context& ioc, shell_limits limits, std::chrono::milliseconds sweep_interval)
    : ioc_(ioc),
      acceptor_(ioc),
      signals_(ioc, SIGINT, SIGTERM),
      sweep_timer_(ioc),
      accept_retry_(ioc),
      limits_(limits),
      sweep_interval_(sweep_interval) {}

tcp::endpoint server::listen(const std::string& address, std::uint16_t port, std::string& error) {
  boost::beast::error_code ec;
  const auto ip = net::ip::make_address(address, ec);
  if (ec) {
    error = "bad --bind address '" + address + "': " + ec.message();
    return {};
  }
  const tcp::endpoint endpoint{ip, port};
  const auto where = address + ":" + std::to_string(port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor_.bind(endpoint, ec);
  if (!ec) acceptor_.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    error = "listen on " + where + ": " + ec.message();
    return {};
  }
  return acceptor_.local_endpoint();
}

void server::start(handler& app) {
  ctx_ = std::make_unique<shell_context>(shell_context{app, polls_, limits_});
  app.set_status_listener([this](const std::string& random) { polls_.notify(random); });
  signals_.async_wait([this](boost::beast::error_code ec, int) {
    if (!ec) stop();
  });
  do_accept();
  do_sweep();
}

void server::stop() {
  boost::beast::error_code ec;
  acceptor_.close(ec);
  sweep_timer_.cancel();
  accept_retry_.cancel();
  polls_.wake_all();
  ioc_.stop();
}

void server::do_accept() {
  acceptor_.async_accept(
      [this](boost::beast::error_code ec, tcp::socket s) { on_accept(ec, std::move(s)); });
}

void server::on_accept(boost::beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted) return;  // closed by stop()
  if (ec) {
    // E.g. out of file descriptors: keep serving the open connections and
    // try again shortly instead of spinning on the failing accept.
    fail(ec, "accept");
    accept_retry_.expires_after(std::chrono::milliseconds(50));
    accept_retry_.async_wait([this](boost::beast::error_code wait_ec) {
      if (!wait_ec) do_accept();
    });
    return;
  } else {
    std::make_shared<connection>(std::move(socket), *ctx_)->run();
  }
  do_accept();
}

void server::do_sweep() {
  sweep_timer_.expires_after(sweep_interval_);
  sweep_timer_.async_wait([this](boost::beast::error_code ec) {
    if (ec) return;
    ctx_->app.sweep();
    do_sweep();
  });
}

}  // namespace scan_login::server
