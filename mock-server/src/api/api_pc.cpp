// The PC browser side of PROTOCOL.md: gene, check (with long poll), the QR
// image, and the ticket exchange (userinfo).

#include <algorithm>

#include "api/handler.hpp"
#include "api/refusal.hpp"
#include "http/error_codes.hpp"
#include "http/json_input.hpp"
#include "http/responses.hpp"
#include "http/url.hpp"
#include "http/user_agent.hpp"
#include "pages/qr_svg.hpp"

namespace scan_login::server {
namespace {
using nlohmann::json;

std::optional<int> small_int(const std::optional<std::string>& text, int min, int max) {
  if (!text || text->empty() || text->size() > 4) return std::nullopt;
  try {
    std::size_t used = 0;
    const int value = std::stoi(*text, &used);
    if (used != text->size() || value < min || value > max) return std::nullopt;
    return value;
  } catch (const std::exception&) {
    return std::nullopt;
  }
}

// Credentials from HTTP Basic "appId:secret", if any.
std::optional<std::pair<std::string, std::string>> basic_credentials(std::string_view header) {
  if (header.substr(0, 6) != "Basic ") return std::nullopt;
  static constexpr std::string_view alphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string decoded;
  unsigned bits = 0;
  int count = 0;
  for (const char ch : header.substr(6)) {
    if (ch == '=') break;
    const auto pos = alphabet.find(ch);
    if (pos == std::string_view::npos) return std::nullopt;
    bits = (bits << 6) | static_cast<unsigned>(pos);
    count += 6;
    if (count >= 8) {
      count -= 8;
      decoded.push_back(static_cast<char>((bits >> count) & 0xff));
    }
  }
  const auto colon = decoded.find(':');
  if (colon == std::string::npos) return std::nullopt;
  return std::make_pair(decoded.substr(0, colon), decoded.substr(colon + 1));
}

}  // namespace

std::string handler::qrcode_content(const app_config& app, const std::string& code) const {
  // PROTOCOL.md "Phone side": <QR URL prefix>/m/<code>. A wechat app's
  // prefix is its mini program's registered rule (WeChat opens the mini
  // program for it); a demo app's is this server (its stand-in page).
  const auto& prefix = flow_.mini_program_of(app).qr_url_prefix;
  const bool registered = app.mode == app_mode::wechat && !prefix.empty();
  return (registered ? prefix : settings_.public_url) + "/m/" + code;
}

json handler::user_json(const user_record& user) const {
  return {{"id", user.id},
          {"phone", user.phone.empty() ? json(nullptr) : json(user.phone)},
          {"phoneVerified", user.phone_verified},
          {"name", user.name.empty() ? json(nullptr) : json(user.name)},
          {"nickname", user.nickname},
          {"photo", user.photo},
          {"openid", user.openid},
          {"unionid", user.unionid.empty() ? json(nullptr) : json(user.unionid)},
          {"registeredAt", iso8601(user.registered_at)},
          {"lastLoginAt", iso8601(user.last_login_at)},
          {"loginsCount", user.logins_count}};
}

response handler::gene(const call& c) {
  const auto& req = c.req;
  const std::string app_id{req["x-authing-app-id"]};
  if (app_id.empty()) {
    return make_error(req, errors::missing_app_id,
                      "x-authing-app-id header is required (the app id from the console)");
  }
  json body;
  if (auto refused = read_json_object(req, body)) return std::move(*refused);
  std::string scene = "WXAPP_AUTH";
  gene_input input;
  input.app_id = app_id;
  bool auto_merge = false;
  for (const auto& problem : {read_string_field(body, "scene", scene, false, 64),
                              read_string_field(body, "redirectUri", input.redirect_uri, false),
                              read_object_field(body, "params", input.params),
                              read_object_field(body, "context", input.context),
                              read_bool_field(body, "autoMergeQrCode", auto_merge)}) {
    if (!problem.empty()) return bad_field(req, problem);
  }
  if (scene != "WXAPP_AUTH") return bad_field(req, "scene: only \"WXAPP_AUTH\" is supported");
  if (const int wait = gene_limiter_.take(c.ip, c.now)) {
    auto res =
        make_error(req, errors::rate_limited,
                   "too many codes from this client; retry after " + std::to_string(wait) + " s");
    res.set(http::field::retry_after, std::to_string(wait));
    return res;
  }
  input.client_ip = c.ip;
  input.browser = summarize_user_agent(req[http::field::user_agent]);
  auto made = flow_.gene(input);
  if (!made.ok()) return refusal(req, made.failure());
  const auto& record = made.value().record;
  const auto& app = made.value().app;
  return make_envelope(
      req, http::status::ok, errors::ok, "ok",
      {{"random", record.random},
       {"qrcodeContent", qrcode_content(app, record.code)},
       {"url", settings_.public_url + "/api/v2/qrcode/image/" + record.code + ".svg"},
       {"customLogo", app.logo.empty() ? json(nullptr) : json(app.logo)},
       {"expiresIn", (record.expires_at - record.created_at) / 1000},
       {"expireAt", record.expires_at}});
}

outcome handler::check(const call& c) {
  const auto& req = c.req;
  const auto random = c.params.get("random");
  if (!random || random->empty()) return {bad_field(req, "random: is required"), std::nullopt};
  const auto wait_text = c.params.get("wait");
  const auto since_text = c.params.get("since");
  int wait = 0;
  if (wait_text) {
    const auto parsed = small_int(wait_text, 0, 3600);
    if (!parsed) return {bad_field(req, "wait: must be whole seconds, 0 or more"), std::nullopt};
    wait = std::min(*parsed, settings_.limits.max_wait);
  }
  std::optional<int> since;
  if (since_text) {
    since = small_int(since_text, -1, 3);
    if (!since) return {bad_field(req, "since: must be one of -1, 0, 1, 2, 3"), std::nullopt};
  }
  const auto found = flow_.check(*random);
  if (!found.ok()) return {refusal(req, found.failure()), std::nullopt};
  const auto& record = found.value().record;
  const auto status = found.value().status;
  const bool can_change = status == code_status::waiting || status == code_status::scanned;
  if (c.may_hold && wait > 0 &&
      since.value_or(static_cast<int>(status)) == static_cast<int>(status) && can_change) {
    if (c.client.held_polls >= static_cast<std::size_t>(settings_.limits.max_held_polls)) {
      auto res = make_error(req, errors::too_many_polls,
                            "the server holds its maximum of long polls; poll without wait");
      res.set(http::field::retry_after, "1");
      return {std::move(res), std::nullopt};
    }
    auto held_ms =
        std::min<std::int64_t>(static_cast<std::int64_t>(wait) * 1000, record.expires_at - c.now);
    if (c.client.wait_left) held_ms = std::min<std::int64_t>(held_ms, c.client.wait_left->count());
    if (held_ms > 0) {
      return {std::nullopt, hold{*random, std::chrono::milliseconds(held_ms), c.ip}};
    }
  }
  return {check_answer(c, found.value()), std::nullopt};
}

response handler::check_answer(const call& c, const check_output& found) {
  const auto& record = found.record;
  json data = {{"random", record.random},
               {"status", static_cast<int>(found.status)},
               {"expiresIn", std::max<std::int64_t>(0, (record.expires_at - c.now + 999) / 1000)}};
  if (found.status == code_status::scanned) {
    data["userInfo"] = {{"nickname", record.scanner.nickname}, {"photo", record.scanner.photo}};
  } else if (found.status == code_status::confirmed) {
    data["ticket"] = record.ticket;
    if (found.user) {
      data["scannedUserId"] = found.user->id;
      data["userInfo"] = found.full_user_info ? user_json(*found.user)
                                              : json{{"nickname", found.user->nickname},
                                                     {"photo", found.user->photo}};
    }
  }
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", std::move(data));
}

response handler::image(const call& c, std::string_view code) {
  const auto found = flow_.code_context(std::string{code});
  if (!found.ok()) return make_error(c.req, errors::unknown_code, "unknown code");
  auto svg = qr_svg(qrcode_content(found.value().app, found.value().record.code));
  auto res = make_response(c.req, http::status::ok, std::move(*svg), "image/svg+xml");
  res.set(http::field::cache_control, "private, max-age=60");
  return res;
}

response handler::userinfo(const call& c) {
  const auto& req = c.req;
  json body;
  if (auto refused = read_json_object(req, body)) return std::move(*refused);
  std::string ticket;
  std::string random;  // a browser's proof (browserExchange "proof")
  for (const auto& problem : {read_string_field(body, "ticket", ticket, true, 256),
                              read_string_field(body, "random", random, false, 256)}) {
    if (!problem.empty()) return bad_field(req, problem);
  }
  // A website backend proves itself with the app secret; a browser (no
  // secret) only when the app allows browser exchange from its origin.
  exchange_credentials who;
  who.secret = std::string{req["x-authing-app-secret"]};
  if (who.secret.empty()) {
    if (const auto basic = basic_credentials(req[http::field::authorization])) {
      who.app_id = basic->first;
      who.secret = basic->second;
    }
  }
  if (who.secret.empty()) {
    const auto origin = req[http::field::origin];
    if (origin.empty()) {
      return make_error(req, errors::missing_credentials,
                        "send the app secret (x-authing-app-secret or HTTP Basic appId:secret)");
    }
    who.origin = std::string{origin};
    who.same_origin = same_origin(c, origin);
    who.random = random;
  }
  auto exchanged = flow_.exchange_ticket(ticket, who);
  if (!exchanged.ok()) return refusal(req, exchanged.failure());
  const auto& out = exchanged.value();
  auto data = user_json(out.user);
  data["customData"] =
      out.ticket.params.empty() ? json::object() : json::parse(out.ticket.params, nullptr, false);
  data["token"] = out.token;
  data["tokenExpiredAt"] = iso8601(out.token_expires_at * 1000);
  if (!out.ticket.redirect_uri.empty()) data["redirectUri"] = out.ticket.redirect_uri;
  return make_envelope(req, http::status::ok, errors::ok, "ok", std::move(data));
}

}  // namespace scan_login::server
