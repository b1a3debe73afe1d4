#pragma once
// The stable numeric `code` of every failure envelope (PROTOCOL.md "Envelope
// and errors"). The first three digits are the HTTP status. Never reuse a
// number for another meaning; clients and docs/server.md rely on them.

namespace scan_login::server::errors {

inline constexpr int ok = 200;

inline constexpr int bad_field = 40001;              // a JSON field or query parameter is wrong
inline constexpr int missing_app_id = 40002;         // x-authing-app-id header missing
inline constexpr int redirect_not_allowed = 40003;   // redirectUri is not a configured callback
inline constexpr int bad_json = 40004;               // body is not a JSON object
inline constexpr int bad_query = 40005;              // the query string is malformed (http/url.hpp)
inline constexpr int wechat_bad_code = 40006;        // WeChat refused the wx.login / phone code
inline constexpr int wechat_phone_mismatch = 40007;  // the number is another mini program's
inline constexpr int missing_credentials = 40101;    // no app secret / not an allowed browser
inline constexpr int bad_app_secret = 40102;
inline constexpr int missing_admin_token = 40103;
inline constexpr int bad_metrics_token = 40104;  // /metrics is restricted: token missing or wrong
inline constexpr int missing_exchange_proof = 40105;  // browser exchange needs the poll key
inline constexpr int origin_not_allowed = 40301;      // browser exchange refused for this origin
inline constexpr int bad_admin_token = 40302;
inline constexpr int cors_origin_refused = 40303;  // the named app does not allow this Origin
inline constexpr int self_asserted_identity =
    40306;                                     // a wechat app takes identity from WeChat only
inline constexpr int wechat_refused = 40307;   // WeChat refused this person's login
inline constexpr int account_blocked = 40308;  // the site's operator blocked this account
inline constexpr int unknown_app = 40401;
inline constexpr int unknown_random = 40402;  // the server lost the code (restart): regenerate
inline constexpr int unknown_code = 40403;
inline constexpr int unknown_ticket = 40404;
inline constexpr int unknown_route = 40405;
inline constexpr int unknown_user = 40406;  // the admin API names no stored user
inline constexpr int method_not_allowed = 40501;
inline constexpr int wrong_state = 40901;    // transition not allowed from the current status
inline constexpr int ticket_used = 40902;    // the ticket was already exchanged
inline constexpr int other_scanner = 40903;  // another phone scanned this code
inline constexpr int app_exists = 40904;     // an app with this appId exists
inline constexpr int code_expired = 41001;
inline constexpr int ticket_expired = 41002;
inline constexpr int body_too_large = 41301;
inline constexpr int not_json = 41501;
inline constexpr int not_an_image = 41502;  // an avatar upload that is no PNG, JPEG or WebP
inline constexpr int rate_limited = 42901;
inline constexpr int headers_too_large = 43101;
inline constexpr int internal = 50001;
inline constexpr int wechat_unreachable = 50201;    // WeChat did not answer in time; retry
inline constexpr int wechat_misconfigured = 50202;  // the mini program's AppID/AppSecret: operator
inline constexpr int too_many_codes = 50301;
inline constexpr int too_many_polls = 50302;        // all clients' or this client's long polls
inline constexpr int too_many_connections = 50305;  // this client holds its share of connections
inline constexpr int store_unavailable = 50303;     // the database cannot be reached; retry
inline constexpr int shutting_down =
    50304;                                 // this process is stopping; retry (another one answers)
inline constexpr int wechat_busy = 50306;  // WeChat is busy or rate-limits; Retry-After

}  // namespace scan_login::server::errors
