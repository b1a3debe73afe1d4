#include "http/etag.hpp"

#include <cstdio>
#include <system_error>

namespace scan_login::server {

std::string etag_for(const std::filesystem::path& file, std::uintmax_t size,
                     std::string_view variant) {
  std::error_code ec;
  const auto mtime = std::filesystem::last_write_time(file, ec).time_since_epoch().count();
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%jx-%llx", size, static_cast<unsigned long long>(mtime));
  std::string tag = "\"";
  tag += buffer;
  if (!variant.empty()) tag.append("-").append(variant);
  return tag + "\"";
}

bool etag_matches(std::string_view if_none_match, std::string_view etag) {
  if (if_none_match == "*") return true;
  while (!if_none_match.empty()) {
    const auto comma = if_none_match.find(',');
    auto item = if_none_match.substr(0, comma);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (item.substr(0, 2) == "W/") item.remove_prefix(2);
    if (item == etag) return true;
    if (comma == std::string_view::npos) break;
    if_none_match.remove_prefix(comma + 1);
  }
  return false;
}

}  // namespace scan_login::server
