#include "store/records.hpp"

namespace scan_login::server {

code_status effective_status(const code_record& record, std::int64_t now) {
  const bool live = record.status == code_status::waiting || record.status == code_status::scanned;
  return live && now >= record.expires_at ? code_status::expired : record.status;
}

}  // namespace scan_login::server
