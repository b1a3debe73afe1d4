// The PC browser side of PROTOCOL.md: gene, check (with long poll), the QR
// image, and the ticket exchange (userinfo).

#include <algorithm>

#include "api/error_codes.hpp"
#include "api/handler.hpp"
#include "http/json_input.hpp"
#include "pages/qr_svg.hpp"
#include "http/responses.hpp"
#include "http/url.hpp"
#include "http/user_agent.hpp"

namespace scan_login::server {
namespace {
using nlohmann::json;

response bad_field(const request& req, const std::string& message) {
  return make_error(req, http::status::bad_request, errors::bad_field, message);
}

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
  auto content = settings_.public_url + "/m/" + code;
  if (!app.mini_program_app_id.empty())
    content += "?appid=" + percent_encode(app.mini_program_app_id);
  return content;
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
    return make_error(req, http::status::bad_request, errors::missing_app_id,
                      "x-authing-app-id header is required (the app id from the console)");
  }
  const auto app = store_.app(app_id);
  if (!app) {
    return make_error(req, http::status::not_found, errors::unknown_app,
                      "x-authing-app-id: no app '" + app_id.substr(0, 64) + "' is configured");
  }
  json body;
  if (auto refused = read_json_object(req, body)) return std::move(*refused);
  std::string scene = "WXAPP_AUTH";
  std::string redirect_uri;
  json params;
  json context;
  bool auto_merge = false;
  for (const auto& problem :
       {read_string_field(body, "scene", scene, false, 64),
        read_string_field(body, "redirectUri", redirect_uri, false),
        read_object_field(body, "params", params), read_object_field(body, "context", context),
        read_bool_field(body, "autoMergeQrCode", auto_merge)}) {
    if (!problem.empty()) return bad_field(req, problem);
  }
  if (scene != "WXAPP_AUTH") return bad_field(req, "scene: only \"WXAPP_AUTH\" is supported");
  if (!redirect_uri.empty() && std::find(app->callback_urls.begin(), app->callback_urls.end(),
                                         redirect_uri) == app->callback_urls.end()) {
    return make_error(req, http::status::bad_request, errors::redirect_not_allowed,
                      "redirectUri: must equal one of the app's callbackUrls exactly");
  }

  if (const int wait = gene_limiter_.take(c.client.ip, c.now)) {
    auto res =
        make_error(req, http::status::too_many_requests, errors::rate_limited,
                   "too many codes from this client; retry after " + std::to_string(wait) + " s");
    res.set(http::field::retry_after, std::to_string(wait));
    return res;
  }
  if (store_.code_count() >= static_cast<std::size_t>(settings_.limits.max_live_codes)) {
    auto res = make_error(req, http::status::service_unavailable, errors::too_many_codes,
                          "the server holds its maximum of live codes; retry shortly");
    res.set(http::field::retry_after, "5");
    return res;
  }

  code_record record;
  record.random = random_token(random_);
  record.code = random_token(random_);
  record.app_id = app_id;
  record.created_at = c.now;
  record.expires_at = c.now + static_cast<std::int64_t>(app->qr_expires_in) * 1000;
  record.client_ip = c.client.ip;
  record.browser = summarize_user_agent(req[http::field::user_agent]);
  record.redirect_uri = redirect_uri;
  record.params = std::move(params);
  record.context = std::move(context);
  if (!store_.insert_code(record)) {
    return make_error(req, http::status::internal_server_error, errors::internal,
                      "could not store the code; retry");
  }
  const auto content = qrcode_content(*app, record.code);
  return make_envelope(
      req, http::status::ok, errors::ok, "ok",
      {{"random", record.random},
       {"qrcodeContent", content},
       {"url", settings_.public_url + "/api/v2/qrcode/image/" + record.code + ".svg"},
       {"customLogo", app->logo.empty() ? json(nullptr) : json(app->logo)},
       {"expiresIn", app->qr_expires_in},
       {"expireAt", record.expires_at}});
}

outcome handler::check(const call& c) {
  const auto& req = c.req;
  const auto random = query_param(c.query, "random");
  if (!random || random->empty()) return {bad_field(req, "random: is required"), std::nullopt};
  const auto record = store_.code_by_random(*random);
  if (!record) {
    return {make_error(req, http::status::not_found, errors::unknown_random,
                       "unknown random: the server does not know this code (expired long ago or "
                       "the server restarted); generate a new one"),
            std::nullopt};
  }
  const auto wait_text = query_param(c.query, "wait");
  const auto since_text = query_param(c.query, "since");
  int wait = 0;
  if (wait_text) {
    const auto parsed = small_int(wait_text, 0, 3600);
    if (!parsed) return {bad_field(req, "wait: must be whole seconds, 0 or more"), std::nullopt};
    wait = std::min(*parsed, settings_.limits.max_wait);
  }
  const auto status = effective_status(*record, c.now);
  auto since = static_cast<int>(status);
  if (since_text) {
    const auto parsed = small_int(since_text, -1, 3);
    if (!parsed) return {bad_field(req, "since: must be one of -1, 0, 1, 2, 3"), std::nullopt};
    since = *parsed;
  }
  const bool can_change = status == code_status::waiting || status == code_status::scanned;
  if (c.may_hold && wait > 0 && since == static_cast<int>(status) && can_change) {
    if (c.client.held_polls >= static_cast<std::size_t>(settings_.limits.max_held_polls)) {
      auto res = make_error(req, http::status::service_unavailable, errors::too_many_polls,
                            "the server holds its maximum of long polls; poll without wait");
      res.set(http::field::retry_after, "1");
      return {std::move(res), std::nullopt};
    }
    const auto until_expiry = record->expires_at - c.now;
    const auto held_ms =
        std::min<std::int64_t>(static_cast<std::int64_t>(wait) * 1000, until_expiry);
    return {std::nullopt,
            hold{*random, std::chrono::milliseconds(std::max<std::int64_t>(held_ms, 0))}};
  }
  return {check_answer(c, *record), std::nullopt};
}

