#pragma once
// What the login flow can refuse, as a type. The api layer maps each kind to
// its stable envelope code (and so to its HTTP status); the flow says why in
// `message`, in words a developer or operator can act on.

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace scan_login::server {

enum class flow_error {
  bad_field,             // an input value is wrong (message names the field)
  redirect_not_allowed,  // redirectUri is not one of the app's callbacks
  unknown_app,
  app_exists,
  unknown_random,  // the poll key is not known (never made, or swept)
  unknown_code,
  unknown_ticket,
  code_expired,
  ticket_expired,
  wrong_state,    // the code's status does not allow this move
  other_scanner,  // another phone holds this code
  ticket_used,
  bad_app_secret,
  missing_credentials,
  origin_not_allowed,
  missing_proof,   // browserExchange "proof": the code's poll key is missing or wrong
  too_many_codes,  // the live-code cap (count or bytes) is reached
  // PROTOCOL.md "Phone side": a `wechat` app's identity comes from WeChat.
  self_asserted_identity,  // a wechat app was sent an openid, unionid or phone number
  wechat_bad_code,         // WeChat refused the wx.login or phone code: act again
  wechat_phone_mismatch,   // the phone number was given to another mini program
  wechat_refused,          // WeChat refused this person's login
  wechat_busy,             // WeChat is busy or rate-limits: retry later
  wechat_unreachable,      // WeChat did not answer in time, or not as WeChat
  wechat_misconfigured,    // the mini program's AppID/AppSecret are missing or refused
  account_blocked,         // an operator blocked the account this login lands on
  unknown_user,            // the admin API names a user id that is not stored
};

// The stable name of a refusal (the audit log's "reason").
const char* flow_error_name(flow_error kind);

struct flow_failure {
  flow_error kind;
  std::string message;
};

// A value or the reason there is none.
template <typename T>
class flow_result {
 public:
  flow_result(T value) : value_(std::move(value)) {}                 // NOLINT: implicit by design
  flow_result(flow_failure failure) : value_(std::move(failure)) {}  // NOLINT

  bool ok() const { return std::holds_alternative<T>(value_); }
  T& value() { return std::get<T>(value_); }
  const T& value() const { return std::get<T>(value_); }
  const flow_failure& failure() const { return std::get<flow_failure>(value_); }

 private:
  std::variant<T, flow_failure> value_;
};

inline flow_failure refuse(flow_error kind, std::string message) {
  return {kind, std::move(message)};
}

}  // namespace scan_login::server
