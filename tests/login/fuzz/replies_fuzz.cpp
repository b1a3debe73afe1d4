// libFuzzer target: the WASM core's parsing of the server's answers
// (wasm/login/replies.hpp) on any bytes. Every parser must return a value or
// an error, never throw or crash, and what it accepts must hold its
// contract: a gene reply has a poll key and a text to encode, a check reply
// a bounded status and, at status 2, a ticket; the userInfo it hands the page
// is JSON; a photo it keeps is an http(s) URL.
//
//   build/sanitize/tests/login/replies_fuzz -max_total_time=600 \
//     build/sanitize/fuzz-corpus/replies_fuzz tests/login/fuzz/corpus
// (scripts/fuzz runs every target; docs/testing.md.)

#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "login/json_text.hpp"
#include "login/replies.hpp"

namespace {

[[noreturn]] void finding(const char* what, const std::string& body) {
  std::cerr << "replies_fuzz: " << what << "\n--- body\n" << body.substr(0, 2000) << '\n';
  std::abort();
}

// URL schemes are case-insensitive (RFC 3986 section 3.1): "Https://" is https.
bool starts_with(const std::string& text, const char* prefix) {
  const std::string_view expected{prefix};
  if (text.size() < expected.size()) return false;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != expected[i]) return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace scan_login;
  // The first byte picks the HTTP status for parse_server_error.
  const int status = size > 0 ? 200 + data[0] * 2 : 200;
  const std::string body(reinterpret_cast<const char*>(data), size);

  // The lifecycle's JSON reader accepts what nlohmann/json (strict) does,
  // within its nesting bound, except where nlohmann is laxer than RFC 8259
  // and ours is not: nlohmann skips a leading UTF-8 BOM, and takes a NUL byte
  // as the end of its input (so `{}\0garbage` passes there).
  if (json_nesting_within(body, 64) && body.rfind("\xEF\xBB\xBF", 0) != 0 &&
      body.find('\0') == std::string::npos &&
      parse_json(body).has_value() != nlohmann::json::accept(body)) {
    finding("JSON accepted by one reader and refused by the other", body);
  }

  if (const auto gene = parse_gene_reply(body); gene.ok()) {
    if (gene->random.empty() || gene->qrcode_content.empty()) finding("gene without key", body);
  } else if (gene.error_message().empty()) {
    finding("gene error without a message", body);
  }

  if (const auto check = parse_check_reply(body); check.ok()) {
    // Any status within the parser's bound; the session refuses unknown ones.
    if (check->status < -1000 || check->status > 1000) finding("check status unbounded", body);
    if (check->status == 2 && check->ticket.empty()) finding("status 2 without ticket", body);
    if (nlohmann::json::parse(check->user_info_json, nullptr, false).is_discarded()) {
      finding("check userInfo is not JSON", body);
    }
    if (!check->photo.empty() && !starts_with(check->photo, "https://") &&
        !starts_with(check->photo, "http://")) {
      finding("check kept a photo that is not http(s)", body);
    }
  }

  if (const auto user = parse_user_info_reply(body); user.ok()) {
    if (!nlohmann::json::parse(user.value(), nullptr, false).is_object()) {
      finding("userinfo is not a JSON object", body);
    }
  }

  (void)parse_callback_urls(body);
  const auto error = parse_server_error(status, body);
  if (error.message.empty()) finding("server error without a message", body);
  (void)json_nesting_within(body, max_json_depth);
  return 0;
}
