#include "wechat/wechat_api.hpp"

#include <iostream>
#include <thread>

#include "http/url.hpp"

namespace scan_login::server {
namespace {
using nlohmann::json;

constexpr const char* token_setting_prefix = "wechat.access_token.";

// WeChat's errcodes that decide what the phone is told (WECHAT-FACTS.md).
constexpr int busy = -1;
constexpr int invalid_code = 40029;
constexpr int code_used = 40163;
constexpr int minute_limit = 45011;
constexpr int daily_limit = 45009;
constexpr int token_not_latest = 40001;
constexpr int token_expired = 42001;
constexpr int token_invalid = 40014;
constexpr int invalid_appid = 40013;
constexpr int invalid_secret = 40125;
constexpr int high_risk_user = 40226;

// `doc[key]` when `doc` is an object holding a string there, else "" (WeChat's
// answers are read defensively: a wrong type is no answer, never a throw).
std::string string_member(const json& doc, const char* key) {
  if (!doc.is_object() || !doc.contains(key) || !doc[key].is_string()) return {};
  return doc[key].get<std::string>();
}

int errcode_of(const json& doc) {
  if (!doc.contains("errcode")) return 0;
  return doc["errcode"].is_number_integer() ? doc["errcode"].get<int>() : 1;
}

bool token_refused(int errcode) {
  return errcode == token_not_latest || errcode == token_expired || errcode == token_invalid;
}

wechat_failure fail(wechat_failure_kind kind, std::string message) {
  return {kind, std::move(message)};
}

// WeChat's errmsg, safe to log: capped, and without any of `secrets`
// should WeChat ever echo one.
std::string loggable(std::string text, const std::vector<std::string>& secrets) {
  for (const auto& secret : secrets) {
    if (secret.empty()) continue;
    for (auto at = text.find(secret); at != std::string::npos; at = text.find(secret, at)) {
      text.replace(at, secret.size(), "***");
    }
  }
  if (text.size() > 200) text.resize(200);
  return text;
}

// What the phone is told for a WeChat errcode (the log has the errcode).
wechat_failure failure_of(const char* name, int errcode) {
  switch (errcode) {
    case invalid_code:
    case code_used:
      return fail(wechat_failure_kind::bad_code, std::string{"WeChat refused the "} + name +
                                                     " code (invalid, used or expired): try again");
    case busy:
    case minute_limit:
    case daily_limit:
      return fail(wechat_failure_kind::busy, "WeChat is busy: retry in a minute");
    case invalid_appid:
    case invalid_secret:
    case token_not_latest:
      return fail(wechat_failure_kind::misconfigured,
                  "WeChat refused this site's mini program AppID/AppSecret: the site's "
                  "operator must check them in the console");
    case high_risk_user:
      return fail(wechat_failure_kind::refused, "WeChat refused this login for this account");
    default:
      return fail(wechat_failure_kind::unreachable,
                  "WeChat answered an error (" + std::to_string(errcode) + "): retry later");
  }
}

}  // namespace

wechat_api::wechat_api(https_client client, store& state, clock_source clock)
    : client_(std::move(client)), store_(state), clock_(std::move(clock)) {}

wechat_outcome<json> wechat_api::call(const char* name, const std::string& target,
                                      const std::string& body, const mini_program_config& mp,
                                      const std::vector<std::string>& secrets) {
  static constexpr std::chrono::milliseconds busy_waits[] = {std::chrono::milliseconds{200},
                                                             std::chrono::milliseconds{500}};
  for (std::size_t attempt = 0;; ++attempt) {
    const auto answer = client_.exchange(target, body);
    if (const auto* failure = std::get_if<http_failure>(&answer)) {
      std::cerr << "wechat: " << name << " for " << mp.app_id << ": " << failure->message << '\n';
      return fail(wechat_failure_kind::unreachable,
                  "WeChat could not be reached in time: retry in a moment");
    }
    const auto& got = std::get<http_answer>(answer);
    auto doc = json::parse(got.body, nullptr, false);
    if (got.status != 200 || !doc.is_object()) {
      std::cerr << "wechat: " << name << " for " << mp.app_id << ": HTTP " << got.status
                << (doc.is_object() ? "" : ", not JSON") << '\n';
      return fail(wechat_failure_kind::unreachable,
                  "WeChat answered something unexpected: retry in a moment");
    }
    const int errcode = errcode_of(doc);
    if (errcode == 0) return doc;
    std::cerr << "wechat: " << name << " for " << mp.app_id << ": errcode " << errcode << " ("
              << loggable(string_member(doc, "errmsg"), secrets) << ")\n";
    if (errcode == busy && attempt < std::size(busy_waits)) {
      std::this_thread::sleep_for(busy_waits[attempt]);
      continue;
    }
    return doc;  // the caller maps the errcode (a refused token is retried there)
  }
}

wechat_outcome<std::string> wechat_api::access_token(const mini_program_config& mp,
                                                     const std::string& stale) {
  std::lock_guard lock{mutex_};
  const auto now = clock_();
  const auto setting = token_setting_prefix + mp.app_id;
  auto usable = [&](const cached_token& t) {
    return !t.token.empty() && t.token != stale && now < t.use_until;
  };
  if (auto it = tokens_.find(mp.app_id); it != tokens_.end() && usable(it->second)) {
    return it->second.token;
  }
  // Another process of the deployment may hold one already.
  const auto stored = json::parse(store_.setting_or_insert(setting, ""), nullptr, false);
  if (!string_member(stored, "token").empty() && stored.contains("useUntil") &&
      stored["useUntil"].is_number_integer()) {
    cached_token shared{string_member(stored, "token"), stored["useUntil"].get<std::int64_t>()};
    if (usable(shared)) {
      tokens_[mp.app_id] = shared;
      return shared.token;
    }
  }
  const json request = {{"grant_type", "client_credential"},
                        {"appid", mp.app_id},
                        {"secret", mp.app_secret},
                        {"force_refresh", false}};
  auto got = call("stable_token", "/cgi-bin/stable_token", request.dump(), mp, {mp.app_secret});
  if (const auto* failure = std::get_if<wechat_failure>(&got)) return *failure;
  const auto& doc = std::get<json>(got);
  if (errcode_of(doc) != 0) return failure_of("token", errcode_of(doc));
  if (string_member(doc, "access_token").empty() || !doc.contains("expires_in") ||
      !doc["expires_in"].is_number_integer() || doc["expires_in"].get<std::int64_t>() <= 0) {
    std::cerr << "wechat: stable_token for " << mp.app_id << ": answer without a token\n";
    return fail(wechat_failure_kind::unreachable, "WeChat answered without a token: retry later");
  }
  const auto lifetime_ms = doc["expires_in"].get<std::int64_t>() * 1000;
  // Stop using it a little early (5 minutes, or half its life if shorter):
  // WeChat renews stable tokens 5 minutes before they expire.
  cached_token fresh{doc["access_token"].get<std::string>(),
                     now + lifetime_ms - std::min<std::int64_t>(300'000, lifetime_ms / 2)};
  tokens_[mp.app_id] = fresh;
  store_.set_setting(setting, json{{"token", fresh.token}, {"useUntil", fresh.use_until}}.dump());
  return fresh.token;
}

wechat_outcome<wechat_identity> wechat_api::login(const mini_program_config& mp,
                                                  const std::string& js_code) {
  if (!mp.has_credentials()) {
    return fail(wechat_failure_kind::misconfigured,
                "this site's mini program has no AppID/AppSecret: the operator must set them");
  }
  const auto target = "/sns/jscode2session?appid=" + percent_encode(mp.app_id) +
                      "&secret=" + percent_encode(mp.app_secret) +
                      "&js_code=" + percent_encode(js_code) + "&grant_type=authorization_code";
  auto got = call("jscode2session", target, "", mp, {mp.app_secret, js_code});
  if (const auto* failure = std::get_if<wechat_failure>(&got)) return *failure;
  const auto& doc = std::get<json>(got);
  if (errcode_of(doc) != 0) return failure_of("login", errcode_of(doc));
  if (string_member(doc, "openid").empty()) {
    std::cerr << "wechat: jscode2session for " << mp.app_id << ": answer without openid\n";
    return fail(wechat_failure_kind::unreachable, "WeChat answered without an identity");
  }
  wechat_identity who;
  who.openid = string_member(doc, "openid");
  who.unionid = string_member(doc, "unionid");
  return who;  // session_key is dropped here (wechat_gateway.hpp)
}

wechat_outcome<wechat_phone> wechat_api::phone_number(const mini_program_config& mp,
                                                      const std::string& phone_code) {
  if (!mp.has_credentials()) {
    return fail(wechat_failure_kind::misconfigured,
                "this site's mini program has no AppID/AppSecret: the operator must set them");
  }
  const auto body = json{{"code", phone_code}}.dump();
  std::string refused_token;
  for (int attempt = 0;; ++attempt) {
    auto token = access_token(mp, refused_token);
    if (const auto* failure = std::get_if<wechat_failure>(&token)) return *failure;
    const auto& access = std::get<std::string>(token);
    auto got = call("getuserphonenumber",
                    "/wxa/business/getuserphonenumber?access_token=" + percent_encode(access), body,
                    mp, {access, phone_code});
    if (const auto* failure = std::get_if<wechat_failure>(&got)) return *failure;
    const auto& doc = std::get<json>(got);
    const int errcode = errcode_of(doc);
    if (token_refused(errcode) && attempt == 0) {
      refused_token = access;  // fetch again once, then retry once
      continue;
    }
    if (errcode != 0) return failure_of("phone number", errcode);
    const json none = json::object();
    const auto& info = doc.contains("phone_info") ? doc["phone_info"] : none;
    const auto& watermark =
        info.is_object() && info.contains("watermark") ? info["watermark"] : none;
    if (string_member(info, "purePhoneNumber").empty()) {
      std::cerr << "wechat: getuserphonenumber for " << mp.app_id << ": answer without a number\n";
      return fail(wechat_failure_kind::unreachable, "WeChat answered without a phone number");
    }
    if (string_member(watermark, "appid") != mp.app_id) {
      std::cerr << "wechat: getuserphonenumber for " << mp.app_id
                << ": watermark names another mini program\n";
      return fail(wechat_failure_kind::phone_of_other_app,
                  "the phone number was given to another mini program: tap the phone button "
                  "again");
    }
    wechat_phone phone;
    phone.pure_phone_number = string_member(info, "purePhoneNumber");
    phone.country_code = string_member(info, "countryCode");
    if (phone.country_code.empty()) phone.country_code = "86";
    return phone;
  }
}

}  // namespace scan_login::server
