#pragma once
// Text -> QR module matrix, through libqrencode.

#include <cstdint>
#include <string_view>
#include <vector>

#include "result.hpp"

namespace scan_login {

enum class ecc_level { low, medium, quartile, high };  // L, M, Q, H: ~7/15/25/30% recovery

// An immutable square of modules, without the quiet zone.
class qr_matrix {
 public:
  qr_matrix(int version, ecc_level ecc, int size, std::vector<std::uint8_t> dark);

  int version() const { return version_; }  // 1..40
  ecc_level ecc() const { return ecc_; }
  int size() const { return size_; }  // modules per side: 17 + 4 * version
  // Precondition: 0 <= x, y < size().
  bool dark(int x, int y) const { return dark_[static_cast<std::size_t>(y) * size_ + x] != 0; }

 private:
  int version_;
  ecc_level ecc_;
  int size_;
  std::vector<std::uint8_t> dark_;  // row-major, 1 = dark
};

// The longest text accepted, in bytes: version 40 at level L holds 2953 bytes
// in byte mode (more only when the text is all digits or upper-case letters).
inline constexpr std::size_t max_text_bytes = 7089;

// Encodes UTF-8 text case-sensitively (libqrencode would otherwise upper-case
// letters to save space and break URLs), non-ASCII text marked as UTF-8 with
// an ECI header, in the smallest version, at least
// `min_version` (1..40), that holds it at `ecc`. Errors: empty text, a NUL
// byte, text too long for version 40 at that level, a bad min_version.
result<qr_matrix> encode_text(std::string_view utf8, ecc_level ecc, int min_version = 1);

// "L", "M", "Q" or "H" for messages and tests.
const char* ecc_name(ecc_level ecc);

}  // namespace scan_login
