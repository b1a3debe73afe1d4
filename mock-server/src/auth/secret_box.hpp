#pragma once
// Encryption at rest for the secrets the server must use in clear (a mini
// program's AppSecret, the RSA signing keys, WeChat access tokens): AES-256-GCM
// with a random 96-bit nonce per value, as self-describing text
//
//   enc:v1:<key id>:<base64url(nonce | ciphertext | tag)>
//
// The key id (8 hex digits of a SHA-256 of the key) says which key sealed a
// value, so a wrong key is named as such instead of reading as damage; it
// reveals nothing about the key. `context` (e.g. "signing_key:<kid>") is
// authenticated with the value, so a sealed value copied into another row
// or field does not open there.

#include <optional>
#include <string>
#include <string_view>

#include "auth/crypto_util.hpp"

namespace scan_login::server {

enum class open_failure {
  not_sealed,  // not in the enc:v1 format at all
  other_key,   // sealed with a key whose id is not this key's
  damaged,     // this key's id, but the tag does not verify (changed bytes, wrong context)
};

class secret_box {
 public:
  static constexpr std::size_t key_size = 32;

  // `key`: exactly key_size bytes, else std::invalid_argument.
  secret_box(std::string key, random_source random);

  // The key's id, as written into every value it seals.
  const std::string& key_id() const { return key_id_; }
  // The key id of a sealed value, or empty when `value` is not sealed.
  static std::string key_id_of(std::string_view value);
  // True when `value` has the enc:v1 prefix (whether or not it opens).
  static bool is_sealed(std::string_view value);

  // `plaintext` sealed for `context`.
  std::string seal(std::string_view plaintext, std::string_view context) const;

  // The plaintext of a value seal() made with this key and `context`; else
  // empty and `why` set.
  std::optional<std::string> open(std::string_view value, std::string_view context,
                                  open_failure& why) const;

 private:
  std::string key_;
  std::string key_id_;
  random_source random_;
};

// What an open_failure means, for messages: "is not an enc:v1 value",
// "was sealed with another key (id 0123abcd)", "does not verify (damaged)".
std::string describe(open_failure why, std::string_view value);

}  // namespace scan_login::server
