// The phone side of PROTOCOL.md (the stand-in for the mini program):
// context, scanned, confirm, cancel. Parsing here; the rules in the flow.

#include <cctype>

#include "api/handler.hpp"
#include "api/refusal.hpp"
#include "http/error_codes.hpp"
#include "http/json_input.hpp"
#include "http/responses.hpp"
#include "http/url.hpp"

namespace scan_login::server {
namespace {
using nlohmann::json;

// "+86 138-0013-8000" style: 5..20 characters of digits, optional leading
// '+', spaces and dashes, at least 5 digits.
bool valid_phone(const std::string& phone) {
  if (phone.size() < 5 || phone.size() > 20) return false;
  int digits = 0;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char ch = phone[i];
    if (std::isdigit(static_cast<unsigned char>(ch))) {
      ++digits;
    } else if (!(ch == '+' && i == 0) && ch != ' ' && ch != '-') {
      return false;
    }
  }
  return digits >= 5;
}

// The image types an avatar may have, told by their first bytes (a
// Content-Type alone proves nothing), and the file extension each is
// served under.
struct image_kind {
  const char* content_type;
  const char* extension;
  std::string_view magic;
  std::size_t magic_at;
};
constexpr image_kind image_kinds[] = {
    {"image/png", "png", std::string_view{"\x89PNG\r\n\x1a\n", 8}, 0},
    {"image/jpeg", "jpg", std::string_view{"\xff\xd8\xff", 3}, 0},
    {"image/webp", "webp", "WEBP", 8},
};

const image_kind* kind_of(std::string_view content_type, const std::string& bytes) {
  for (const auto& kind : image_kinds) {
    if (content_type != kind.content_type) continue;
    const bool riff = kind.magic_at == 0 || bytes.rfind("RIFF", 0) == 0;
    if (riff && bytes.size() > kind.magic_at + kind.magic.size() &&
        std::string_view{bytes}.substr(kind.magic_at, kind.magic.size()) == kind.magic) {
      return &kind;
    }
  }
  return nullptr;
}

std::string normalized_phone(const std::string& phone) {
  std::string out;
  for (const char ch : phone) {
    if (ch != ' ' && ch != '-') out.push_back(ch);
  }
  return out;
}

}  // namespace

std::optional<response> handler::read_code(const call& c, nlohmann::json& body, std::string& code) {
  if (auto refused = read_json_object(c.req, body)) return refused;
  if (auto problem = read_string_field(body, "code", code, true, 128); !problem.empty()) {
    return bad_field(c.req, problem);
  }
  return std::nullopt;
}

response handler::phone_context(const call& c) {
  const auto code = c.params.get("code");
  if (!code || code->empty()) return bad_field(c.req, "code: is required");
  const auto found = flow_.code_context(*code);
  if (!found.ok()) return refusal(c.req, found.failure());
  const auto& record = found.value().record;
  const auto& app = found.value().app;
  return make_envelope(
      c.req, http::status::ok, errors::ok, "ok",
      {{"status", static_cast<int>(found.value().status)},
       {"appName", app.name},
       {"appLogo", app.logo.empty() ? json(nullptr) : json(app.logo)},
       {"mode", app_mode_name(app.mode)},
       {"browser", record.browser},
       {"ip", record.client_ip},
       {"createdAt", record.created_at},
       {"expireAt", record.expires_at},
       {"expiresIn", std::max<std::int64_t>(0, (record.expires_at - c.now) / 1000)}});
}

response handler::scanned(const call& c) {
  json body;
  std::string code;
  if (auto refused = read_code(c, body, code)) return std::move(*refused);
  scan_input input;
  if (auto problem = read_string_field(body, "jsCode", input.js_code, false, 256);
      !problem.empty()) {
    return bad_field(c.req, problem);
  }
  json wechat;
  if (auto problem = read_object_field(body, "wechatUser", wechat); !problem.empty()) {
    return bad_field(c.req, problem);
  }
  if (!wechat.is_null()) {
    auto& user = input.claimed;
    for (const auto& problem : {read_string_field(wechat, "openid", user.openid, false, 128),
                                read_string_field(wechat, "unionid", user.unionid, false, 128),
                                read_string_field(wechat, "nickname", user.nickname, false, 128),
                                read_string_field(wechat, "photo", user.photo, false, 4096)}) {
      if (!problem.empty()) return bad_field(c.req, "wechatUser." + problem);
    }
  }
  if (input.js_code.empty() && wechat.is_null()) {
    return bad_field(c.req,
                     "jsCode: is required (from wx.login; a demo app's stand-in page sends "
                     "wechatUser {openid, nickname, photo} instead)");
  }
  input.ip = c.ip;
  const auto scanned = flow_.scan(code, input);
  if (!scanned.ok()) return refusal(c.req, scanned.failure());
  return make_envelope(c.req, http::status::ok, errors::ok, "ok",
                       {{"status", 1}, {"scanToken", scanned.value()}});
}

