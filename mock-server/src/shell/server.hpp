#pragma once
// The Beast shell around the handler: an acceptor, a connection per client,
// a bounded worker pool for handler calls (they may block on the store), the
// long-poll registry woken by the store's status feed, a periodic sweep,
// and SIGINT/SIGTERM for a graceful stop. One io_context thread.

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "shell/client_caps.hpp"
#include "shell/shell_context.hpp"
#include "store/store.hpp"

namespace scan_login::server {

class server : public status_feed_listener {
 public:
  // The handler's sweep() runs every `sweep_interval` (ended codes and tickets).
  // `proxies` (trusted load balancers) must outlive the server.
  server(boost::asio::io_context& ioc, boost::asio::thread_pool& workers, shell_limits limits,
         std::chrono::milliseconds sweep_interval, client_limits clients,
         const trusted_proxies& proxies);
  ~server() override;

  // Binds and listens; returns the bound endpoint or sets `error` (e.g.
  // "bind 127.0.0.1:8080: Address already in use").
  boost::asio::ip::tcp::endpoint listen(const std::string& address, std::uint16_t port,
                                        std::string& error);
  // Starts serving `app` (which must outlive the server): accepting, the
  // sweep timer, the signal handler, and waking held polls from `feed`'s
  // status changes (the server registers itself as its listener).
  void start(handler& app, store& feed);
  // Graceful stop (SIGTERM): stops accepting, answers every held poll with
  // its current status (clients then poll another process), lets requests
  // in progress finish (at most `grace`), and returns from io_context.run().
  void stop(std::chrono::milliseconds grace = std::chrono::seconds(10));

  long_poll_registry& polls() { return polls_; }

  // status_feed_listener: called on any thread; hands over to the io thread.
  void on_status_change(const std::string& random) override;
  void on_feed_resync() override;

 private:
  void do_accept();
  void on_accept(boost::beast::error_code ec, boost::asio::ip::tcp::socket socket);
  // Answers 503 (best effort, never blocking) and closes: over its cap.
  static void turn_away(boost::asio::ip::tcp::socket& socket);
  void do_sweep();

  boost::asio::io_context& ioc_;
  boost::asio::thread_pool& workers_;
  boost::asio::ip::tcp::acceptor acceptor_;
  boost::asio::signal_set signals_;
  boost::asio::steady_timer sweep_timer_;
  boost::asio::steady_timer accept_retry_;
  boost::asio::steady_timer grace_timer_;
  long_poll_registry polls_;
  std::shared_ptr<client_caps> caps_;  // shared with the slots connections hold
  shell_limits limits_;
  std::unique_ptr<shell_context> ctx_;
  store* feed_ = nullptr;
  std::chrono::milliseconds sweep_interval_;
  std::uint64_t swept_sequence_ = 0;  // the registry's sequence at the previous sweep
};

}  // namespace scan_login::server
