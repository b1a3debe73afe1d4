#pragma once
// The status feed over LISTEN/NOTIFY: one dedicated connection on its own
// thread hears every NOTIFY of the channel (from every process of the
// deployment, this one included) and hands the payload (a poll key, or an
// app id) to the listener. When the connection drops it reconnects with
// back-off (100 ms doubling to 2 s), LISTENs again, and tells the listener
// to resync, since notifications sent meanwhile are lost.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "store/postgres/pg_connection.hpp"
#include "store/store.hpp"

namespace scan_login::server::pg {

inline constexpr const char* feed_channel = "scan_login_status";
// Payloads on the channel: a poll key (a status change), "app <id>" (an app
// was created, changed or deleted) or a marker (new_marker). Poll keys never
// hold a space, so the three cannot be confused.
inline constexpr const char* app_change_prefix = "app ";

class feed {
 public:
  // Connects and LISTENs before returning (throws store_unavailable), then
  // starts the thread.
  explicit feed(endpoint ep);
  feed(const feed&) = delete;
  feed& operator=(const feed&) = delete;
  // Stops the thread (waits for a connect in progress, at most connect_timeout).
  ~feed();

  // Any thread but the feed's own (not from inside a callback). Returns
  // after any delivery to the previous listener ended.
  void set_listener(status_feed_listener* listener);

  // A barrier for swapping listeners: publish the returned payload on the
  // channel (NOTIFY, committed), then wait_for_marker returns true once the
  // feed heard it, i.e. every change committed before it was delivered (one
  // channel is delivered in commit order). False after `timeout` (the feed
  // is reconnecting, and will resync anyway). Other processes ignore it.
  std::string new_marker();
  bool wait_for_marker(const std::string& marker, std::chrono::milliseconds timeout);

 private:
  void run();
  std::unique_ptr<connection> listen();
  // Waits until `fd` is readable (fd < 0: none), the store stops, or
  // timeout_ms passes. False when stopping.
  bool wait(int fd, int timeout_ms);
  template <typename F>
  void deliver(F&& call);

  endpoint endpoint_;
  std::unique_ptr<connection> conn_;  // touched by the feed thread only once it runs
  std::mutex listener_mutex_;
  status_feed_listener* listener_ = nullptr;
  std::mutex markers_mutex_;
  std::condition_variable marker_heard_;
  std::set<std::string> awaited_;  // markers of this feed not yet heard
  std::uint64_t markers_made_ = 0;
  int wake_read_ = -1;
  int wake_write_ = -1;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

}  // namespace scan_login::server::pg
