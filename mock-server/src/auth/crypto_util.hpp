#pragma once
// Small cryptographic helpers on OpenSSL: URL-safe base64, CSPRNG tokens,
// constant-time comparison.

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace scan_login::server {

// Fills `size` bytes at `out` with random bytes. The default is OpenSSL's
// CSPRNG; tests may inject a deterministic source.
using random_source = std::function<void(unsigned char* out, std::size_t size)>;

// OpenSSL's RAND_bytes; aborts the process if the CSPRNG fails (nothing safe
// can be issued without it).
random_source system_random();

// base64url without padding (RFC 4648 section 5).
std::string base64url_encode(std::string_view bytes);
// Its inverse; empty when `text` has a character outside the alphabet, a
// length no encoding gives, or is not the one encoding of its bytes (the
// unused low bits of the last character set): so every changed character
// changes the bytes or is refused, never decodes to the same bytes.
std::optional<std::string> base64url_decode(std::string_view text);

// `bytes` random bytes as base64url: 16 bytes -> 22 characters (128 bits).
std::string random_token(const random_source& random, std::size_t bytes = 16);

// `bytes` random bytes as lower-case hex.
std::string random_hex(const random_source& random, std::size_t bytes);

// SHA-256 of `bytes` as 64 lower-case hex digits.
std::string sha256_hex(std::string_view bytes);

// Equality whose running time depends only on the lengths, for secrets.
bool constant_time_equal(std::string_view a, std::string_view b);

}  // namespace scan_login::server
