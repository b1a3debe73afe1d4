// The phone side of PROTOCOL.md (the stand-in for the mini program):
// context, scanned, confirm, cancel, and the account rule (phone number is
// the key; else unionid, else openid).

#include <cctype>

#include "api/error_codes.hpp"
#include "api/handler.hpp"
#include "http/json_input.hpp"
#include "http/responses.hpp"
#include "http/url.hpp"

namespace scan_login::server {
namespace {
using nlohmann::json;

response bad_field(const request& req, const std::string& message) {
  return make_error(req, http::status::bad_request, errors::bad_field, message);
}

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

std::string normalized_phone(const std::string& phone) {
  std::string out;
  for (const char ch : phone) {
    if (ch != ' ' && ch != '-') out.push_back(ch);
  }
  return out;
}

}  // namespace

std::optional<response> handler::find_code(const call& c, nlohmann::json& body,
                                           code_record& record) {
  if (auto refused = read_json_object(c.req, body)) return refused;
  std::string code;
  if (auto problem = read_string_field(body, "code", code, true, 128); !problem.empty()) {
    return bad_field(c.req, problem);
  }
  auto found = store_.code_by_code(code);
  if (!found) {
    return make_error(c.req, http::status::not_found, errors::unknown_code,
                      "unknown code: it was never issued or has ended long ago");
  }
  record = std::move(*found);
  return std::nullopt;
}

response handler::phone_context(const call& c) {
  const auto code = query_param(c.query, "code");
  if (!code || code->empty()) return bad_field(c.req, "code: is required");
  const auto record = store_.code_by_code(*code);
  const auto app = record ? store_.app(record->app_id) : std::nullopt;
  if (!record || !app) {
    return make_error(c.req, http::status::not_found, errors::unknown_code,
                      "unknown code: it was never issued or has ended long ago");
  }
  const auto status = effective_status(*record, c.now);
  return make_envelope(
      c.req, http::status::ok, errors::ok, "ok",
      {{"status", static_cast<int>(status)},
       {"appName", app->name},
       {"appLogo", app->logo.empty() ? json(nullptr) : json(app->logo)},
       {"browser", record->browser},
       {"ip", record->client_ip},
       {"createdAt", record->created_at},
       {"expireAt", record->expires_at},
       {"expiresIn", std::max<std::int64_t>(0, (record->expires_at - c.now) / 1000)}});
}

response handler::scanned(const call& c) {
  json body;
  code_record record;
  if (auto refused = find_code(c, body, record)) return std::move(*refused);
  json wechat;
  if (auto problem = read_object_field(body, "wechatUser", wechat); !problem.empty()) {
    return bad_field(c.req, problem);
  }
  if (wechat.is_null())
    return bad_field(c.req, "wechatUser: is required ({openid, nickname, photo})");
  wechat_user user;
  for (const auto& problem : {read_string_field(wechat, "openid", user.openid, true, 128),
                              read_string_field(wechat, "unionid", user.unionid, false, 128),
                              read_string_field(wechat, "nickname", user.nickname, false, 128),
                              read_string_field(wechat, "photo", user.photo, false, 4096)}) {
    if (!problem.empty()) return bad_field(c.req, "wechatUser." + problem);
  }
  const auto status = effective_status(record, c.now);
  if (status == code_status::expired) {
    return make_error(c.req, http::status::gone, errors::code_expired,
                      "the code expired; ask for a new one on the PC");
  }
  if (status == code_status::scanned) {
    if (record.scanner.openid != user.openid) {
      return make_error(c.req, http::status::conflict, errors::other_scanner,
                        "another phone already scanned this code");
    }
    // The same phone scanning again (page reload) gets its token back.
    return make_envelope(c.req, http::status::ok, errors::ok, "ok",
                         {{"status", 1}, {"scanToken", record.scan_token}});
  }
  if (status != code_status::waiting) {
    return make_error(
        c.req, http::status::conflict, errors::wrong_state,
        "the code was already " +
            std::string{status == code_status::confirmed ? "confirmed" : "cancelled"});
  }
  record.status = code_status::scanned;
  record.scanner = std::move(user);
  record.scan_token = random_token(random_);
  store_.update_code(record);
  notify(record.random);
  return make_envelope(c.req, http::status::ok, errors::ok, "ok",
                       {{"status", 1}, {"scanToken", record.scan_token}});
}

user_record handler::login_user(const code_record& record, const std::string& phone,
                                const std::string& real_name, std::int64_t now) {
  const auto& who = record.scanner;
  const std::string key = !phone.empty()         ? "phone:" + phone
                          : !who.unionid.empty() ? "unionid:" + who.unionid
                                                 : "openid:" + who.openid;
  auto user = store_.user_by_key(key).value_or(user_record{});
  if (user.id.empty()) {
    user.id = random_hex(random_, 12);
    user.registered_at = now;
  }
  if (!phone.empty()) {
    user.phone = phone;
    user.phone_verified = true;
  }
  if (!real_name.empty()) user.name = real_name;
  user.nickname = who.nickname;
  user.photo = who.photo;
  user.openid = who.openid;
  if (!who.unionid.empty()) user.unionid = who.unionid;
  user.last_login_at = now;
  ++user.logins_count;
  store_.save_user(key, user);
  return user;
}

response handler::confirm(const call& c) {
  json body;
  code_record record;
  if (auto refused = find_code(c, body, record)) return std::move(*refused);
  std::string scan_token;
  std::string phone;
  std::string real_name;
  for (const auto& problem : {read_string_field(body, "scanToken", scan_token, true, 128),
                              read_string_field(body, "phone", phone, false, 32),
                              read_string_field(body, "realName", real_name, false, 128)}) {
    if (!problem.empty()) {
      return bad_field(c.req, problem.rfind("scanToken", 0) == 0
                                  ? problem + " (the value /api/v2/qrcode/scanned returned)"
                                  : problem);
    }
  }
  if (!phone.empty() && !valid_phone(phone)) {
    return bad_field(c.req, "phone: must be 5 to 20 digits, optionally with +, spaces or dashes");
  }
  const auto status = effective_status(record, c.now);
  if (status == code_status::expired) {
    return make_error(c.req, http::status::gone, errors::code_expired,
                      "the code expired; ask for a new one on the PC");
  }
  if (status != code_status::scanned) {
    return make_error(c.req, http::status::conflict, errors::wrong_state,
                      status == code_status::waiting
                          ? "scan the code before confirming"
                          : "the code was already confirmed or cancelled");
  }
  if (!constant_time_equal(scan_token, record.scan_token)) {
    return make_error(c.req, http::status::conflict, errors::other_scanner,
                      "only the phone that scanned this code can confirm it");
  }
  const auto app = store_.app(record.app_id);
  if (!app) return make_error(c.req, http::status::not_found, errors::unknown_app, "unknown app");
  const auto user = login_user(record, normalized_phone(phone), real_name, c.now);

  ticket_record ticket;
  ticket.ticket = random_token(random_);
  ticket.app_id = record.app_id;
  ticket.user_id = user.id;
  ticket.redirect_uri = record.redirect_uri;
  ticket.params = record.params;
  ticket.expires_at = c.now + static_cast<std::int64_t>(app->ticket_expires_in) * 1000;
  store_.insert_ticket(ticket);

  record.status = code_status::confirmed;
  record.ticket = ticket.ticket;
  record.user_id = user.id;
  store_.update_code(record);
  notify(record.random);
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", {{"status", 2}});
}

response handler::cancel(const call& c) {
  json body;
  code_record record;
  if (auto refused = find_code(c, body, record)) return std::move(*refused);
  std::string scan_token;
  if (auto problem = read_string_field(body, "scanToken", scan_token, false, 128);
      !problem.empty()) {
    return bad_field(c.req, problem);
  }
  const auto status = effective_status(record, c.now);
  if (status == code_status::expired) {
    return make_error(c.req, http::status::gone, errors::code_expired, "the code expired");
  }
  if (status != code_status::waiting && status != code_status::scanned) {
    return make_error(c.req, http::status::conflict, errors::wrong_state,
                      "the code was already confirmed or cancelled");
  }
  if (status == code_status::scanned && !constant_time_equal(scan_token, record.scan_token)) {
    return make_error(c.req, http::status::conflict, errors::other_scanner,
                      "only the phone that scanned this code can cancel it (send its scanToken)");
  }
  record.status = code_status::cancelled;
  store_.update_code(record);
  notify(record.random);
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", {{"status", 3}});
}

}  // namespace scan_login::server
