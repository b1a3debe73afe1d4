#pragma once
// How personal data is shown where the whole value is not needed: admin
// lists and log lines (PIPL/GDPR data minimisation).

#include <string>

namespace scan_login::server {

// "13800000000" -> "138****0000": the first three and the last four
// characters kept, the rest starred; shorter numbers keep their last two.
// Empty stays empty.
std::string mask_phone(const std::string& phone);

}  // namespace scan_login::server
