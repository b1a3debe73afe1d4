#pragma once
// One HTTP connection: read a request (with limits and a timeout), ask the
// handler on a worker, write the answer or park a long poll, repeat while
// keep-alive. All of its own state is touched on the io thread only.

#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

#include "shell/client_caps.hpp"
#include "shell/shell_context.hpp"

namespace scan_login::server {

class connection : public poll_waiter, public std::enable_shared_from_this<connection> {
 public:
  // `slot`: this connection's place among its client's (ctx.caps).
  connection(boost::asio::ip::tcp::socket&& socket, shell_context& ctx, client_slot slot);

  void run();
  void wake() override;

 private:
  void do_read();
  void on_header(boost::beast::error_code ec, std::size_t bytes);
  void on_read(boost::beast::error_code ec, std::size_t bytes);
  void begin_request();
  void end_request();  // once per request: answered, or its client left
  void answer(bool may_hold);
  void on_answer(outcome result, std::uint64_t sequence);
  void do_park(const hold& order);
  void on_park_timer(boost::beast::error_code ec);
  void on_readable_while_parked(boost::beast::error_code ec);
  void do_write(response res);
  void on_write(bool keep_alive, boost::beast::error_code ec, std::size_t bytes);
  void do_close();

  boost::beast::tcp_stream stream_;
  boost::beast::flat_buffer buffer_;
  shell_context& ctx_;
  client_info client_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::size_t body_limit_ = 0;  // of the request being read (handler::body_limit_for)
  request req_;
  std::shared_ptr<response> res_;
  boost::asio::steady_timer park_timer_;
  std::optional<std::string> parked_on_;  // the poll key while parked
  client_slot slot_;                      // among its client's connections
  std::optional<client_slot> held_slot_;  // this request's long-poll place, while it has one
  bool in_request_ = false;
  bool woken_ = false;            // the park ended by wake(), not by its deadline
  bool watching_socket_ = false;  // a wait for readability is pending
  std::optional<std::chrono::steady_clock::time_point> park_deadline_;  // of this request
};

}  // namespace scan_login::server
