#include "flow/login_flow.hpp"

#include <algorithm>

#include "auth/app_secret_hash.hpp"
#include "auth/jwt_signer.hpp"
#include "store/records.hpp"

namespace scan_login::server {
namespace {
using nlohmann::json;

int depth_of(const json& value) {
  if (!value.is_structured()) return 0;
  int deepest = 0;
  for (const auto& child : value) deepest = std::max(deepest, depth_of(child));
  return deepest + 1;
}

std::string serialized(const json& value) {
  return value.is_null() ? std::string{}
                         : value.dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string identity_of(const wechat_user& who) {
  return who.unionid.empty() ? "openid:" + who.openid : "unionid:" + who.unionid;
}

// What the phone is told when WeChat says no (wechat/wechat_gateway.hpp).
flow_failure wechat_refusal(const wechat_failure& failure) {
  switch (failure.kind) {
    case wechat_failure_kind::bad_code:
      return refuse(flow_error::wechat_bad_code, failure.message);
    case wechat_failure_kind::busy:
      return refuse(flow_error::wechat_busy, failure.message);
    case wechat_failure_kind::misconfigured:
      return refuse(flow_error::wechat_misconfigured, failure.message);
    case wechat_failure_kind::refused:
      return refuse(flow_error::wechat_refused, failure.message);
    case wechat_failure_kind::phone_of_other_app:
      return refuse(flow_error::wechat_phone_mismatch, failure.message);
    case wechat_failure_kind::unreachable:
      break;
  }
  return refuse(flow_error::wechat_unreachable, failure.message);
}

flow_failure expired_code() {
  return refuse(flow_error::code_expired, "the code expired; ask for a new one on the PC");
}

}  // namespace

login_flow::login_flow(flow_settings settings, store& state, key_ring& keys, clock_source clock,
                       random_source random)
    : settings_(std::move(settings)),
      store_(state),
      keys_(keys),
      clock_(std::move(clock)),
      random_(std::move(random)) {}

int login_flow::qr_lifetime(const app_config& app) const {
  return settings_.qr_expires_override.value_or(app.qr_expires_in);
}

int login_flow::ticket_lifetime(const app_config& app) const {
  return settings_.ticket_expires_override.value_or(app.ticket_expires_in);
}

std::optional<flow_failure> login_flow::check_custom(const char* field, const json& value) const {
  if (value.is_null()) return std::nullopt;
  if (depth_of(value) > settings_.max_custom_depth) {
    return refuse(flow_error::bad_field, std::string{field} + ": nested deeper than " +
                                             std::to_string(settings_.max_custom_depth) +
                                             " levels");
  }
  if (serialized(value).size() > settings_.max_custom_bytes) {
    return refuse(flow_error::bad_field, std::string{field} + ": larger than " +
                                             std::to_string(settings_.max_custom_bytes) +
                                             " bytes as JSON");
  }
  return std::nullopt;
}

bool login_flow::reserve_live(std::size_t bytes, std::int64_t now, std::int64_t ends_at) {
  std::lock_guard lock{live_mutex_};
  const auto retention = static_cast<std::int64_t>(settings_.limits.expired_retention) * 1000;
  while (!live_.empty() && live_.begin()->first + retention <= now) {
    live_bytes_ -= live_.begin()->second;
    live_.erase(live_.begin());
  }
  if (live_.size() >= static_cast<std::size_t>(settings_.limits.max_live_codes) ||
      live_bytes_ + bytes > settings_.max_live_bytes) {
    return false;
  }
  live_.emplace(ends_at, bytes);
  live_bytes_ += bytes;
  return true;
}

flow_result<gene_output> login_flow::gene(const gene_input& input) {
  auto app = load_app(input.app_id);
  if (!app) {
    return refuse(flow_error::unknown_app,
                  "x-authing-app-id: no app '" + input.app_id.substr(0, 64) + "' is configured");
  }
  if (!input.redirect_uri.empty() && std::find(app->callback_urls.begin(), app->callback_urls.end(),
                                               input.redirect_uri) == app->callback_urls.end()) {
    return refuse(flow_error::redirect_not_allowed,
                  "redirectUri: must equal one of the app's callbackUrls exactly");
  }
  if (auto problem = check_custom("params", input.params)) return *problem;
  if (auto problem = check_custom("context", input.context)) return *problem;

  const auto now = clock_();
  code_record record;
  record.random = random_token(random_);
  record.code = random_token(random_);
  record.app_id = input.app_id;
  record.created_at = now;
  record.expires_at = now + static_cast<std::int64_t>(qr_lifetime(*app)) * 1000;
  record.client_ip = input.client_ip;
  record.browser = input.browser;
  record.redirect_uri = input.redirect_uri;
  record.params = serialized(input.params);
  record.context = serialized(input.context);
  // What a live code costs the store, roughly: its fields plus row overhead.
  const std::size_t bytes = 256 + record.app_id.size() + record.client_ip.size() +
                            record.browser.size() + record.redirect_uri.size() +
                            record.params.size() + record.context.size();
  if (!reserve_live(bytes, now, record.expires_at)) {
    return refuse(flow_error::too_many_codes,
                  "the server holds its maximum of live codes; retry shortly");
  }
  if (!store_.insert_code(record)) {
    return refuse(flow_error::too_many_codes, "could not store the code; retry");
  }
  return gene_output{std::move(record), std::move(*app)};
}

flow_result<check_output> login_flow::check(const std::string& random) {
  auto record = store_.code_by_random(random);
  if (!record) {
    return refuse(flow_error::unknown_random,
                  "unknown random: the server does not know this code (expired long ago or "
                  "never made); generate a new one");
  }
  check_output out{std::move(*record), code_status::waiting, std::nullopt, false};
  out.status = effective_status(out.record, clock_());
  if (out.status == code_status::cancelled && out.record.refusal == "account_blocked") {
    return refuse(flow_error::account_blocked,
                  "the account that scanned this code is blocked by this site's operator; "
                  "show the person that they cannot log in here");
  }
  if (out.status == code_status::confirmed) {
    out.user = store_.user_by_id(out.record.user_id);
    const auto app = load_app(out.record.app_id);
    out.full_user_info = app && app->return_full_user_info;
  }
  return out;
}

flow_result<code_record> login_flow::open_code(const std::string& code) {
  auto record = store_.code_by_code(code);
  if (!record) {
    return refuse(flow_error::unknown_code,
                  "unknown code: it was never issued or has ended long ago");
  }
  return std::move(*record);
}

flow_result<code_view> login_flow::code_context(const std::string& code) {
  auto record = open_code(code);
  if (!record.ok()) return record.failure();
  auto app = load_app(record.value().app_id);
  if (!app) return refuse(flow_error::unknown_code, "the code's app was deleted");
  const auto status = effective_status(record.value(), clock_());
  return code_view{std::move(record.value()), std::move(*app), status};
}

const mini_program_config& login_flow::mini_program_of(const app_config& app) const {
  return app.mini_program.app_id.empty() ? settings_.default_mini_program : app.mini_program;
}

std::vector<mini_program_config> login_flow::mini_programs() {
  std::vector<mini_program_config> all{settings_.default_mini_program};
  for (const auto& app : store_.apps()) {
    if (!app.mini_program.app_id.empty()) all.push_back(app.mini_program);
  }
  return all;
}

flow_result<wechat_user> login_flow::identity_from_wechat(const app_config& app,
                                                          const scan_input& input) {
  if (!input.claimed.openid.empty() || !input.claimed.unionid.empty()) {
    return refuse(flow_error::self_asserted_identity,
                  "app '" + app.app_id +
                      "' is a wechat app: its identity comes from WeChat, never from the phone; "
                      "send jsCode from wx.login (the stand-in page works only for demo apps)");
  }
  if (input.js_code.empty()) {
    return refuse(flow_error::bad_field,
                  "jsCode: is required (from wx.login) for wechat app '" + app.app_id + "'");
  }
  if (!settings_.wechat) {
    return refuse(flow_error::wechat_misconfigured,
                  "this server has no WeChat gateway configured (--wechat-api-base)");
  }
  const auto got = settings_.wechat->login(mini_program_of(app), input.js_code);
  if (const auto* failure = std::get_if<wechat_failure>(&got)) return wechat_refusal(*failure);
  const auto& who = std::get<wechat_identity>(got);
  wechat_user user = input.claimed;  // nickname and photo: display data the person chose
  user.openid = who.openid;
  user.unionid = who.unionid;
  return user;
}

flow_result<std::string> login_flow::scan(const std::string& code, const scan_input& input) {
  auto found = open_code(code);
  if (!found.ok()) return found.failure();
  const auto app = load_app(found.value().app_id);
  if (!app) return refuse(flow_error::unknown_code, "the code's app was deleted");
  const auto before = effective_status(found.value(), clock_());
  if (before == code_status::expired) return expired_code();
  if (before == code_status::confirmed || before == code_status::cancelled) {
    return refuse(flow_error::wrong_state,
                  std::string{"the code was already "} +
                      (before == code_status::confirmed ? "confirmed" : "cancelled"));
  }
  wechat_user who;
  const bool proven = app->mode == app_mode::wechat;
  if (proven) {
    auto identity = identity_from_wechat(*app, input);
    if (!identity.ok()) {
      audit_refusal(found.value(), identity.failure(), "scan", input.ip);
      return identity.failure();
    }
    who = std::move(identity.value());
  } else {
    if (!input.js_code.empty()) {
      return refuse(flow_error::bad_field, "jsCode: app '" + app->app_id +
                                               "' is a demo app (no WeChat): send wechatUser "
                                               "{openid, nickname, photo} instead");
    }
    if (input.claimed.openid.empty()) {
      return refuse(flow_error::bad_field, "wechatUser.openid: is required for a demo app");
    }
    who = input.claimed;
  }
  const auto account = store_.user_by_identity(proven ? "wechat" : "demo", identity_of(who));
  if (account && account->blocked_at != 0) {
    // A code someone else scanned meanwhile is theirs: it is not ended.
    const bool own = before == code_status::waiting || found.value().scanner.openid == who.openid;
    return refuse_blocked(found.value(), own ? std::optional{before} : std::nullopt, "scan",
                          account->id, input.ip);
  }

  transition_request move;
  move.code = code;
  move.from = code_status::waiting;
  move.to = code_status::scanned;
  move.now = clock_();
  move.scanner = who;
  move.scan_token = random_token(random_);
  const auto result = store_.transition(move, std::nullopt);
  if (result.moved) return move.scan_token;
  // Refused: say why from the code as the store found it.
  const auto& record = result.record ? *result.record : found.value();
  const auto status = effective_status(record, move.now);
  if (status == code_status::expired) return expired_code();
  if (status == code_status::scanned) {
    if (record.scanner.openid != who.openid) {
      auto failure = refuse(flow_error::other_scanner, "another phone already scanned this code");
      audit_refusal(record, failure, "scan", input.ip);
      return failure;
    }
    // The same WeChat identity, proven again by a fresh jsCode (the mini
    // program reopened): its token back. A self-asserted identity proves
    // nothing: anyone who knew the openid would get the token.
    if (proven) return record.scan_token;
    return refuse(flow_error::wrong_state,
                  "this code was already scanned; a demo app's scan token is given once: "
                  "refresh the QR code on the PC and scan again");
  }
  return refuse(flow_error::wrong_state,
                std::string{"the code was already "} +
                    (status == code_status::confirmed ? "confirmed" : "cancelled"));
}

flow_result<ticket_record> login_flow::confirm(const std::string& code,
                                               const confirm_input& input) {
  auto found = open_code(code);
  if (!found.ok()) return found.failure();
  const auto& record = found.value();
  const auto status = effective_status(record, clock_());
  if (status == code_status::expired) return expired_code();
  if (status != code_status::scanned) {
    return refuse(flow_error::wrong_state, status == code_status::waiting
                                               ? "scan the code before confirming"
                                               : "the code was already confirmed or cancelled");
  }
  if (!constant_time_equal(input.scan_token, record.scan_token)) {
    auto failure =
        refuse(flow_error::other_scanner, "only the phone that scanned this code can confirm it");
    audit_refusal(record, failure, "confirm", input.ip);
    return failure;
  }
  const auto app = load_app(record.app_id);
  if (!app) return refuse(flow_error::unknown_app, "the code's app was deleted");

  confirm_effects effects;
  if (app->mode == app_mode::wechat) {
    if (!input.phone.empty()) {
      auto failure = refuse(flow_error::self_asserted_identity,
                            "app '" + app->app_id +
                                "' is a wechat app: the phone number comes from WeChat; send "
                                "phoneCode from the getPhoneNumber button, not a number");
      audit_refusal(record, failure, "confirm", input.ip);
      return failure;
    }
    effects.pool = "wechat";
    if (!input.phone_code.empty()) {
      if (!settings_.wechat) {
        return refuse(flow_error::wechat_misconfigured,
                      "this server has no WeChat gateway configured (--wechat-api-base)");
      }
      const auto got = settings_.wechat->phone_number(mini_program_of(*app), input.phone_code);
      if (const auto* failure = std::get_if<wechat_failure>(&got)) {
        auto refused = wechat_refusal(*failure);
        audit_refusal(record, refused, "confirm", input.ip);
        return refused;
      }
      const auto& phone = std::get<wechat_phone>(got);
      effects.phone = phone.country_code == "86"
                          ? phone.pure_phone_number
                          : "+" + phone.country_code + phone.pure_phone_number;
      effects.phone_verified = true;
    }
  } else {
    if (!input.phone_code.empty()) {
      return refuse(flow_error::bad_field, "phoneCode: app '" + app->app_id +
                                               "' is a demo app (no WeChat): send phone instead");
    }
    // Self-asserted: a pool of its own, never verified.
    effects.pool = "demo";
    effects.phone = input.phone;
    effects.phone_verified = false;
  }

  const auto now = clock_();
  transition_request move;
  move.code = code;
  move.from = code_status::scanned;
  move.to = code_status::confirmed;
  move.now = now;
  move.expect_scan_token = input.scan_token;
  effects.identity = identity_of(record.scanner);
  effects.profile = record.scanner;
  if (!input.nickname.empty()) effects.profile.nickname = input.nickname;
  if (!input.photo.empty()) effects.profile.photo = input.photo;
  effects.real_name = input.real_name;
  effects.new_user_id = random_hex(random_, 12);
  effects.ticket.ticket = random_token(random_);
  effects.ticket.app_id = record.app_id;
  effects.ticket.redirect_uri = record.redirect_uri;
  effects.ticket.params = record.params;
  effects.ticket.expires_at = now + static_cast<std::int64_t>(ticket_lifetime(*app)) * 1000;
  // Written by the confirm's own transaction (the store fills in the user).
  effects.audit = audit_entry("login.confirmed", record.app_id, "", {"phone", input.ip},
                              {{"pool", effects.pool},
                               {"phoneVerified", effects.phone_verified},
                               {"pcIp", record.client_ip},
                               {"browser", record.browser}});
  const auto result = store_.transition(move, effects);
  if (result.blocked) {
    return refuse_blocked(record, code_status::scanned, "confirm",
                          result.user ? result.user->id : "", input.ip);
  }
  if (!result.moved) {
    const auto after = result.record ? effective_status(*result.record, now) : status;
    if (after == code_status::expired) return expired_code();
    return refuse(flow_error::wrong_state, "the code was already confirmed or cancelled");
  }
  auto ticket = effects.ticket;
  ticket.user_id = result.user ? result.user->id : result.record->user_id;
  return ticket;
}

flow_result<std::string> login_flow::upload_avatar(const std::string& code,
                                                   const std::string& scan_token,
                                                   const std::string& content_type,
                                                   const std::string& bytes) {
  auto found = open_code(code);
  if (!found.ok()) return found.failure();
  const auto now = clock_();
  const auto status = effective_status(found.value(), now);
  if (status == code_status::expired) return expired_code();
  if (status != code_status::scanned) {
    return refuse(flow_error::wrong_state, "an avatar is uploaded between scan and confirm");
  }
  if (!constant_time_equal(scan_token, found.value().scan_token)) {
    return refuse(flow_error::other_scanner,
                  "only the phone that scanned this code can upload its avatar");
  }
  avatar_record avatar{sha256_hex(bytes), content_type, bytes, now};
  store_.put_avatar(avatar);
  return avatar.id;
}

flow_result<code_status> login_flow::cancel(const std::string& code, const std::string& scan_token,
                                            const std::string& ip) {
  auto found = open_code(code);
  if (!found.ok()) return found.failure();
  const auto now = clock_();
  const auto& record = found.value();
  const auto status = effective_status(record, now);
  if (status == code_status::expired) {
    return refuse(flow_error::code_expired, "the code expired");
  }
  if (status == code_status::waiting) {
    return refuse(flow_error::wrong_state,
                  "scan the code before cancelling: only its scanner can cancel it");
  }
  if (status != code_status::scanned) {
    return refuse(flow_error::wrong_state, "the code was already confirmed or cancelled");
  }
  if (!constant_time_equal(scan_token, record.scan_token)) {
    return refuse(flow_error::other_scanner,
                  "only the phone that scanned this code can cancel it (send its scanToken)");
  }
  transition_request move;
  move.code = code;
  move.from = status;
  move.to = code_status::cancelled;
  move.now = now;
  move.expect_scan_token = scan_token;
  const auto result = store_.transition(move, std::nullopt);
  if (!result.moved) {
    return refuse(flow_error::wrong_state,
                  "the code changed meanwhile (scanned, confirmed, "
                  "cancelled or expired); reload the page");
  }
  audit("login.cancelled", record.app_id, "", {"phone", ip},
        {{"pcIp", record.client_ip}, {"browser", record.browser}});
  return code_status::cancelled;
}

std::optional<flow_failure> login_flow::refuse_browser_exchange(const app_config& app,
                                                                const std::string& ticket_value,
                                                                const exchange_credentials& who) {
  // Origin and Host can be set by any client that is not a browser: they
  // only narrow what a browser may do, they prove nothing. The proof is the
  // poll key, which never left the page that made the code.
  if (app.browser_exchange == browser_exchange_mode::off) {
    return refuse(flow_error::origin_not_allowed,
                  "the app does not allow browser exchange (browserExchange \"off\"); exchange "
                  "the ticket from your backend with the app secret");
  }
  if (!who.same_origin && std::find(app.allowed_origins.begin(), app.allowed_origins.end(),
                                    who.origin) == app.allowed_origins.end()) {
    return refuse(flow_error::origin_not_allowed, "this origin is not in the app's allowedOrigins");
  }
  if (app.browser_exchange == browser_exchange_mode::ticket_only) return std::nullopt;
  if (who.random.empty()) {
    return refuse(flow_error::missing_proof,
                  "random: the app's browserExchange is \"proof\": send the code's poll key "
                  "with the ticket (our SDK and element do)");
  }
  const auto code = store_.code_by_random(who.random);
  if (!code || code->app_id != app.app_id || !constant_time_equal(code->ticket, ticket_value)) {
    return refuse(flow_error::missing_proof, "random: not the poll key of this ticket's code");
  }
  return std::nullopt;
}

flow_result<exchange_output> login_flow::exchange_ticket(const std::string& ticket_value,
                                                         const exchange_credentials& who) {
  const auto ticket = store_.ticket(ticket_value);
  if (!ticket) return refuse(flow_error::unknown_ticket, "unknown ticket");
  auto app = load_app(ticket->app_id);
  if (!app) return refuse(flow_error::unknown_app, "the ticket's app was deleted");
  if (!who.app_id.empty() && who.app_id != app->app_id) {
    return refuse(flow_error::bad_app_secret,
                  "Basic credentials name another app than the ticket's");
  }
  if (who.own_demo_backend) {
    // Trusted as a backend with the right secret (exchange_credentials).
  } else if (!who.secret.empty()) {
    // A store keeps the hash; an app built here (tests, a store of an older
    // version read before its migration) may still hold the clear secret.
    const auto stored_hash = app->app_secret_hash.empty() && !app->app_secret.empty()
                                 ? hash_app_secret(app->app_secret)
                                 : app->app_secret_hash;
    if (!app_secret_matches(stored_hash, who.secret)) {
      return refuse(flow_error::bad_app_secret, "wrong app secret for this ticket's app");
    }
  } else if (auto refused = refuse_browser_exchange(*app, ticket_value, who)) {
    return *refused;
  }
  const auto now = clock_();
  const auto consumed = store_.consume_ticket(ticket_value, now);
  switch (consumed.outcome) {
    case consume_outcome::consumed:
      break;
    case consume_outcome::used:
      return refuse(flow_error::ticket_used,
                    "the ticket was already exchanged; tickets are single-use");
    case consume_outcome::expired:
      return refuse(flow_error::ticket_expired, "the ticket expired; log in again");
    case consume_outcome::unknown:
      return refuse(flow_error::unknown_ticket, "unknown ticket");
  }
  auto user = consumed.user;
  if (!user) return refuse(flow_error::unknown_ticket, "the ticket's user no longer exists");

  const auto iat = now / 1000;
  const auto exp = iat + settings_.limits.token_expires_in;
  const json claims = {{"iss", settings_.issuer},
                       {"aud", app->app_id},
                       {"sub", user->id},
                       {"iat", iat},
                       {"exp", exp},
                       {"phone_number", user->phone.empty() ? json(nullptr) : json(user->phone)},
                       {"phone_number_verified", user->phone_verified},
                       {"name", user->name.empty() ? json(nullptr) : json(user->name)},
                       {"nickname", user->nickname},
                       {"picture", user->photo}};
  auto token = keys_.sign(claims);
  return exchange_output{std::move(*user), *consumed.ticket, std::move(*app), std::move(token),
                         exp};
}

}  // namespace scan_login::server
