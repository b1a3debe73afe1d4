#include "shell/connection.hpp"

#include <algorithm>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <iostream>

#include "http/error_codes.hpp"
#include "http/responses.hpp"
#include "http/throttled_log.hpp"
#include "store/memory_only.hpp"

namespace scan_login::server {
namespace beast = boost::beast;
namespace net = boost::asio;

void fail(beast::error_code ec, const char* what) {
  if (ec == net::error::operation_aborted || ec == beast::error::timeout ||
      ec == net::error::connection_reset || ec == net::error::broken_pipe ||
      ec == http::error::end_of_stream || ec == net::error::eof) {
    return;
  }
  throttled_log::shared().write(what, ec.message());
}

connection::connection(net::ip::tcp::socket&& socket, shell_context& ctx, client_slot slot)
    : stream_(std::move(socket)),
      ctx_(ctx),
      park_timer_(stream_.get_executor()),
      slot_(std::move(slot)) {
  beast::error_code ec;
  const auto remote = stream_.socket().remote_endpoint(ec);
  if (!ec) client_.ip = remote.address().to_string();
}

void connection::run() {
  net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->do_read(); });
}

void connection::do_read() {
  parser_.emplace();
  parser_->header_limit(static_cast<std::uint32_t>(ctx_.limits.header_limit));
  // Beast judges a Content-Length against the limit while it parses the
  // header: let the largest any route takes through, and narrow it below.
  body_limit_ = std::max(ctx_.limits.body_limit, handler::max_avatar_bytes);
  parser_->body_limit(body_limit_);
  stream_.expires_after(ctx_.limits.read_timeout);
  // The header first: its route decides the body limit (an avatar upload
  // may be larger than everything else), before any of the body is read.
  http::async_read_header(stream_, buffer_, *parser_,
                          [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
                            self->on_header(ec, bytes);
                          });
}

void connection::on_header(beast::error_code ec, std::size_t bytes) {
  if (ec) return on_read(ec, bytes);
  body_limit_ = handler::body_limit_for(parser_->get().base(), ctx_.limits.body_limit);
  const auto length = parser_->content_length();
  if (length && *length > body_limit_) return on_read(http::error::body_limit, bytes);
  if (parser_->is_done()) return on_read(ec, bytes);
  parser_->body_limit(body_limit_);  // bounds a chunked body as it arrives
  http::async_read(stream_, buffer_, *parser_,
                   [self = shared_from_this()](beast::error_code read_ec, std::size_t read) {
                     self->on_read(read_ec, read);
                   });
}

void connection::on_read(beast::error_code ec, std::size_t /*bytes*/) {
  if (ec == http::error::end_of_stream) return do_close();
  if (ec == http::error::body_limit || ec == http::error::header_limit) {
    // Answer from the header alone, then drop the connection: the rest of
    // the request is never read or parsed.
    request head{parser_->get().method(), parser_->get().target(), parser_->get().version()};
    head.keep_alive(false);
    const bool body = ec == http::error::body_limit;
    auto res = body ? make_error(head, errors::body_too_large,
                                 "request body too large: at most " + std::to_string(body_limit_) +
                                     " bytes")
                    : make_error(head, errors::headers_too_large,
                                 "request headers too large: at most " +
                                     std::to_string(ctx_.limits.header_limit) + " bytes");
    res.keep_alive(false);
    return do_write(std::move(res));
  }
  if (ec) {
    if (ec.category() == make_error_code(http::error::bad_target).category() &&
        ec != http::error::partial_message) {
      request head{http::verb::get, "/", 11};
      auto res = make_text(head, http::status::bad_request, "malformed HTTP request");
      res.keep_alive(false);
      return do_write(std::move(res));
    }
    return fail(ec, "read");
  }
  req_ = parser_->release();
  if (req_.count(http::field::transfer_encoding) != 0 && !req_.chunked()) {
    // RFC 9112 6.3: a request whose last transfer coding is not chunked has
    // no length a server and a proxy both read alike (Beast took its body
    // as empty and would parse the rest as a new request: smuggling).
    // Answer 400 and close, the rest unread.
    auto res = make_text(req_, http::status::bad_request,
                         "Transfer-Encoding must end with chunked (RFC 9112 section 6.3)");
    res.keep_alive(false);
    return do_write(std::move(res));
  }
  begin_request();
  answer(!ctx_.stopping);
}

void connection::begin_request() {
  in_request_ = true;
  park_deadline_.reset();
  ++ctx_.busy_requests;
}

void connection::end_request() {
  if (!in_request_) return;
  in_request_ = false;
  held_slot_.reset();
  if (--ctx_.busy_requests == 0 && ctx_.stopping && ctx_.on_idle) ctx_.on_idle();
}

