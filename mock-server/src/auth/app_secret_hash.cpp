#include "auth/app_secret_hash.hpp"

#include "auth/crypto_util.hpp"

namespace scan_login::server {

std::string hash_app_secret(std::string_view secret) { return "sha256:" + sha256_hex(secret); }

bool app_secret_matches(std::string_view stored_hash, std::string_view presented) {
  if (stored_hash.empty()) return false;
  return constant_time_equal(hash_app_secret(presented), stored_hash);
}

}  // namespace scan_login::server
