// The demo site's callback page (/callback). The server plays the backend of
// the site that configured this URL: it exchanges the ticket through the
// login flow as that app's backend (the store keeps only the hash of the app
// secret, so the page cannot send the secret itself), verifies
// the token with the JWKS alone, and shows the user and the claims. Like a
// real site's backend it first checks the callback's state against the one
// its page stored in this browser (a cookie), against login CSRF. Failures
// (no ticket, a foreign state, a replayed or expired ticket) are error pages
// with the reason.

#include <algorithm>

#include "api/handler.hpp"
#include "api/refusal.hpp"
#include "auth/crypto_util.hpp"
#include "auth/jwt_verifier.hpp"
#include "http/json_input.hpp"
#include "http/responses.hpp"
#include "http/url.hpp"
#include "pages/html.hpp"

namespace scan_login::server {
namespace {

using nlohmann::json;

std::string text_of(const json& value) {
  if (value.is_string()) return value.get<std::string>();
  if (value.is_null()) return "";
  return value.dump(-1, ' ', false, json::error_handler_t::replace);
}

// The instant a member holds, as ISO 8601 UTC text, or "" when it is no
// date: a token's NumericDate claims (RFC 7519: seconds since the epoch)
// and the user's ISO 8601 fields ending in "At" (registeredAt, lastLoginAt).
std::string date_of(const std::string& key, const json& value) {
  if ((key == "iat" || key == "exp" || key == "nbf" || key == "auth_time") &&
      value.is_number_integer()) {
    const auto seconds = value.get<std::int64_t>();
    if (seconds < 0 || seconds > 253402300799) return "";  // years 1970..9999
    return iso8601(seconds * 1000);
  }
  const bool at = key.size() > 2 && key.compare(key.size() - 2, 2, "At") == 0;
  if (at && value.is_string()) {
    const auto text = value.get<std::string>();
    // What iso8601() writes: 2026-12-02T14:25:12.345Z.
    if (text.size() == 24 && text[4] == '-' && text[10] == 'T' && text.back() == 'Z') return text;
  }
  return "";
}

// A date cell: a <time> whose text is the UTC date and time, readable without
// script; /_pages/local-dates.js shows it in the visitor's own time zone and
// locale. The value as sent stays in the title.
std::string date_cell(const std::string& iso, const json& value) {
  const std::string readable = iso.substr(0, 10) + " " + iso.substr(11, 8) + " UTC";
  return "<time datetime=\"" + html_escape(iso) + "\" title=\"" + html_escape(text_of(value)) +
         "\">" + html_escape(readable) + "</time>";
}

// <tr>s of an object's members, every key and value escaped.
std::string rows(const json& object) {
  std::string html;
  for (const auto& [key, value] : object.items()) {
    const auto date = date_of(key, value);
    html += "<tr data-key=\"" + html_escape(key) + "\"><th scope=\"row\">" + html_escape(key) +
            "</th><td>" + (date.empty() ? html_escape(text_of(value)) : date_cell(date, value)) +
            "</td></tr>";
  }
  return html;
}

bool safe_image_url(const std::string& url) {
  return url.rfind("https://", 0) == 0 || url.rfind("data:image/", 0) == 0;
}

// The cookie demo.js sets: the login's state, percent-encoded.
constexpr std::string_view state_cookie = "scan_login_demo_state";

// The decoded value of cookie `name` in a Cookie header ("a=1; b=2"), if any.
std::optional<std::string> cookie_value(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    const auto semicolon = header.find(';');
    auto pair = header.substr(0, semicolon);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return percent_decode(pair.substr(eq + 1));
    }
    if (semicolon == std::string_view::npos) break;
    header.remove_prefix(semicolon + 1);
  }
  return std::nullopt;
}

}  // namespace

