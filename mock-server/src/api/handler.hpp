#pragma once
// The pure request handler: request in, outcome out. It owns no sockets and
// no timers; the clock and randomness are injected. A long poll comes back
// as a `hold` that the shell parks until notify(random) or until its wait
// ends, and then asks for the answer again with may_hold = false.
//
// Routes (PROTOCOL.md; docs/server.md has the details):
//   POST /api/v2/qrcode/gene | GET /api/v2/qrcode/check | POST /api/v2/qrcode/userinfo
//   GET  /api/v2/qrcode/image/<code>.svg | GET /api/v2/qrcode/context?code=
//   POST /api/v2/qrcode/scanned | confirm | cancel
//   GET  /api/v2/applications/<appId>/public-config
//   PUT  /api/v2/applications/<appId>/config (admin) | GET /api/v2/admin/applications (admin)
//   GET  /api/v2/admin/users[/<id>[/export]] | POST .../<id>/block|unblock | DELETE .../<id>
//   GET  /api/v2/admin/audit (admin)
//   GET  /.well-known/jwks.json | /.well-known/openid-configuration | /healthz | /metrics
//   GET  /m/<code> | /console | /_pages/<file> | /login | /callback | static files

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "api/metrics.hpp"
#include "api/rate_limiter.hpp"
#include "config/app_config.hpp"
#include "flow/login_flow.hpp"
#include "http/component_files.hpp"
#include "http/forwarded.hpp"
#include "http/http_types.hpp"
#include "http/static_files.hpp"
#include "http/url.hpp"

namespace scan_login::server {

// What the shell knows about the connection a request came on.
struct client_info {
  std::string ip;              // the peer's address, e.g. "127.0.0.1"
  std::size_t held_polls = 0;  // long polls the shell holds right now (all clients)
  // When this request was held already: what is left of its wait. A hold
  // is never longer; none at all when nothing is left.
  std::optional<std::chrono::milliseconds> wait_left;
};

// Park the request until notify(random) or until `wait` has passed.
struct hold {
  std::string random;
  std::chrono::milliseconds wait{0};
  std::string client;  // the client's address (behind a trusted proxy, the forwarded one)
};

struct outcome {
  std::optional<response> res;  // the answer, or
  std::optional<hold> held;     // the order to hold (only when may_hold)
};

struct handler_settings {
  static_site site;
  component_site component;          // /component/: the served bundle (http/component_files.hpp)
  std::filesystem::path pages_root;  // phone, console and error pages
  std::string public_url;            // base of QR contents, token iss; no trailing slash
  std::string admin_token;           // required by the admin API
  std::string metrics_token;         // when set, /metrics requires it (Authorization: Bearer)
  limits_config limits;
  trusted_proxies proxies;  // peers whose X-Forwarded-For is believed
};

// Unix time in milliseconds.
clock_source system_clock_ms();

// Thread-safe: the shell calls handle() from several worker threads at once.
class handler {
 public:
  handler(handler_settings settings, login_flow& flow);

  // Whether answering `req` may touch the store (and so block): every route
  // but static files and the pages' own assets. The shell answers the others
  // on the io thread, so a slow database never holds up the web app's files.
  static bool needs_store(const request& req);
  // Whether the shell should first try `req` on the io thread inside a
  // memory_only_scope (store/memory_only.hpp): a check by poll key, which the
  // store's view usually answers from memory. handle() then throws
  // would_block when it needs the database, before any effect.
  static bool tries_memory_first(const request& req);
  // The body limit for a request with this header: `fallback` (the shell's)
  // but for an avatar upload, which may carry max_avatar_bytes.
  static constexpr std::size_t max_avatar_bytes = 64 * 1024;
  static std::size_t body_limit_for(const http::request_header<>& head, std::size_t fallback);

  // Answers one request; may block on the store (call it on a worker).
  // Never throws but would_block inside a memory_only_scope; an unexpected
  // failure is a 500 envelope without internals, a failing database a 503
  // that says to retry.
  outcome handle(const request& req, const client_info& client, bool may_hold);

  // Drops ended codes and tickets and idle rate-limit buckets; returns how
  // many records went. The shell calls it on a timer, on a worker.
  std::size_t sweep();

  const handler_settings& settings() const { return settings_; }

 private:
  struct call {
    const request& req;
    const client_info& client;
    std::string ip;  // the client's address: the peer, or forwarded by a trusted proxy
    std::string_view path;
    std::string_view query;      // as sent (still encoded), for redirects that keep it
    const query_params& params;  // the query, parsed strictly
    std::int64_t now;
    bool may_hold;
    const char* route;  // metrics label, set by dispatch
  };

  outcome dispatch(call& c);
  std::optional<response> preflight(const call& c);
  // The 403 for a cross-origin API request whose named app does not allow
  // its Origin (PROTOCOL.md "CORS"), or nothing.
  std::optional<response> refuse_foreign_origin(const call& c);
  void add_cors(const call& c, response& res) const;
  bool origin_allowed(const call& c, std::string_view origin) const;
  bool same_origin(const call& c, std::string_view origin) const;

  // PC side (api_pc.cpp).
  response gene(const call& c);
  outcome check(const call& c);
  response check_answer(const call& c, const check_output& found);
  response userinfo(const call& c);
  response image(const call& c, std::string_view code);

  // Phone side (api_phone.cpp). find_code reads the JSON body and the code
  // it names into `body` and `record`, or returns the refusal.
  std::optional<response> read_code(const call& c, nlohmann::json& body, std::string& code);
  response phone_context(const call& c);
  response scanned(const call& c);
  response confirm(const call& c);
  response cancel(const call& c);
  // POST /api/v2/qrcode/avatar?code=&scanToken= (raw PNG, JPEG or WebP) and
  // GET /avatars/<id>.<ext>, the picture served back.
  response upload_avatar(const call& c);
  response avatar_file(const call& c, std::string_view file);

  // Apps, keys, health (api_admin.cpp).
  response public_config(const call& c, const std::string& app_id);
  response update_config(const call& c, const std::string& app_id);
  response list_apps(const call& c);
  response create_app(const call& c);
  response admin_app(const call& c, const std::string& app_id, std::string_view action);
  response rotate_signing_key(const call& c);
  std::optional<response> require_admin(const call& c);
  // Users and the audit log (api_users.cpp).
  response list_users(const call& c);
  response admin_user(const call& c, const std::string& user_id, std::string_view action);
  response audit_log(const call& c);
  nlohmann::json admin_user_json(const user_record& user, bool mask) const;
  nlohmann::json user_details_json(const user_details& details) const;
  nlohmann::json audit_json(const audit_record& entry) const;

  response jwks(const call& c);
  response openid_configuration(const call& c);
  response healthz(const call& c);
  response metrics_text(const call& c);

  // Pages (pages.cpp).
  response phone_page(const call& c);
  response console_page(const call& c);
  response page_asset(const call& c, std::string_view file);
  response login_page(const call& c);
  response callback_page(const call& c);
  response error_page(const call& c, http::status status, const std::string& title,
                      const std::string& detail);

  nlohmann::json user_json(const user_record& user) const;
  std::string qrcode_content(const app_config& app, const std::string& code) const;

  handler_settings settings_;
  login_flow& flow_;
  rate_limiter gene_limiter_;
  metrics metrics_;
  // Codes by status for /metrics: one store query a second at most,
  // however often /metrics is asked.
  std::mutex codes_mutex_;
  std::chrono::steady_clock::time_point codes_read_at_;
  std::map<code_status, std::size_t> codes_;
};

}  // namespace scan_login::server
