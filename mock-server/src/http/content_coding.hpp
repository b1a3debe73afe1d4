#pragma once
// Choosing a precompressed form of a file by the request's Accept-Encoding
// (RFC 9110 §12.5.3).

#include <string_view>

namespace scan_login::server {

enum class content_coding { identity, gzip, br };

// The coding to send, among identity (always there) and the forms present:
// the acceptable one (q > 0, named or through "*") with the highest q, brotli
// before gzip on a tie (it is smaller). No header, or nothing acceptable
// that exists, gives identity. Unknown codings and malformed q-values are
// ignored, never an error.
content_coding choose_coding(std::string_view accept_encoding, bool have_br, bool have_gzip);

// "br", "gzip" or "" (identity): the Content-Encoding value and the ETag variant.
std::string_view coding_name(content_coding coding);

}  // namespace scan_login::server
