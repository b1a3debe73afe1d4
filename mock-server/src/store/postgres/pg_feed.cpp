#include "store/postgres/pg_feed.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>

namespace scan_login::server::pg {

feed::feed(endpoint ep) : endpoint_(std::move(ep)), conn_(listen()) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) != 0) {
    throw store_unavailable(std::string("cannot start the PostgreSQL feed: pipe: ") +
                            std::strerror(errno));
  }
  wake_read_ = fds[0];
  wake_write_ = fds[1];
  thread_ = std::thread([this] { run(); });
}

feed::~feed() {
  stopping_ = true;
  [[maybe_unused]] const auto written = write(wake_write_, "x", 1);
  thread_.join();
  close(wake_read_);
  close(wake_write_);
}

void feed::set_listener(status_feed_listener* listener) {
  std::lock_guard lock(listener_mutex_);
  listener_ = listener;
}

template <typename F>
void feed::deliver(F&& call) {
  std::lock_guard lock(listener_mutex_);
  if (listener_) call(*listener_);
}

std::unique_ptr<connection> feed::listen() {
  auto conn = std::make_unique<connection>(endpoint_);
  conn->exec("LISTEN scan_login_status");
  return conn;
}

bool feed::wait(int fd, int timeout_ms) {
  pollfd fds[2] = {{wake_read_, POLLIN, 0}, {fd, POLLIN, 0}};
  poll(fds, fd < 0 ? 1 : 2, timeout_ms);
  return !stopping_;
}

void feed::run() {
  using std::chrono::milliseconds;
  milliseconds backoff(100);
  while (!stopping_) {
    if (!conn_) {
      try {
        conn_ = listen();
      } catch (const std::exception&) {
        if (!wait(-1, static_cast<int>(backoff.count()))) return;
        backoff = std::min(backoff * 2, milliseconds(2000));
        continue;
      }
      backoff = milliseconds(100);
      deliver([](status_feed_listener& listener) { listener.on_feed_resync(); });
    }
    PGconn* raw = conn_->raw();
    // The timeout only bounds how long a silent failure goes unchecked;
    // notifications and a closed socket wake the poll at once.
    if (!wait(PQsocket(raw), 1000)) return;
    const bool read = PQconsumeInput(raw) != 0;
    while (PGnotify* note = PQnotifies(raw)) {
      const std::string random = note->extra ? note->extra : "";
      PQfreemem(note);
      deliver([&](status_feed_listener& listener) { listener.on_status_change(random); });
    }
    if (!read || PQstatus(raw) != CONNECTION_OK) conn_.reset();
  }
}

}  // namespace scan_login::server::pg
