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
//   GET  /.well-known/jwks.json | /.well-known/openid-configuration | /healthz | /metrics
//   GET  /m/<code> | /console | /_pages/<file> | /login | /callback | static files

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "config/app_config.hpp"
#include "auth/crypto_util.hpp"
#include "http/http_types.hpp"
#include "auth/jwt_signer.hpp"
#include "api/metrics.hpp"
#include "api/rate_limiter.hpp"
#include "http/static_files.hpp"
#include "store/store.hpp"

namespace scan_login::server {

// What the shell knows about the connection a request came on.
struct client_info {
  std::string ip;              // remote address, e.g. "127.0.0.1"
  std::size_t held_polls = 0;  // long polls the shell holds right now (all clients)
};

// Park the request until notify(random) or until `wait` has passed.
struct hold {
  std::string random;
  std::chrono::milliseconds wait{0};
};

struct outcome {
  std::optional<response> res;  // the answer, or
  std::optional<hold> held;     // the order to hold (only when may_hold)
};

struct handler_settings {
  static_site site;
  std::filesystem::path pages_root;  // phone, console and error pages
  std::string public_url;            // base of QR contents, token iss; no trailing slash
  std::string admin_token;           // required by the admin API
  limits_config limits;
};

// Unix time in milliseconds.
using clock_source = std::function<std::int64_t()>;
clock_source system_clock_ms();

class handler {
 public:
  handler(handler_settings settings, store& state, const jwt_signer& signer, clock_source clock,
          random_source random);

  // Answers one request. Never throws; an unexpected failure is a 500
  // envelope without internals.
  outcome handle(const request& req, const client_info& client, bool may_hold);

  // Called with a poll key whenever that code's status changes, so the
  // shell can answer the long polls held on it.
  void set_status_listener(std::function<void(const std::string& random)> listener) {
    status_listener_ = std::move(listener);
  }

  // Drops ended codes and tickets and idle rate-limit buckets; returns how
  // many records went. The shell calls it on a timer.
  std::size_t sweep();

  const handler_settings& settings() const { return settings_; }

 private:
  struct call {
    const request& req;
    const client_info& client;
    std::string_view path;
    std::string_view query;
    std::int64_t now;
    bool may_hold;
    const char* route;  // metrics label, set by dispatch
  };

  outcome dispatch(call& c);
  std::optional<response> preflight(const call& c);
  void add_cors(const call& c, response& res) const;
  bool origin_allowed(const call& c, std::string_view origin) const;
  bool same_origin(const call& c, std::string_view origin) const;

  // PC side (api_pc.cpp).
  response gene(const call& c);
  outcome check(const call& c);
  response check_answer(const call& c, const code_record& record);
  response userinfo(const call& c);
  response image(const call& c, std::string_view code);

  // Phone side (api_phone.cpp). find_code reads the JSON body and the code
  // it names into `body` and `record`, or returns the refusal.
  std::optional<response> find_code(const call& c, nlohmann::json& body, code_record& record);
  response phone_context(const call& c);
  response scanned(const call& c);
  response confirm(const call& c);
  response cancel(const call& c);
  user_record login_user(const code_record& record, const std::string& phone,
                         const std::string& real_name, std::int64_t now);

  // Apps, keys, health (api_admin.cpp).
  response public_config(const call& c, const std::string& app_id);
  response update_config(const call& c, const std::string& app_id);
  response list_apps(const call& c);
  std::optional<response> require_admin(const call& c);
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
  void notify(const std::string& random);

  handler_settings settings_;
  store& store_;
  const jwt_signer& signer_;
  clock_source clock_;
  random_source random_;
  rate_limiter gene_limiter_;
  metrics metrics_;
  std::function<void(const std::string&)> status_listener_;
};

}  // namespace scan_login::server
