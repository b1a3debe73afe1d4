#pragma once
// Held long polls, per code: a list of parked requests for each poll key.
// A parked request costs a socket and a timer, never a thread. Part of the
// Beast shell; single-threaded (everything runs on one io_context thread).

#include <cstddef>
#include <cstdint>
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
  // A point in the sequence of notifications. Take one before a worker reads
  // a code's status; if that code was notified after it (changed_since),
  // the read may be stale and the poll must not be parked on it.
  std::uint64_t sequence() const { return sequence_; }
  bool changed_since(const std::string& random, std::uint64_t sequence) const;
  // Forgets notifications older than `sequence` (bounded memory; the shell
  // calls it with a sequence taken a while ago, longer than any read takes).
  void forget_before(std::uint64_t sequence);

  void park(const std::string& random, const std::shared_ptr<poll_waiter>& waiter);
  // Forgets a waiter (it woke on its own deadline). Unknown pairs are ignored.
  void unpark(const std::string& random, const poll_waiter* waiter);
  // Wakes every waiter parked on `random` and forgets them.
  void notify(const std::string& random);
  // Wakes everything (shutdown, or the feed lost messages and every held
  // poll must re-read its code).
  void wake_all();
  std::size_t size() const { return count_; }

 private:
  std::unordered_map<std::string, std::vector<std::weak_ptr<poll_waiter>>> waiters_;
  std::size_t count_ = 0;
  std::uint64_t sequence_ = 0;
  std::unordered_map<std::string, std::uint64_t> notified_;  // poll key -> its last notification
  std::uint64_t resynced_at_ = 0;                            // last wake_all
};

}  // namespace scan_login::server
