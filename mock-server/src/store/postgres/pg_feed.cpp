#include "store/postgres/pg_feed.hpp"

#include <fcntl.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <string>
#include <string_view>

namespace scan_login::server::pg {
namespace {

// Poll keys travel in URLs and never hold a space: a marker cannot be one.
const std::string marker_prefix = "feed marker ";

}  // namespace

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

std::string feed::new_marker() {
  std::lock_guard lock(markers_mutex_);
  const std::string marker = marker_prefix +
                             std::to_string(reinterpret_cast<std::uintptr_t>(this)) + " " +
                             std::to_string(getpid()) + " " + std::to_string(++markers_made_);
  awaited_.insert(marker);
  return marker;
}

bool feed::wait_for_marker(const std::string& marker, std::chrono::milliseconds timeout) {
  std::unique_lock lock(markers_mutex_);
  const bool heard =
      marker_heard_.wait_for(lock, timeout, [&] { return awaited_.count(marker) == 0; });
  awaited_.erase(marker);
  return heard;
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
      if (random.rfind(marker_prefix, 0) == 0) {
        std::lock_guard lock(markers_mutex_);
        if (awaited_.erase(random) != 0) marker_heard_.notify_all();
        continue;
      }
      if (random.rfind(app_change_prefix, 0) == 0) {
        const std::string app_id = random.substr(std::string_view{app_change_prefix}.size());
        deliver([&](status_feed_listener& listener) { listener.on_app_change(app_id); });
        continue;
      }
      deliver([&](status_feed_listener& listener) { listener.on_status_change(random); });
    }
    if (!read || PQstatus(raw) != CONNECTION_OK) conn_.reset();
  }
}

}  // namespace scan_login::server::pg
