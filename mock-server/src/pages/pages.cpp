// Server-side pages: the phone page (/m/<code>), the console, their assets,
// and /login, whose page the web app provides (/callback is demo_site.cpp).
// /login checks app_id and redirect_uri first and answers a server-rendered
// error page, never a redirect, when they are not configured.

#include <algorithm>

#include "api/handler.hpp"
#include "http/responses.hpp"
#include "http/url.hpp"
#include "pages/html.hpp"

namespace scan_login::server {

response handler::phone_page(const call& c) {
  const auto name = c.path.substr(std::string_view{"/m/"}.size());
  // WeChat's "scan an ordinary link QR code" rule covers <prefix>/m/: its
  // verification file is served in that folder.
  if (name.find('.') != std::string_view::npos) {
    for (const auto& mp : flow_.mini_programs()) {
      if (!mp.verification_file_name.empty() && name == mp.verification_file_name) {
        return make_response(c.req, http::status::ok, mp.verification_file_content,
                             "text/plain; charset=utf-8");
      }
    }
    return make_text(c.req, http::status::not_found, "not found");
  }
  // A wechat app's QR opened by a camera outside WeChat: the stand-in page
  // would let a browser assert an identity, so it says to scan with WeChat.
  const auto found = flow_.code_context(std::string{name});
  if (found.ok() && found.value().app.mode == app_mode::wechat) {
    return error_page(c, http::status::ok, "Scan with WeChat · 请用微信扫码",
                      "This login QR code opens the " + found.value().app.name +
                          " mini program: scan it with WeChat (Scan, 扫一扫). "
                          "此二维码需用微信扫一扫打开小程序完成登录。");
  }
  return serve_file(c.req, settings_.pages_root / "phone.html", pages_csp);
}

response handler::console_page(const call& c) {
  return serve_file(c.req, settings_.pages_root / "console.html", pages_csp);
}

response handler::page_asset(const call& c, std::string_view file) {
  const auto relative = safe_relative_path("/" + std::string{file});
  if (!relative || relative->empty()) return make_text(c.req, http::status::not_found, "not found");
  return serve_file(c.req, settings_.pages_root / *relative, pages_csp);
}

response handler::error_page(const call& c, http::status status, const std::string& title,
                             const std::string& detail) {
  std::string html =
      "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
      "<title>" +
      html_escape(title) +
      "</title>"
      "<link rel=\"stylesheet\" href=\"/_pages/pages.css\"></head><body><main class=\"card\">"
      "<h1>" +
      html_escape(title) + "</h1><p>" + html_escape(detail) + "</p></main></body></html>\n";
  auto res = make_response(c.req, status, std::move(html), "text/html; charset=utf-8");
  res.set(http::field::cache_control, "no-store");
  add_html_security_headers(res, pages_csp);
  return res;
}

response handler::login_page(const call& c) {
  const auto app_id = c.params.get("app_id");
  const auto redirect_uri = c.params.get("redirect_uri");
  if (!app_id || app_id->empty()) {
    return error_page(c, http::status::bad_request, "Missing app_id",
                      "The login link must name the app: /login?app_id=<app id>&redirect_uri=<a "
                      "configured callback URL>&state=<value>.");
  }
  const auto found = flow_.app(*app_id);
  const auto app = found.ok() ? std::optional<app_config>{found.value()} : std::nullopt;
  if (!app) {
    return error_page(c, http::status::not_found, "Unknown app",
                      "No app \"" + app_id->substr(0, 64) +
                          "\" is configured on this server. Check the app id in the console.");
  }
  if (redirect_uri && !redirect_uri->empty() &&
      std::find(app->callback_urls.begin(), app->callback_urls.end(), *redirect_uri) ==
          app->callback_urls.end()) {
    return error_page(c, http::status::bad_request, "Callback URL not allowed",
                      "The redirect_uri \"" + redirect_uri->substr(0, 512) +
                          "\" is not one of the callback URLs configured for " + app->name +
                          ". Add it in the console or fix the link; this page never redirects "
                          "to an unconfigured address.");
  }
  // The hosted page is never framed, --no-csp or not: a page that framed it
  // could dress the code up as its own (or cover it) and have a visitor
  // log in for it. The popup mode is a window, not a frame.
  const auto& site_csp = settings_.site.html_csp;
  const std::string csp = (site_csp.empty() ? "" : site_csp + "; ") + "frame-ancestors 'none'";
  auto res = serve_file(c.req, settings_.site.web_root / "login" / "index.html", csp);
  res.set(http::field::cache_control, "no-store");
  res.set("X-Frame-Options", "DENY");  // the same for browsers without frame-ancestors
  return res;
}

}  // namespace scan_login::server
