#include "flow/personal_data.hpp"

namespace scan_login::server {

std::string mask_phone(const std::string& phone) {
  if (phone.empty()) return phone;
  if (phone.size() >= 8) {
    return phone.substr(0, 3) + std::string(phone.size() - 7, '*') + phone.substr(phone.size() - 4);
  }
  if (phone.size() <= 2) return std::string(phone.size(), '*');
  return std::string(phone.size() - 2, '*') + phone.substr(phone.size() - 2);
}

}  // namespace scan_login::server