response handler::callback_page(const call& c) {
  const auto ticket = c.params.get("ticket");
  const std::string state = c.params.get("state").value_or("");
  if (!ticket || ticket->empty()) {
    return error_page(c, http::status::bad_request, "No ticket",
                      "This is the demo site's callback: a login sends the browser here with "
                      "?ticket=...&state=.... Start at the home page.");
  }
  // The site's check against login CSRF: the state must be the one the
  // home page stored in this browser before the login started (demo.js).
  // Checked before the exchange, so a refused callback spends no ticket.
  const auto stored = cookie_value(c.req[http::field::cookie], state_cookie);
  if (!stored || state.empty() || !constant_time_equal(*stored, state)) {
    return error_page(c, http::status::forbidden, "This login was not started here",
                      "The callback's state does not match the one this browser stored when "
                      "the login started, so this page will not log you in (someone may have "
                      "sent you their login link). Start at the home page.");
  }
  const std::string callback_url = settings_.public_url + "/callback";
  std::optional<app_config> app;
  for (auto& candidate : flow_.apps()) {
    const auto& urls = candidate.callback_urls;
    if (std::find(urls.begin(), urls.end(), callback_url) != urls.end()) {
      app = std::move(candidate);
      break;
    }
  }
  if (!app) {
    return error_page(c, http::status::not_found, "No app uses this callback",
                      "Add " + callback_url + " to an app's callback URLs in the console.");
  }

  // The backend's exchange: the flow itself, as the app's own backend (the
  // store keeps only the secret's hash).
  exchange_credentials backend;
  backend.app_id = app->app_id;
  backend.own_demo_backend = true;
  const auto exchanged = flow_.exchange_ticket(*ticket, backend);
  if (!exchanged.ok()) {
    return error_page(c, static_cast<http::status>(error_code_of(exchanged.failure().kind) / 100),
                      "The login could not be completed",
                      "Exchanging the ticket failed: " + exchanged.failure().message + ".");
  }
  json user = user_json(exchanged.value().user);
  const auto& params = exchanged.value().ticket.params;
  user["customData"] = params.empty() ? json::object() : json::parse(params, nullptr, false);
  const auto token = verify_rs256(exchanged.value().token, flow_.keys().jwks(),
                                  settings_.public_url, app->app_id, c.now / 1000);

  const json& shown = user;
  const std::string name = text_of(user.value("nickname", json()));
  const std::string photo = text_of(user.value("photo", json()));
  std::string html =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>Logged in</title><link rel=\"stylesheet\" href=\"/_pages/pages.css\">"
      "<script type=\"module\" src=\"/_pages/local-dates.js\"></script></head>"
      "<body><main class=\"card\" id=\"callback\">";
  if (app->mode == app_mode::demo) {
    html +=
        "<p class=\"demo-banner\" id=\"demo-mode\">Demo app: the identity and phone number "
        "were typed on the stand-in page, not verified by WeChat "
        "(phone_number_verified is false).</p>";
  }
  html += "<h1>Logged in to " + html_escape(app->name) + "</h1>";
  if (safe_image_url(photo)) {
    html += "<img class=\"avatar\" width=\"64\" height=\"64\" alt=\"\" src=\"" +
            html_escape(photo) + "\">";
  }
  html += "<p id=\"greeting\">Welcome, " + html_escape(name) +
          ". This page played the site's backend: it exchanged the ticket through the flow "
          "and checked the token against /.well-known/jwks.json.</p>"
          "<h2>State</h2><p><code id=\"state\">" +
          html_escape(state) + "</code></p><h2>User</h2><table id=\"user\">" + rows(shown) +
          "</table><h2>Token</h2>";
  if (token.ok) {
    html += "<p id=\"token-status\" class=\"ok\">Signature verified (RS256, kid " +
            html_escape(token.kid) + "); issuer, audience and expiry checked.</p>" +
            "<table id=\"claims\">" + rows(token.claims) + "</table>";
  } else {
    html += "<p id=\"token-status\" class=\"error\">Token refused: " + html_escape(token.error) +
            "</p>";
  }
  html += "<p><a href=\"/\">Back to the demo</a></p></main></body></html>\n";
  auto res = make_response(c.req, http::status::ok, std::move(html), "text/html; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  // The state is used up with its login.
  res.set(http::field::set_cookie,
          std::string{state_cookie} + "=; Path=/callback; Max-Age=0; SameSite=Lax");
  add_html_security_headers(res, pages_csp);
  return res;
}

}  // namespace scan_login::server