void connection::answer(bool may_hold) {
  client_.held_polls = ctx_.polls.size();
  client_.wait_left.reset();
  if (park_deadline_) {
    client_.wait_left = std::chrono::duration_cast<std::chrono::milliseconds>(
        *park_deadline_ - std::chrono::steady_clock::now());
  }
  const auto sequence = ctx_.polls.sequence();
  if (!handler::needs_store(req_)) {
    return on_answer(ctx_.app.handle(req_, client_, may_hold), sequence);
  }
  if (handler::tries_memory_first(req_)) {
    // Most checks are answered by the store's in-memory view: here, without
    // the trip to a worker and back. One that needs the database stops
    // before any effect (would_block) and goes to a worker below.
    std::optional<outcome> from_memory;
    try {
      memory_only_scope scope;
      from_memory = ctx_.app.handle(req_, client_, may_hold);
    } catch (const would_block&) {
    }
    if (from_memory) return on_answer(std::move(*from_memory), sequence);
  }
  // The handler may block on the store: run it on a worker, then finish on
  // this connection's (io) executor.
  net::post(ctx_.workers, [self = shared_from_this(), may_hold, sequence, client = client_] {
    auto result = self->ctx_.app.handle(self->req_, client, may_hold);
    net::post(self->stream_.get_executor(), [self, sequence, result = std::move(result)]() mutable {
      self->on_answer(std::move(result), sequence);
    });
  });
}

void connection::on_answer(outcome result, std::uint64_t sequence) {
  if (result.held) {
    if (ctx_.stopping) return answer(false);
    // A status change published while the worker read the code may not be
    // in what it read: read again (holding allowed) instead of parking on a
    // stale status. Bounded: a code changes status at most three times.
    if (ctx_.polls.changed_since(result.held->random, sequence)) return answer(true);
    if (!held_slot_) {
      // The first park of this request takes one of its client's places
      // (the client as the handler saw it: behind a trusted proxy, the
      // forwarded address), until the request ends.
      held_slot_ = ctx_.caps.admit_held_poll(client_key(result.held->client));
      if (!held_slot_) {
        auto res = make_error(req_, errors::too_many_polls,
                              "this client holds its maximum of long polls; poll without wait");
        res.set(http::field::retry_after, "1");
        return do_write(std::move(res));
      }
    }
    return do_park(*result.held);
  }
  if (ctx_.stopping) result.res->keep_alive(false);
  do_write(std::move(*result.res));
}

void connection::do_park(const hold& order) {
  // The stream's own timeout would cut the held request; the park timer
  // bounds it instead (the handler caps the wait at 30 s, and at what is
  // left of the first park's deadline when parked again after a wake).
  stream_.expires_never();
  const auto until = std::chrono::steady_clock::now() + order.wait;
  if (!park_deadline_ || until < *park_deadline_) park_deadline_ = until;
  parked_on_ = order.random;
  woken_ = false;
  ctx_.polls.park(order.random, shared_from_this());
  park_timer_.expires_at(*park_deadline_);
  park_timer_.async_wait(
      [self = shared_from_this()](beast::error_code ec) { self->on_park_timer(ec); });
  // Notice a client that leaves while parked, so its slot is freed at once
  // instead of at the deadline.
  if (watching_socket_) return;
  watching_socket_ = true;
  stream_.socket().async_wait(
      net::ip::tcp::socket::wait_read,
      [self = shared_from_this()](beast::error_code ec) { self->on_readable_while_parked(ec); });
}

void connection::on_readable_while_parked(beast::error_code ec) {
  watching_socket_ = false;
  if (ec || !parked_on_) return;  // the park already ended; a new request is being read
  beast::error_code probe;
  if (stream_.socket().available(probe) > 0 && !probe) {
    return;  // a pipelined request: it waits in the socket until the answer is written
  }
  // Readable with nothing to read: the client closed the connection.
  ctx_.polls.unpark(*parked_on_, this);
  parked_on_.reset();
  park_timer_.cancel();
  stream_.socket().close(probe);
  end_request();
}

void connection::wake() {
  woken_ = true;
  park_timer_.cancel();
}

void connection::on_park_timer(beast::error_code /*ec*/) {
  // The deadline passed, or wake() cancelled the timer because the code's
  // status changed (or the feed resynced, or the server is stopping).
  if (!parked_on_) return;
  ctx_.polls.unpark(*parked_on_, this);
  parked_on_.reset();
  // A wake before the deadline asks again with holding allowed: the poll
  // is answered only if the status now differs from `since`, else it parks
  // again for what is left (a notification may precede or repeat a change).
  const bool time_left = std::chrono::steady_clock::now() < *park_deadline_;
  answer(woken_ && time_left && !ctx_.stopping);
}

void connection::do_write(response res) {
  res_ = std::make_shared<response>(std::move(res));
  stream_.expires_after(ctx_.limits.write_timeout);
  http::async_write(
      stream_, *res_,
      [self = shared_from_this(), keep = res_->keep_alive()](
          beast::error_code ec, std::size_t bytes) { self->on_write(keep, ec, bytes); });
}

void connection::on_write(bool keep_alive, beast::error_code ec, std::size_t /*bytes*/) {
  res_.reset();
  end_request();
  if (ec) return fail(ec, "write");
  if (!keep_alive) return do_close();
  do_read();
}

void connection::do_close() {
  beast::error_code ec;
  stream_.socket().shutdown(net::ip::tcp::socket::shutdown_send, ec);
}

}  // namespace scan_login::server
