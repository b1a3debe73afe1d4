#include "http/log_masks.hpp"

#include <algorithm>

namespace scan_login::server {

std::string mask_phone(std::string_view phone) {
  std::string out{phone};
  const auto digits = static_cast<std::size_t>(
      std::count_if(out.begin(), out.end(), [](char c) { return c >= '0' && c <= '9'; }));
  // Short numbers would show most of themselves: hide them whole.
  const std::size_t keep_head = digits > 7 ? 3 : 0;
  const std::size_t keep_tail = digits > 7 ? 4 : 0;
  std::size_t seen = 0;
  for (char& c : out) {
    if (c < '0' || c > '9') continue;
    if (seen >= keep_head && seen < digits - keep_tail) c = '*';
    ++seen;
  }
  return out;
}

}  // namespace scan_login::server
