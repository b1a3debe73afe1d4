#include "store/records.hpp"

namespace scan_login::server {

code_status effective_status(const code_record& record, std::int64_t now) {
  const bool live = record.status == code_status::waiting || record.status == code_status::scanned;
  return live && now >= record.expires_at ? code_status::expired : record.status;
}

std::string avatar_id_in_photo(const std::string& photo) {
  const std::string marker = "/avatars/";
  const auto start = photo.rfind(marker);
  if (start == std::string::npos) return {};
  const auto file = photo.substr(start + marker.size());
  return file.substr(0, file.find('.'));
}

}  // namespace scan_login::server
