#pragma once
// wechat_gateway over WeChat's server API (api.weixin.qq.com, or a fake one
// for tests through --wechat-api-base and --wechat-ca-file).
//
// Access tokens (cgi-bin/stable_token) are kept per mini program until
// shortly before they expire, in this process and in the store (a setting
// per AppID), so the processes of a deployment share one token instead of
// each fetching its own. A call WeChat answers with 40001/42001/40014 (token
// replaced, expired, invalid) fetches the token again once and retries once.
// A busy answer (-1) is retried at most twice, 200 ms then 500 ms later;
// 45011 (rate limit) is not retried: the phone is told to retry later.
// Logs name the call and WeChat's errcode; never the URL (it carries the
// AppSecret or the token), a code, a token or a secret.

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "flow/login_flow.hpp"
#include "store/store.hpp"
#include "wechat/https_client.hpp"
#include "wechat/wechat_gateway.hpp"

namespace scan_login::server {

class wechat_api : public wechat_gateway {
 public:
  wechat_api(https_client client, store& state, clock_source clock);

  wechat_outcome<wechat_identity> login(const mini_program_config& mp,
                                        const std::string& js_code) override;
  wechat_outcome<wechat_phone> phone_number(const mini_program_config& mp,
                                            const std::string& phone_code) override;

 private:
  struct cached_token {
    std::string token;
    std::int64_t use_until = 0;  // unix ms: a little before WeChat's expiry
  };
  // The mini program's access token: this process's, else the store's, else
  // a new one from stable_token. `stale`, when given, is a token WeChat
  // refused: it is never returned again.
  wechat_outcome<std::string> access_token(const mini_program_config& mp,
                                           const std::string& stale = {});
  // One call, with the busy retries; the answer's JSON or the failure.
  // `secrets` (the AppSecret, the access token, the person's code) are the
  // values of the call that WeChat's errmsg, logged, must not repeat.
  wechat_outcome<nlohmann::json> call(const char* name, const std::string& target,
                                      const std::string& body, const mini_program_config& mp,
                                      const std::vector<std::string>& secrets);

  https_client client_;
  store& store_;
  clock_source clock_;
  std::mutex mutex_;  // tokens_, and one token fetch at a time
  std::map<std::string, cached_token> tokens_;
};

}  // namespace scan_login::server