response handler::check_answer(const call& c, const code_record& record) {
  const auto status = effective_status(record, c.now);
  json data = {{"random", record.random},
               {"status", static_cast<int>(status)},
               {"expiresIn", std::max<std::int64_t>(0, (record.expires_at - c.now + 999) / 1000)}};
  if (status == code_status::scanned) {
    data["userInfo"] = {{"nickname", record.scanner.nickname}, {"photo", record.scanner.photo}};
  } else if (status == code_status::confirmed) {
    data["ticket"] = record.ticket;
    const auto app = store_.app(record.app_id);
    const auto user = store_.user_by_id(record.user_id);
    if (user) {
      data["scannedUserId"] = user->id;
      data["userInfo"] = app && app->return_full_user_info
                             ? user_json(*user)
                             : json{{"nickname", user->nickname}, {"photo", user->photo}};
    }
  }
  return make_envelope(c.req, http::status::ok, errors::ok, "ok", std::move(data));
}

response handler::image(const call& c, std::string_view code) {
  const auto record = store_.code_by_code(std::string{code});
  const auto app = record ? store_.app(record->app_id) : std::nullopt;
  if (!record || !app) {
    return make_error(c.req, http::status::not_found, errors::unknown_code, "unknown code");
  }
  auto svg = qr_svg(qrcode_content(*app, record->code));
  auto res = make_response(c.req, http::status::ok, std::move(*svg), "image/svg+xml");
  res.set(http::field::cache_control, "private, max-age=60");
  return res;
}

response handler::userinfo(const call& c) {
  const auto& req = c.req;
  json body;
  if (auto refused = read_json_object(req, body)) return std::move(*refused);
  std::string ticket_value;
  if (auto problem = read_string_field(body, "ticket", ticket_value, true, 256); !problem.empty()) {
    return bad_field(req, problem);
  }
  auto ticket = store_.ticket(ticket_value);
  if (!ticket) {
    return make_error(req, http::status::not_found, errors::unknown_ticket, "unknown ticket");
  }
  const auto app = store_.app(ticket->app_id);
  if (!app) return make_error(req, http::status::not_found, errors::unknown_app, "unknown app");

  // A website backend proves itself with the app secret; a browser (no
  // secret) only when the app allows browser exchange from its origin.
  std::string secret{req["x-authing-app-secret"]};
  if (secret.empty()) {
    if (const auto basic = basic_credentials(req[http::field::authorization])) {
      if (basic->first != app->app_id) {
        return make_error(req, http::status::unauthorized, errors::bad_app_secret,
                          "Basic credentials name another app than the ticket's");
      }
      secret = basic->second;
    }
  }
  if (!secret.empty()) {
    if (app->app_secret.empty() || !constant_time_equal(secret, app->app_secret)) {
      return make_error(req, http::status::unauthorized, errors::bad_app_secret,
                        "wrong app secret for this ticket's app");
    }
  } else {
    const auto origin = req[http::field::origin];
    if (origin.empty()) {
      return make_error(req, http::status::unauthorized, errors::missing_credentials,
                        "send the app secret (x-authing-app-secret or HTTP Basic appId:secret)");
    }
    bool allowed = same_origin(c, origin);
    for (const auto& o : app->allowed_origins) allowed = allowed || o == origin;
    if (!app->browser_exchange || !allowed) {
      return make_error(req, http::status::forbidden, errors::origin_not_allowed,
                        app->browser_exchange
                            ? "this origin is not in the app's allowedOrigins"
                            : "the app does not allow browser exchange; exchange the ticket from "
                              "your backend with the app secret");
    }
  }
  if (ticket->used) {
    return make_error(req, http::status::conflict, errors::ticket_used,
                      "the ticket was already exchanged; tickets are single-use");
  }
  if (c.now >= ticket->expires_at) {
    return make_error(req, http::status::gone, errors::ticket_expired,
                      "the ticket expired; log in again");
  }
  const auto user = store_.user_by_id(ticket->user_id);
  if (!user)
    return make_error(req, http::status::not_found, errors::unknown_ticket, "unknown user");

  ticket->used = true;
  store_.update_ticket(*ticket);
  const auto iat = c.now / 1000;
  const auto exp = iat + settings_.limits.token_expires_in;
  const json claims = {{"iss", settings_.public_url},
                       {"aud", app->app_id},
                       {"sub", user->id},
                       {"iat", iat},
                       {"exp", exp},
                       {"phone_number", user->phone.empty() ? json(nullptr) : json(user->phone)},
                       {"phone_number_verified", user->phone_verified},
                       {"name", user->name.empty() ? json(nullptr) : json(user->name)},
                       {"nickname", user->nickname},
                       {"picture", user->photo}};
  auto data = user_json(*user);
  data["customData"] = ticket->params.is_null() ? json::object() : ticket->params;
  data["token"] = signer_.sign(claims);
  data["tokenExpiredAt"] = iso8601(exp * 1000);
  if (!ticket->redirect_uri.empty()) data["redirectUri"] = ticket->redirect_uri;
  return make_envelope(req, http::status::ok, errors::ok, "ok", std::move(data));
}

}  // namespace scan_login::server