response handler::confirm(const call& c) {
  json body;
  std::string code;
  if (auto refused = read_code(c, body, code)) return std::move(*refused);
  confirm_input input;
  for (const auto& problem : {read_string_field(body, "scanToken", input.scan_token, true, 128),
                              read_string_field(body, "phone", input.phone, false, 32),
                              read_string_field(body, "phoneCode", input.phone_code, false, 256),
                              read_string_field(body, "realName", input.real_name, false, 128)}) {
    if (!problem.empty()) {
      return bad_field(c.req, problem.rfind("scanToken", 0) == 0
                                  ? problem + " (the value /api/v2/qrcode/scanned returned)"
                                  : problem);
    }
  }
  if (!input.phone.empty() && !valid_phone(input.phone)) {
    return bad_field(c.req, "phone: must be 5 to 20 digits, optionally with +, spaces or dashes");
  }
  input.phone = normalized_phone(input.phone);
  json display;
  if (auto problem = read_object_field(body, "wechatUser", display); !problem.empty()) {
    return bad_field(c.req, problem);
  }
  if (!display.is_null()) {
    std::string openid, unionid;
    for (const auto& problem : {read_string_field(display, "nickname", input.nickname, false, 128),
                                read_string_field(display, "photo", input.photo, false, 4096),
                                read_string_field(display, "openid", openid, false, 128),
                                read_string_field(display, "unionid", unionid, false, 128)}) {
      if (!problem.empty()) return bad_field(c.req, "wechatUser." + problem);
    }
    if (!openid.empty() || !unionid.empty()) {
      return bad_field(c.req,
                       "wechatUser: at confirm only display data (nickname, photo); the "
                       "identity is the scan's");
    }
  }
  input.ip = c.ip;
  const auto confirmed = flow_.confirm(code, input);
  if (!confirmed.ok()) return refusal(c.req, confirmed.failure());
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", {{"status", 2}});
}

response handler::upload_avatar(const call& c) {
  const auto code = c.params.get("code");
  const auto scan_token = c.params.get("scanToken");
  if (!code || code->empty()) return bad_field(c.req, "code: is required (query)");
  if (!scan_token || scan_token->empty()) {
    return bad_field(c.req, "scanToken: is required (query; the value scanned returned)");
  }
  const auto content_type = c.req[http::field::content_type];
  const auto* kind = kind_of(content_type, c.req.body());
  if (!kind) {
    return make_error(c.req, errors::not_an_image,
                      "the body must be a PNG, JPEG or WebP picture sent with its own "
                      "Content-Type (image/png, image/jpeg, image/webp), at most " +
                          std::to_string(max_avatar_bytes / 1024) + " KiB");
  }
  const auto stored = flow_.upload_avatar(*code, *scan_token, kind->content_type, c.req.body());
  if (!stored.ok()) return refusal(c.req, stored.failure());
  return make_envelope(
      c.req, http::status::ok, errors::ok, "ok",
      {{"photo", settings_.public_url + "/avatars/" + stored.value() + "." + kind->extension}});
}

response handler::avatar_file(const call& c, std::string_view file) {
  const auto dot = file.find('.');
  const auto id = std::string{file.substr(0, dot)};
  const bool well_formed =
      dot == 64 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
  const auto found = well_formed ? flow_.avatar(id) : std::nullopt;
  const image_kind* kind = nullptr;
  for (const auto& k : image_kinds) {
    if (found && found->content_type == k.content_type && file.substr(dot + 1) == k.extension) {
      kind = &k;
    }
  }
  if (!kind) return make_text(c.req, http::status::not_found, "not found");
  auto res = make_response(c.req, http::status::ok, found->bytes, found->content_type);
  // The name is the picture's hash: it never changes. nosniff and a sandbox
  // keep an uploaded file a picture, whatever its bytes also are.
  res.set(http::field::cache_control, "public, max-age=31536000, immutable");
  res.set("X-Content-Type-Options", "nosniff");
  res.set("Content-Security-Policy", "default-src 'none'; sandbox");
  res.set("Cross-Origin-Resource-Policy", "cross-origin");
  return res;
}

response handler::cancel(const call& c) {
  json body;
  std::string code;
  if (auto refused = read_code(c, body, code)) return std::move(*refused);
  std::string scan_token;
  if (auto problem = read_string_field(body, "scanToken", scan_token, true, 128);
      !problem.empty()) {
    return bad_field(c.req, problem + " (the value /api/v2/qrcode/scanned returned)");
  }
  const auto cancelled = flow_.cancel(code, scan_token, c.ip);
  if (!cancelled.ok()) return refusal(c.req, cancelled.failure());
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", {{"status", 3}});
}

}  // namespace scan_login::server
