#include "flow/flow_error.hpp"

namespace scan_login::server {

const char* flow_error_name(flow_error kind) {
  switch (kind) {
    case flow_error::bad_field:
      return "bad_field";
    case flow_error::redirect_not_allowed:
      return "redirect_not_allowed";
    case flow_error::unknown_app:
      return "unknown_app";
    case flow_error::app_exists:
      return "app_exists";
    case flow_error::unknown_random:
      return "unknown_random";
    case flow_error::unknown_code:
      return "unknown_code";
    case flow_error::unknown_ticket:
      return "unknown_ticket";
    case flow_error::code_expired:
      return "code_expired";
    case flow_error::ticket_expired:
      return "ticket_expired";
    case flow_error::wrong_state:
      return "wrong_state";
    case flow_error::other_scanner:
      return "other_scanner";
    case flow_error::ticket_used:
      return "ticket_used";
    case flow_error::bad_app_secret:
      return "bad_app_secret";
    case flow_error::missing_credentials:
      return "missing_credentials";
    case flow_error::origin_not_allowed:
      return "origin_not_allowed";
    case flow_error::missing_proof:
      return "missing_proof";
    case flow_error::too_many_codes:
      return "too_many_codes";
    case flow_error::self_asserted_identity:
      return "self_asserted_identity";
    case flow_error::wechat_bad_code:
      return "wechat_bad_code";
    case flow_error::wechat_phone_mismatch:
      return "wechat_phone_mismatch";
    case flow_error::wechat_refused:
      return "wechat_refused";
    case flow_error::wechat_busy:
      return "wechat_busy";
    case flow_error::wechat_unreachable:
      return "wechat_unreachable";
    case flow_error::wechat_misconfigured:
      return "wechat_misconfigured";
    case flow_error::account_blocked:
      return "account_blocked";
    case flow_error::unknown_user:
      return "unknown_user";
  }
  return "unknown";
}

}  // namespace scan_login::server
