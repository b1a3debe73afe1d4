#pragma once
// Parsing of the server's answers (PROTOCOL.md). Every function accepts any
// bytes: malformed JSON, wrong types, missing fields, huge or deeply nested
// bodies come back as an error, never as an exception or an abort.

#include <cstdint>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace scan_login {

// Bodies longer than this are refused unparsed (the server's own limit is 16 KiB).
constexpr std::size_t max_reply_bytes = 256 * 1024;

// Objects and arrays may nest at most this deep in any body the lifecycle
// parses: copying and printing a parsed value recurse, and the WebAssembly
// stack is small.
constexpr int max_json_depth = 32;

// True when no object or array in `text` nests deeper than `max_depth`
// (a byte scan that skips strings; it does not validate the JSON).
bool json_nesting_within(const std::string& text, int max_depth);

// data of POST /api/v2/qrcode/gene.
struct gene_reply {
  std::string random;               // poll key, non-empty
  std::string qrcode_content;       // the text to encode, non-empty
  std::string custom_logo;          // as sent; empty when null or absent
  std::int64_t expires_in_ms = -1;  // -1 when absent
  std::int64_t expire_at_ms = -1;   // Unix ms; -1 when absent
};

// data of GET /api/v2/qrcode/check.
struct check_reply {
  int status = 0;              // as sent, within +-1000 (PROTOCOL.md: -1, 0, 1, 2, 3);
                               // the session refuses one it does not know
  std::string ticket;          // status 2: non-empty
  std::string user_info_json;  // the userInfo object (photo made safe), "{}" when absent
  std::string nickname;        // userInfo.nickname when a string
  std::string photo;           // userInfo.photo when safe_avatar_url accepts it
};

// Worth retrying later: no answer at all (0), a server error, a timeout or
// rate limiting. Any other refusal is terminal.
inline bool retryable_status(int status) {
  return status <= 0 || status >= 500 || status == 429 || status == 408;
}

// The envelope's code and message of a failed request.
struct server_error {
  int code = 0;
  std::string message;
};

// Fail unless the body is {"code": 200, "data": {...}} with the fields above of
// the right types.
result<gene_reply> parse_gene_reply(const std::string& body);
result<check_reply> parse_check_reply(const std::string& body);

// data of POST /api/v2/qrcode/userinfo (the full user) as a JSON object, its
// photo made safe.
result<std::string> parse_user_info_reply(const std::string& body);

// data.callbackUrls of GET /api/v2/applications/<id>/public-config (strings only).
result<std::vector<std::string>> parse_callback_urls(const std::string& body);

// The envelope's code and message when the body has them, else `http_status`
// and a message naming it.
server_error parse_server_error(int http_status, const std::string& body);

}  // namespace scan_login
