#pragma once
// Exponential back-off with equal jitter for retrying an unreachable server.

#include <cstdint>

namespace scan_login {

class backoff {
 public:
  // base_ms > 0, cap_ms >= base_ms. Retry n (0-based) waits between half and
  // all of min(cap_ms, base_ms * 2^n).
  explicit backoff(std::int64_t base_ms = 500, std::int64_t cap_ms = 30000);

  // The delay before the next retry, in [ceiling / 2, ceiling] for this
  // retry's ceiling; `random` (any 32-bit value, from the host's randomness)
  // picks the point. Counts the retry.
  std::int64_t next_delay(std::uint32_t random);

  // The ceiling of the next retry, without counting it.
  std::int64_t next_ceiling() const;

  // Forget past failures: the next retry waits around base_ms again.
  void reset() { retries_ = 0; }

  int retries() const { return retries_; }

 private:
  std::int64_t base_ms_;
  std::int64_t cap_ms_;
  int retries_ = 0;
};

}  // namespace scan_login
