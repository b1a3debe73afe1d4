#include "api/refusal.hpp"

#include "http/error_codes.hpp"
#include "http/responses.hpp"

namespace scan_login::server {

int error_code_of(flow_error kind) {
  switch (kind) {
    case flow_error::bad_field:
      return errors::bad_field;
    case flow_error::redirect_not_allowed:
      return errors::redirect_not_allowed;
    case flow_error::unknown_app:
      return errors::unknown_app;
    case flow_error::app_exists:
      return errors::app_exists;
    case flow_error::unknown_random:
      return errors::unknown_random;
    case flow_error::unknown_code:
      return errors::unknown_code;
    case flow_error::unknown_ticket:
      return errors::unknown_ticket;
    case flow_error::code_expired:
      return errors::code_expired;
    case flow_error::ticket_expired:
      return errors::ticket_expired;
    case flow_error::wrong_state:
      return errors::wrong_state;
    case flow_error::other_scanner:
      return errors::other_scanner;
    case flow_error::ticket_used:
      return errors::ticket_used;
    case flow_error::bad_app_secret:
      return errors::bad_app_secret;
    case flow_error::missing_credentials:
      return errors::missing_credentials;
    case flow_error::origin_not_allowed:
      return errors::origin_not_allowed;
    case flow_error::missing_proof:
      return errors::missing_exchange_proof;
    case flow_error::too_many_codes:
      return errors::too_many_codes;
    case flow_error::self_asserted_identity:
      return errors::self_asserted_identity;
    case flow_error::wechat_bad_code:
      return errors::wechat_bad_code;
    case flow_error::wechat_phone_mismatch:
      return errors::wechat_phone_mismatch;
    case flow_error::wechat_refused:
      return errors::wechat_refused;
    case flow_error::wechat_busy:
      return errors::wechat_busy;
    case flow_error::wechat_unreachable:
      return errors::wechat_unreachable;
    case flow_error::wechat_misconfigured:
      return errors::wechat_misconfigured;
    case flow_error::account_blocked:
      return errors::account_blocked;
    case flow_error::unknown_user:
      return errors::unknown_user;
  }
  return errors::internal;
}

response bad_field(const request& req, const std::string& message) {
  return make_error(req, errors::bad_field, message);
}

response refusal(const request& req, const flow_failure& failure) {
  auto res = make_error(req, error_code_of(failure.kind), failure.message);
  if (failure.kind == flow_error::too_many_codes) res.set(http::field::retry_after, "5");
  if (failure.kind == flow_error::wechat_busy) res.set(http::field::retry_after, "60");
  return res;
}

}  // namespace scan_login::server
