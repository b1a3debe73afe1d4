#include "api/handler.hpp"

#include <algorithm>
#include <cctype>
#include <exception>
#include <iostream>

#include "api/refusal.hpp"
#include "http/error_codes.hpp"
#include "http/responses.hpp"
#include "http/throttled_log.hpp"
#include "http/url.hpp"
#include "store/memory_only.hpp"

namespace scan_login::server {
namespace {

constexpr std::string_view api_prefix = "/api/v2/";
constexpr std::string_view apps_prefix = "/api/v2/applications/";
constexpr std::string_view image_prefix = "/api/v2/qrcode/image/";
constexpr std::string_view admin_apps_prefix = "/api/v2/admin/applications/";
constexpr std::string_view avatars_prefix = "/avatars/";
constexpr std::string_view admin_users_prefix = "/api/v2/admin/users/";

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

bool is_read(const request& req) {
  return req.method() == http::verb::get || req.method() == http::verb::head;
}

response method_not_allowed(const request& req, const char* allow) {
  auto res = make_error(req, errors::method_not_allowed,
                        std::string{"method not allowed here; use "} + allow);
  res.set(http::field::allow, allow);
  return res;
}

// Whether a preflight's Access-Control-Request-Headers (a comma-separated,
// case-insensitive list) names x-authing-app-id.
bool announces_app_id(const request& req) {
  std::string names{req[http::field::access_control_request_headers]};
  std::transform(names.begin(), names.end(), names.begin(),
                 [](unsigned char ch) { return static_cast<char>(std::tolower(ch)); });
  std::size_t start = 0;
  while (start <= names.size()) {
    const auto comma = std::min(names.find(',', start), names.size());
    auto item = std::string_view{names}.substr(start, comma - start);
    while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
    while (!item.empty() && (item.back() == ' ' || item.back() == '\t')) item.remove_suffix(1);
    if (item == "x-authing-app-id") return true;
    start = comma + 1;
  }
  return false;
}

}  // namespace

clock_source system_clock_ms() {
  return [] {
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

handler::handler(handler_settings settings, login_flow& flow)
    : settings_(std::move(settings)),
      flow_(flow),
      gene_limiter_(settings_.limits.gene_rate, settings_.limits.gene_burst) {}

std::size_t handler::body_limit_for(const http::request_header<>& head, std::size_t fallback) {
  return head.method() == http::verb::post &&
                 split_target(head.target()).path == "/api/v2/qrcode/avatar"
             ? std::max(fallback, max_avatar_bytes)
             : fallback;
}

bool handler::tries_memory_first(const request& req) {
  return is_read(req) && split_target(req.target()).path == "/api/v2/qrcode/check";
}

bool handler::needs_store(const request& req) {
  const auto path = split_target(req.target()).path;
  return !(is_read(req) && (path == "/" || starts_with(path, "/_pages/") ||
                            starts_with(path, "/wasm/") || starts_with(path, "/src/") ||
                            starts_with(path, "/playground/") || starts_with(path, "/demo/")));
}

outcome handler::handle(const request& req, const client_info& client, bool may_hold) {
  const auto [path, query] = split_target(req.target());
  std::string why;
  const auto params = query_params::parse(query, why);
  const query_params none;
  call c{req,         client,   settings_.proxies.client_address(client.ip, req["X-Forwarded-For"]),
         path,        query,    params ? *params : none,
         flow_.now(), may_hold, "static"};
  outcome result;
  try {
    if (!params) {
      c.route = "bad_query";
      const bool api = starts_with(path, "/api/") || starts_with(path, "/.well-known/");
      result = {api ? make_error(req, errors::bad_query, "malformed query string: " + why)
                    : make_text(req, http::status::bad_request, "malformed query string: " + why),
                std::nullopt};
    } else if (auto refused = refuse_foreign_origin(c)) {
      c.route = "cors_refused";
      result = {std::move(*refused), std::nullopt};
    } else {
      result = dispatch(c);
    }
  } catch (const would_block&) {
    throw;  // a memory-only attempt: the shell runs the request on a worker
  } catch (const store_unavailable& e) {
    throttled_log::shared().write("store", e.what());
    result = {make_error(req, errors::store_unavailable,
                         "the server's database is unavailable; retry in a moment"),
              std::nullopt};
    result.res->set(http::field::retry_after, "1");
  } catch (const std::exception&) {
    c.route = "internal";
    result = {make_error(req, errors::internal,
                         "internal error; the server log has no details either, please report "
                         "the request"),
              std::nullopt};
  }
  if (result.res) {
    try {
      add_cors(c, *result.res);
    } catch (const would_block&) {
      throw;
    } catch (const std::exception&) {
      // The store failed while judging the origin: the answer goes out
      // without CORS headers (a browser then reports a network error).
    }
    metrics_.count(c.route, static_cast<unsigned>(result.res->result_int()), memory_only());
  }
  return result;
}

outcome handler::dispatch(call& c) {
  const auto& req = c.req;
  const auto method = req.method();
  const auto path = c.path;

  if (method == http::verb::options &&
      (starts_with(path, api_prefix) || starts_with(path, "/.well-known/"))) {
    c.route = "preflight";
    return {preflight(c), std::nullopt};
  }

  if (starts_with(path, "/api/v2/qrcode/")) {
    const auto name = path.substr(std::string_view{"/api/v2/qrcode/"}.size());
    if (name == "check") {
      c.route = "check";
      if (!is_read(req)) return {method_not_allowed(req, "GET"), std::nullopt};
      return check(c);
    }
    if (name == "context") {
      c.route = "context";
      if (!is_read(req)) return {method_not_allowed(req, "GET"), std::nullopt};
      return {phone_context(c), std::nullopt};
    }
    if (starts_with(path, image_prefix)) {
      c.route = "image";
      if (!is_read(req)) return {method_not_allowed(req, "GET"), std::nullopt};
      auto file = path.substr(image_prefix.size());
      if (file.size() < 5 || file.substr(file.size() - 4) != ".svg") {
        return {make_error(req, errors::unknown_code, "unknown image"), std::nullopt};
      }
      return {image(c, file.substr(0, file.size() - 4)), std::nullopt};
    }
    using post_fn = response (handler::*)(const call&);
    static const std::pair<std::string_view, post_fn> posts[] = {
        {"gene", &handler::gene},       {"userinfo", &handler::userinfo},
        {"scanned", &handler::scanned}, {"confirm", &handler::confirm},
        {"cancel", &handler::cancel},   {"avatar", &handler::upload_avatar},
    };
    for (const auto& [route, fn] : posts) {
      if (name == route) {
        c.route = route.data();
        if (method != http::verb::post) return {method_not_allowed(req, "POST"), std::nullopt};
        return {(this->*fn)(c), std::nullopt};
      }
    }
  }

  if (starts_with(path, apps_prefix)) {
    const auto rest = path.substr(apps_prefix.size());
    const auto slash = rest.find('/');
    const auto app_id = percent_decode(rest.substr(0, slash));
    const auto tail = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    if (app_id && tail == "/public-config") {
      c.route = "public_config";
      if (!is_read(req)) return {method_not_allowed(req, "GET"), std::nullopt};
      return {public_config(c, *app_id), std::nullopt};
    }
    if (app_id && tail == "/config") {
      c.route = "admin";
      if (method != http::verb::put && method != http::verb::post) {
        return {method_not_allowed(req, "PUT"), std::nullopt};
      }
      return {update_config(c, *app_id), std::nullopt};
    }
  }
  if (path == "/api/v2/admin/applications") {
    c.route = "admin";
    if (method == http::verb::post) return {create_app(c), std::nullopt};
    if (!is_read(req)) return {method_not_allowed(req, "GET, POST"), std::nullopt};
    return {list_apps(c), std::nullopt};
  }
  if (starts_with(path, admin_apps_prefix)) {
    // /api/v2/admin/applications/<appId>[/secret]
    c.route = "admin";
    const auto rest = path.substr(admin_apps_prefix.size());
    const auto slash = rest.find('/');
    const auto app_id = percent_decode(rest.substr(0, slash));
    const auto action = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    if (app_id && !app_id->empty()) return {admin_app(c, *app_id, action), std::nullopt};
  }
  if (path == "/api/v2/admin/users") {
    c.route = "admin";
    if (!is_read(req)) return {method_not_allowed(req, "GET"), std::nullopt};
    return {list_users(c), std::nullopt};
  }
  if (starts_with(path, admin_users_prefix)) {
    // /api/v2/admin/users/<id>[/block|/unblock|/export]
    c.route = "admin";
    const auto rest = path.substr(admin_users_prefix.size());
    const auto slash = rest.find('/');
    const auto user_id = percent_decode(rest.substr(0, slash));
    const auto action = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash);
    if (user_id && !user_id->empty()) return {admin_user(c, *user_id, action), std::nullopt};
  }
  if (path == "/api/v2/admin/audit") {
    c.route = "admin";
    if (!is_read(req)) return {method_not_allowed(req, "GET"), std::nullopt};
    return {audit_log(c), std::nullopt};
  }
  if (path == "/api/v2/admin/signing-keys/rotate") {
    c.route = "admin";
    if (method != http::verb::post) return {method_not_allowed(req, "POST"), std::nullopt};
    return {rotate_signing_key(c), std::nullopt};
  }
  if (starts_with(path, api_prefix) || path == "/api" || starts_with(path, "/api/")) {
    c.route = "unknown_api";
    return {make_error(req, errors::unknown_route,
                       "no such API route: see docs/server.md for the list"),
            std::nullopt};
  }

  // Everything below is read-only.
  if (!is_read(req)) {
    c.route = "static";
    return {method_not_allowed(req, "GET, HEAD"), std::nullopt};
  }
  using get_fn = response (handler::*)(const call&);
  static const std::pair<std::string_view, get_fn> gets[] = {
      {"/.well-known/jwks.json", &handler::jwks},
      {"/.well-known/openid-configuration", &handler::openid_configuration},
      {"/healthz", &handler::healthz},
      {"/metrics", &handler::metrics_text},
      {"/console", &handler::console_page},
      {"/login", &handler::login_page},
      {"/login/", &handler::login_page},
      {"/callback", &handler::callback_page},
      {"/callback/", &handler::callback_page},
  };
  for (const auto& [route, fn] : gets) {
    if (path == route) {
      c.route = route.data() + 1;
      return {(this->*fn)(c), std::nullopt};
    }
  }
  if (starts_with(path, avatars_prefix)) {
    c.route = "avatar";
    if (!is_read(req)) return {method_not_allowed(req, "GET"), std::nullopt};
    return {avatar_file(c, path.substr(avatars_prefix.size())), std::nullopt};
  }
  if (starts_with(path, "/m/")) {
    c.route = "phone_page";
    return {phone_page(c), std::nullopt};
  }
  if (starts_with(path, "/_pages/")) {
    c.route = "page_asset";
    return {page_asset(c, path.substr(std::string_view{"/_pages/"}.size())), std::nullopt};
  }
  if (starts_with(path, component_prefix)) {
    c.route = "component";
    if (!is_read(req)) return {method_not_allowed(req, "GET"), std::nullopt};
    return {serve_component(req, path, settings_.component), std::nullopt};
  }
  c.route = "static";
  return {serve_static(req, settings_.site), std::nullopt};
}

bool handler::same_origin(const call& c, std::string_view origin) const {
  if (origin == settings_.public_url) return true;
  const auto host = c.req[http::field::host];
  return !host.empty() &&
         (origin == "http://" + std::string{host} || origin == "https://" + std::string{host});
}

bool handler::origin_allowed(const call& c, std::string_view origin) const {
  if (origin.empty()) return false;
  const auto app_id = c.req["x-authing-app-id"];
  const auto allows = [&](const app_config& app) {
    for (const auto& allowed : app.allowed_origins) {
      if (allowed == origin) return true;
    }
    return false;
  };
  if (!app_id.empty()) {
    const auto app = flow_.app(std::string{app_id});
    return app.ok() && allows(app.value());
  }
  for (const auto& app : flow_.apps()) {
    if (allows(app)) return true;
  }
  return false;
}

std::optional<response> handler::refuse_foreign_origin(const call& c) {
  // PROTOCOL.md "CORS": an actual cross-origin API request that names an app
  // (x-authing-app-id, even an empty one) is judged before any route runs,
  // so no code is made and no state changes for it: an unknown app and an
  // app that does not allow the Origin are refused. As preflights that
  // announce x-authing-app-id pass for every origin, this is what keeps a
  // foreign page from running any API route with such a header. The
  // refusal echoes the origin and allows credentials (the element fetches
  // with them; the body holds nothing but the refusal), so the page can
  // read why (and say so) instead of seeing a network error and retrying
  // forever.
  if (c.req.method() == http::verb::options || !starts_with(c.path, api_prefix)) {
    return std::nullopt;
  }
  const auto origin = c.req[http::field::origin];
  const auto named = c.req.find("x-authing-app-id");
  if (origin.empty() || named == c.req.end() || same_origin(c, origin)) return std::nullopt;
  const std::string app_id{named->value()};
  const auto app = flow_.app(app_id);
  std::optional<response> res;
  if (!app.ok()) {
    res = refusal(c.req, {app.failure().kind, "x-authing-app-id: " + app.failure().message});
  } else {
    const auto& allowed = app.value().allowed_origins;
    if (std::find(allowed.begin(), allowed.end(), origin) != allowed.end()) return std::nullopt;
    res = make_error(c.req, errors::cors_origin_refused,
                     "origin " + std::string{origin.substr(0, 200)} +
                         " is not in the allowedOrigins of app '" + app.value().app_id +
                         "': add it there (console or admin API) to use the app from this site");
  }
  res->set(http::field::access_control_allow_origin, origin);
  res->set(http::field::access_control_allow_credentials, "true");
  res->set(http::field::vary, "Origin");
  return res;
}

std::optional<response> handler::preflight(const call& c) {
  auto res = make_response(c.req, http::status::no_content, {}, "text/plain");
  res.erase(http::field::content_type);
  return res;
}

void handler::add_cors(const call& c, response& res) const {
  if (!starts_with(c.path, api_prefix) && !starts_with(c.path, "/.well-known/")) return;
  const auto origin = c.req[http::field::origin];
  if (origin.empty()) return;
  res.set(http::field::vary, "Origin");
  // A preflight names the headers it wants but not their values. One that
  // announces x-authing-app-id is answered for every origin: its actual
  // request is judged against the app it names before any route runs
  // (refuse_foreign_origin), so a page on an origin no app allows still
  // reads the refusal. Other preflights pass for an origin any app allows.
  const bool preflight = c.req.method() == http::verb::options;
  if (!(preflight && announces_app_id(c.req)) && !origin_allowed(c, origin)) return;
  res.set(http::field::access_control_allow_origin, origin);
  res.set(http::field::access_control_allow_credentials, "true");
  if (preflight) {
    res.set(http::field::access_control_allow_methods, "GET, POST, PUT, DELETE, OPTIONS");
    res.set(http::field::access_control_allow_headers,
            "Content-Type, Authorization, x-authing-app-id, x-authing-userpool-id, "
            "x-authing-lang, x-authing-request-from, x-authing-sdk-version");
    res.set(http::field::access_control_max_age, "600");
  }
}

std::size_t handler::sweep() {
  gene_limiter_.sweep(flow_.now());
  return flow_.sweep();
}

}  // namespace scan_login::server
