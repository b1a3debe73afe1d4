#pragma once
// Log lines that a client can cause (a malformed request, a failing
// database under a flood of requests) go through here, so a flood cannot
// fill the disk: per kind, at most `per_second` lines each second; the rest
// are counted and the next line that is written says how many were left
// out. Thread-safe; writes to stderr.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace scan_login::server {

class throttled_log {
 public:
  explicit throttled_log(int per_second = 20) : per_second_(per_second) {}

  // Writes "<kind>: <line>" unless `kind` already wrote its share this second.
  void write(const std::string& kind, const std::string& line);

  // The process's one log for client-caused lines.
  static throttled_log& shared();

 private:
  struct budget {
    std::chrono::steady_clock::time_point second;
    int written = 0;
    std::uint64_t left_out = 0;
  };
  const int per_second_;
  std::mutex mutex_;
  std::map<std::string, budget> kinds_;
};

}  // namespace scan_login::server
