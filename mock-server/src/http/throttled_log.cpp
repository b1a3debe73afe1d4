#include "http/throttled_log.hpp"

#include <iostream>

namespace scan_login::server {

void throttled_log::write(const std::string& kind, const std::string& line) {
  const auto now = std::chrono::steady_clock::now();
  std::uint64_t left_out = 0;
  {
    std::lock_guard lock{mutex_};
    auto& each = kinds_[kind];
    if (now - each.second >= std::chrono::seconds(1)) {
      each.second = now;
      each.written = 0;
    }
    if (each.written >= per_second_) {
      ++each.left_out;
      return;
    }
    ++each.written;
    left_out = each.left_out;
    each.left_out = 0;
  }
  std::cerr << kind << ": " << line;
  if (left_out > 0) std::cerr << " (" << left_out << " more such lines left out)";
  std::cerr << '\n';
}

throttled_log& throttled_log::shared() {
  static throttled_log log;
  return log;
}

}  // namespace scan_login::server
