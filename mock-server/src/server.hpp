#pragma once
// The Beast shell around the handler: an acceptor, a session per
// connection, the long-poll registry, a periodic sweep, and SIGINT/SIGTERM
// for a clean stop. Runs on one io_context thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <string>

#include "shell_context.hpp"

namespace scan_login::server {

class server {
 public:
  // `on_sweep` runs every `sweep_interval` (expired codes and tickets).
  server(boost::asio::io_context& ioc, handler& app, shell_limits limits,
         std::function<void()> on_sweep, std::chrono::milliseconds sweep_interval);

  // Binds and listens; returns the bound endpoint or sets `error` (e.g.
  // "bind 127.0.0.1:8080: Address already in use").
  boost::asio::ip::tcp::endpoint listen(const std::string& address, std::uint16_t port,
                                        std::string& error);
  // Starts accepting, the sweep timer and the signal handler.
  void start();
  // Stops accepting, wakes and drops everything; io_context.run() returns.
  void stop();

  long_poll_registry& polls() { return polls_; }

 private:
  void do_accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);
  void do_sweep();

  boost::asio::io_context& ioc_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer sweep_timer_;
  boost::asio::steady_timer accept_retry_;
  long_poll_registry polls_;
  shell_context ctx_;
  std::function<void()> on_sweep_;
  std::chrono::milliseconds sweep_interval_;
};

}  // namespace scan_login::server
