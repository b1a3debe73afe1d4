#include "shell/server.hpp"

#include <boost/asio/post.hpp>
#include <csignal>
#include <iostream>
#include <memory>

#include "http/error_codes.hpp"
#include "shell/connection.hpp"

namespace scan_login::server {
namespace net = boost::asio;
using tcp = net::ip::tcp;

server::server(net::io_context& ioc, net::thread_pool& workers, shell_limits limits,
               std::chrono::milliseconds sweep_interval, client_limits clients,
               const trusted_proxies& proxies)
    : ioc_(ioc),
      workers_(workers),
      acceptor_(ioc),
      signals_(ioc, SIGINT, SIGTERM),
      sweep_timer_(ioc),
      accept_retry_(ioc),
      grace_timer_(ioc),
      caps_(std::make_shared<client_caps>(clients, proxies)),
      limits_(limits),
      sweep_interval_(sweep_interval) {}

server::~server() {
  if (feed_) feed_->set_feed_listener(nullptr);
}

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

void server::start(handler& app, store& feed) {
  ctx_ = std::make_unique<shell_context>(
      shell_context{app, workers_, polls_, *caps_, limits_, false, 0, {}});
  feed_ = &feed;
  feed.set_feed_listener(this);
  signals_.async_wait([this](boost::beast::error_code ec, int) {
    if (!ec) stop();
  });
  do_accept();
  do_sweep();
}

void server::on_status_change(const std::string& random) {
  net::post(ioc_, [this, random] { polls_.notify(random); });
}

void server::on_feed_resync() {
  net::post(ioc_, [this] { polls_.wake_all(); });
}

void server::stop(std::chrono::milliseconds grace) {
  boost::beast::error_code ec;
  acceptor_.close(ec);
  sweep_timer_.cancel();
  accept_retry_.cancel();
  if (!ctx_) return ioc_.stop();
  ctx_->stopping = true;
  ctx_->on_idle = [this] { ioc_.stop(); };
  polls_.wake_all();  // each held poll answers its current status, then closes
  if (ctx_->busy_requests == 0) return ioc_.stop();
  grace_timer_.expires_after(grace);
  grace_timer_.async_wait([this](boost::beast::error_code wait_ec) {
    if (!wait_ec) ioc_.stop();
  });
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
  }
  boost::beast::error_code peer_ec;
  const auto peer = socket.remote_endpoint(peer_ec);
  if (!peer_ec) {  // else gone already: nothing to serve
    if (auto slot = caps_->admit_connection(peer.address())) {
      std::make_shared<connection>(std::move(socket), *ctx_, std::move(*slot))->run();
    } else {
      turn_away(socket);
    }
  }
  do_accept();
}

void server::turn_away(tcp::socket& socket) {
  static const std::string answer = [] {
    const std::string body = R"({"code":)" + std::to_string(errors::too_many_connections) +
                             R"(,"message":"too many connections from this client; close some )"
                             R"(and retry","data":null})";
    return "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
           "Retry-After: 1\r\nConnection: close\r\nContent-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
  }();
  boost::beast::error_code ec;
  socket.non_blocking(true, ec);
  if (!ec) socket.write_some(net::buffer(answer), ec);
  socket.shutdown(tcp::socket::shutdown_both, ec);
  socket.close(ec);
}

void server::do_sweep() {
  sweep_timer_.expires_after(sweep_interval_);
  sweep_timer_.async_wait([this](boost::beast::error_code ec) {
    if (ec) return;
    // Notifications older than one sweep interval cannot matter to a read
    // in progress any more.
    polls_.forget_before(swept_sequence_);
    swept_sequence_ = polls_.sequence();
    net::post(workers_, [this] {
      try {
        ctx_->app.sweep();
      } catch (const std::exception& e) {
        std::cerr << "sweep: " << e.what() << '\n';
      }
      net::post(ioc_, [this] { do_sweep(); });
    });
  });
}

}  // namespace scan_login::server
