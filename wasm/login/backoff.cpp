#include "login/backoff.hpp"

#include <algorithm>

namespace scan_login {

backoff::backoff(std::int64_t base_ms, std::int64_t cap_ms)
    : base_ms_(std::max<std::int64_t>(1, base_ms)), cap_ms_(std::max(cap_ms, base_ms_)) {}

std::int64_t backoff::next_ceiling() const {
  std::int64_t ceiling = base_ms_;
  for (int i = 0; i < retries_ && ceiling < cap_ms_; ++i) ceiling *= 2;
  return std::min(ceiling, cap_ms_);
}

std::int64_t backoff::next_delay(std::uint32_t random) {
  const std::int64_t ceiling = next_ceiling();
  const std::int64_t fixed = ceiling / 2;
  const std::int64_t spread = ceiling - fixed;
  if (retries_ < 1000) ++retries_;
  return fixed + static_cast<std::int64_t>(random % static_cast<std::uint64_t>(spread + 1));
}

}  // namespace scan_login
