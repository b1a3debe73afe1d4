#include "api/metrics.hpp"

#include <sstream>

namespace scan_login::server {

void metrics::count(const std::string& route, unsigned http_status, bool from_memory) {
  std::lock_guard lock{mutex_};
  ++requests_[route];
  if (http_status >= 400) ++errors_[route];
  if (from_memory) ++from_memory_[route];
}

std::string metrics::render(const std::map<code_status, std::size_t>& codes,
                            std::size_t held_polls) const {
  std::lock_guard lock{mutex_};
  std::ostringstream out;
  out << "# HELP scan_login_requests_total HTTP requests by route.\n"
      << "# TYPE scan_login_requests_total counter\n";
  for (const auto& [route, n] : requests_) {
    out << "scan_login_requests_total{route=\"" << route << "\"} " << n << '\n';
  }
  out << "# HELP scan_login_errors_total HTTP answers with status >= 400 by route.\n"
      << "# TYPE scan_login_errors_total counter\n";
  for (const auto& [route, n] : errors_) {
    out << "scan_login_errors_total{route=\"" << route << "\"} " << n << '\n';
  }
  out << "# HELP scan_login_answered_from_memory_total Requests answered on the io thread from "
         "the store's in-memory view, by route (the rest of scan_login_requests_total went to "
         "a worker).\n"
      << "# TYPE scan_login_answered_from_memory_total counter\n";
  for (const auto& [route, n] : from_memory_) {
    out << "scan_login_answered_from_memory_total{route=\"" << route << "\"} " << n << '\n';
  }
  out << "# HELP scan_login_codes Stored QR codes by status.\n"
      << "# TYPE scan_login_codes gauge\n";
  for (const auto status : {code_status::expired, code_status::waiting, code_status::scanned,
                            code_status::confirmed, code_status::cancelled}) {
    const auto it = codes.find(status);
    out << "scan_login_codes{status=\"" << static_cast<int>(status) << "\"} "
        << (it == codes.end() ? 0 : it->second) << '\n';
  }
  out << "# HELP scan_login_held_long_polls Long polls held right now.\n"
      << "# TYPE scan_login_held_long_polls gauge\n"
      << "scan_login_held_long_polls " << held_polls << '\n';
  return out.str();
}

}  // namespace scan_login::server
