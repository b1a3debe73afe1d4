#pragma once
// Held long polls, per code: a list of parked requests for each poll key.
// A parked request costs a socket and a timer, never a thread. Part of the
// Beast shell; single-threaded (everything runs on one io_context thread).

#include <cstddef>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace scan_login::server {

// Something parked that can be woken (a connection holding a long poll).
class poll_waiter {
 public:
  virtual ~poll_waiter() = default;
  // Called at most once per park, from the io_context thread.
  virtual void wake() = 0;
};

class long_poll_registry {
 public:
  void park(const std::string& random, const std::shared_ptr<poll_waiter>& waiter);
  // Forgets a waiter (it woke on its own deadline). Unknown pairs are ignored.
  void unpark(const std::string& random, const poll_waiter* waiter);
  // Wakes every waiter parked on `random` and forgets them.
  void notify(const std::string& random);
  // Wakes everything (shutdown).
  void wake_all();
  std::size_t size() const { return count_; }

 private:
  std::unordered_map<std::string, std::vector<std::weak_ptr<poll_waiter>>> waiters_;
  std::size_t count_ = 0;
};

}  // namespace scan_login::server
