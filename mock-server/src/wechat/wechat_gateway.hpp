#pragma once
// The server's way to WeChat (PROTOCOL.md "Phone side"): the login flow asks
// it who a wx.login code belongs to and which phone number a getPhoneNumber
// code stands for. Every identity fact of a `wechat` app comes from here,
// never from the phone. Calls block (the flow runs on workers) and end
// within the gateway's timeout; failures are typed so the phone can be told
// whether to scan again, retry later, or nothing it can do (the operator's
// configuration).

#include <string>
#include <variant>

#include "config/app_config.hpp"

namespace scan_login::server {

// Who a wx.login code belongs to. WeChat's session_key is dropped in the
// gateway: scan-login has no use for it, so it is never stored, logged or
// returned.
struct wechat_identity {
  std::string openid;
  std::string unionid;  // empty when the mini program has no Open Platform binding
};

// The number behind a getPhoneNumber code, as WeChat verified it.
struct wechat_phone {
  std::string pure_phone_number;  // without country code, e.g. "13800138000"
  std::string country_code;       // e.g. "86"
};

enum class wechat_failure_kind {
  bad_code,            // the code is invalid, used or of another mini program: act again
  busy,                // WeChat is busy (-1) or rate-limits (45011): retry later
  unreachable,         // no answer in time, a broken connection, an answer that is not WeChat's
  misconfigured,       // WeChat refused the mini program's AppID/AppSecret, or none is set
  refused,             // WeChat refused this person (e.g. 40226, a high-risk account)
  phone_of_other_app,  // the phone number's watermark names another mini program
};

struct wechat_failure {
  wechat_failure_kind kind;
  std::string message;  // for the phone and the log: never a secret, a code or a token
};

template <typename T>
using wechat_outcome = std::variant<T, wechat_failure>;

class wechat_gateway {
 public:
  virtual ~wechat_gateway() = default;
  // sns/jscode2session.
  virtual wechat_outcome<wechat_identity> login(const mini_program_config& mp,
                                                const std::string& js_code) = 0;
  // wxa/business/getuserphonenumber, with the mini program's access token.
  virtual wechat_outcome<wechat_phone> phone_number(const mini_program_config& mp,
                                                    const std::string& phone_code) = 0;
};

}  // namespace scan_login::server
