#include "api/rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace scan_login::server {

int rate_limiter::take(const std::string& key, std::int64_t now_ms) {
  if (rate_ <= 0) return 0;
  std::lock_guard lock{mutex_};
  auto [it, fresh] = buckets_.try_emplace(key, bucket{static_cast<double>(burst_), now_ms});
  auto& b = it->second;
  if (!fresh) {
    const double elapsed = static_cast<double>(std::max<std::int64_t>(0, now_ms - b.updated_ms));
    b.tokens = std::min(static_cast<double>(burst_), b.tokens + elapsed / 1000.0 * rate_);
    b.updated_ms = now_ms;
  }
  if (b.tokens >= 1.0) {
    b.tokens -= 1.0;
    return 0;
  }
  return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_)));
}

void rate_limiter::sweep(std::int64_t now_ms) {
  std::lock_guard lock{mutex_};
  if (rate_ <= 0) {
    buckets_.clear();
    return;
  }
  for (auto it = buckets_.begin(); it != buckets_.end();) {
    const double elapsed = static_cast<double>(now_ms - it->second.updated_ms) / 1000.0;
    if (it->second.tokens + elapsed * rate_ >= burst_) {
      it = buckets_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace scan_login::server
