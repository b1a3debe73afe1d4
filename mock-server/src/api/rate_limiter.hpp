#pragma once
// A token bucket per client key (the client IP): `rate` tokens per second up
// to `burst`. Pure: the caller passes the time. Thread-safe.

#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>

namespace scan_login::server {

class rate_limiter {
 public:
  // rate 0 = unlimited.
  rate_limiter(double rate, int burst) : rate_(rate), burst_(burst) {}

  // Takes one token for `key` at `now_ms`. Returns 0 when allowed, else the
  // whole seconds (>= 1) after which a token will be there (Retry-After).
  int take(const std::string& key, std::int64_t now_ms);

  // Forgets buckets that have refilled completely (bounded memory).
  void sweep(std::int64_t now_ms);

 private:
  struct bucket {
    double tokens;
    std::int64_t updated_ms;
  };
  std::mutex mutex_;
  double rate_;
  int burst_;
  std::unordered_map<std::string, bucket> buckets_;
};

}  // namespace scan_login::server
