#pragma once
// Server and per-app configuration (PROTOCOL.md "App configuration"): read
// from the JSON file given by --config, changed later through the admin API.
// Secrets (app secret, mini program AppSecret, admin token) appear only in
// the file; the JSON views below never include them.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace scan_login::server {

// PROTOCOL.md "POST /api/v2/qrcode/userinfo": how a browser (no app secret)
// may exchange a ticket. `off` (the default): never. `proof`: with the
// code's poll key, which never leaves the page that made the code (our SDK
// and element send it). `ticket_only`: the ticket alone, as GenAuth does, so
// that authing-js-sdk's browser-side exchangeUserInfo works; weaker: a
// ticket leaked through a URL, a log or a referrer is enough.
enum class browser_exchange_mode { off, proof, ticket_only };

// "off", "proof", "ticketOnly": the config file's and admin API's names.
const char* browser_exchange_name(browser_exchange_mode mode);

// PROTOCOL.md "Phone side": who the phone client is. `wechat` (the default,
// production): the mini program, every identity fact from WeChat through the
// server. `demo`: the stand-in page /m/<code>, whose identity is whatever it
// sends; its accounts live in a pool of their own and its tokens say
// phone_number_verified: false.
enum class app_mode { wechat, demo };

// "wechat", "demo": the config file's and admin API's names.
const char* app_mode_name(app_mode mode);

// A WeChat mini program as the server uses it: its credentials for WeChat's
// server API, the QR URL prefix registered in its admin ("scan an ordinary
// link QR code to open the mini program"; QR contents are <prefix>/m/<code>)
// and the verification file WeChat asks to be served under that prefix.
struct mini_program_config {
  std::string app_id;
  std::string app_secret;     // sent to WeChat only; never in an answer or a log
  std::string qr_url_prefix;  // absolute http(s) URL, no trailing slash; empty = public URL
  std::string verification_file_name;     // e.g. "AbCd1234.txt"; empty = none
  std::string verification_file_content;  // served as text/plain
  bool has_credentials() const { return !app_id.empty() && !app_secret.empty(); }
};

struct app_config {
  std::string app_id;
  // The website backend's secret for the ticket exchange, in clear only
  // while it is new (the config file, an admin create or rotation: shown
  // once); a store keeps app_secret_hash alone ("sha256:<hex>",
  // auth/app_secret_hash.hpp). Both empty = no secret: no backend exchange.
  std::string app_secret;
  std::string app_secret_hash;
  std::string name;
  std::string logo;                          // http(s) or data: URL; empty = none
  std::vector<std::string> callback_urls;    // absolute URLs, matched exactly
  std::vector<std::string> allowed_origins;  // "scheme://host[:port]"
  app_mode mode = app_mode::wechat;
  mini_program_config mini_program;  // app_id empty = the server's default mini program
  int qr_expires_in = 120;           // seconds, 1..86400
  int ticket_expires_in = 300;       // seconds, 1..86400
  browser_exchange_mode browser_exchange = browser_exchange_mode::off;
  bool return_full_user_info = false;
  std::string lang;  // "zh-CN" or "en-US" fixes the hosted page's language; empty: the browser's
};

struct limits_config {
  int max_live_codes = 200'000;      // codes not yet swept; gene answers 503 past it
  int max_held_polls = 20'000;       // long polls parked at once; check answers 503 past it
  double gene_rate = 2.0;            // codes per second per client IP; 0 = unlimited
  int gene_burst = 60;               // bucket size of that rate
  int max_wait = 30;                 // longest long poll, seconds
  int token_expires_in = 1'296'000;  // JWT lifetime, seconds (15 days, as GenAuth)
  int expired_retention = 120;       // seconds an ended code still answers status -1
  int audit_retention_days = 180;    // the audit log keeps entries this long
};

// The server's WeChat settings (config file "wechat").
struct wechat_config {
  std::string api_base = "https://api.weixin.qq.com";  // --wechat-api-base overrides
  mini_program_config default_mini_program;            // for apps that name none
};

struct server_config {
  std::string admin_token;  // empty = generate one at start and print it
  limits_config limits;
  wechat_config wechat;
  std::vector<app_config> apps;
};

// Reads the config document. Empty optional and `error` naming the field
// (e.g. "apps[0].callbackUrls[1]: must be an absolute http(s) URL") when bad.
// An app's logo, callbackUrls and allowedOrigins may hold "{publicUrl}": it
// is kept as written (in the store too) and filled in by with_public_url
// when the app is used, so the shipped demo app's callback is a page of this
// server whatever its address, and stays so when the address changes.
std::optional<server_config> parse_server_config(const nlohmann::json& doc, std::string& error);

// `app` with every "{publicUrl}" in logo, callbackUrls and allowedOrigins
// replaced by `public_url`.
app_config with_public_url(app_config app, const std::string& public_url);

// Applies a partial update (the admin API and console) in the file's field
// names; unknown fields and wrong types are refused with the field named,
// and then nothing changes.
bool apply_app_update(app_config& app, const nlohmann::json& update, std::string& error);

// {appId, name, logo, lang, mode, callbackUrls, allowedOrigins, qrExpiresIn}:
// what any page may read.
nlohmann::json app_public_json(const app_config& app);

// Everything but secrets, which show as {"appSecretSet": bool, ...}.
nlohmann::json app_admin_json(const app_config& app);

// The whole app, secrets included, in the config file's field names: what a
// store keeps ("appSecret" only when app_secret is set, "appSecretHash" only
// when app_secret_hash is). app_from_file_json reads it back (empty and
// `error` when bad); it alone accepts "appSecretHash" (the config file and
// updates name secrets, never hashes).
nlohmann::json app_file_json(const app_config& app);
std::optional<app_config> app_from_file_json(const nlohmann::json& doc, std::string& error);

// True when `url` is an absolute http(s) URL without a fragment.
bool is_absolute_http_url(const std::string& url);

}  // namespace scan_login::server
