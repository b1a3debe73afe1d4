#pragma once
// Counters for GET /metrics (Prometheus text format 0.0.4). Thread-safe.

#include <cstdint>
#include <map>
#include <mutex>
#include <string>

#include "store/records.hpp"

namespace scan_login::server {

class metrics {
 public:
  // One request on `route` (a fixed name such as "gene"), an error when the
  // HTTP status is 400 or more; `from_memory` when it was answered on the io
  // thread from the store's view (store/memory_only.hpp), not on a worker.
  void count(const std::string& route, unsigned http_status, bool from_memory);

  // The exposition text: requests and errors by route, codes by status,
  // held long polls.
  std::string render(const std::map<code_status, std::size_t>& codes, std::size_t held_polls) const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> requests_;
  std::map<std::string, std::uint64_t> errors_;
  std::map<std::string, std::uint64_t> from_memory_;
};

}  // namespace scan_login::server
