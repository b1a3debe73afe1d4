#pragma once
// The Beast shell around the handler: an acceptor, a connection per
// connection, the long-poll registry, a periodic sweep, and SIGINT/SIGTERM
// for a clean stop. Runs on one io_context thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "shell/shell_context.hpp"

namespace scan_login::server {

class server {
 public:
  // The handler's sweep() runs every `sweep_interval` (ended codes and tickets).
  server(boost::asio::io_context& ioc, shell_limits limits,
         std::chrono::milliseconds sweep_interval);

  // Binds and listens; returns the bound endpoint or sets `error` (e.g.
  // "bind 127.0.0.1:8080: Address already in use").
  boost::asio::ip::tcp::endpoint listen(const std::string& address, std::uint16_t port,
                                        std::string& error);
  // Starts serving `app` (which must outlive the server): accepting, the
  // sweep timer, the signal handler, and waking held polls on status changes.
  void start(handler& app);
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
  shell_limits limits_;
  std::unique_ptr<shell_context> ctx_;
  std::chrono::milliseconds sweep_interval_;
};

}  // namespace scan_login::server
