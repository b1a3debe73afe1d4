#include "http/static_files.hpp"

#include <fstream>
#include <sstream>
#include <system_error>

#include "http/etag.hpp"
#include "http/mime.hpp"
#include "http/responses.hpp"
#include "http/url.hpp"

namespace scan_login::server {
namespace fs = std::filesystem;

std::optional<fs::path> safe_relative_path(std::string_view url_path, bool* trailing_slash) {
  const auto decoded = percent_decode(url_path);
  if (!decoded || decoded->empty() || decoded->front() != '/') return std::nullopt;
  if (trailing_slash) *trailing_slash = decoded->back() == '/';
  fs::path relative;
  std::string_view rest{*decoded};
  while (!rest.empty()) {
    const auto slash = rest.find('/');
    const auto segment = rest.substr(0, slash);
    if (!segment.empty()) {
      if (segment.front() == '.' || segment.find('\\') != std::string_view::npos) {
        return std::nullopt;
      }
      relative /= std::string{segment};
    }
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return relative;
}

std::optional<response> file_or_not_modified(const request& req, const fs::path& file,
                                             const std::string& etag,
                                             std::string_view content_type) {
  response res;
  const auto inm = req[http::field::if_none_match];
  if (!inm.empty() && etag_matches(inm, etag)) {
    res = make_response(req, http::status::not_modified, {}, content_type);
    res.erase(http::field::content_length);
  } else {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream content;
    content << in.rdbuf();
    if (!in) return std::nullopt;
    res = make_response(req, http::status::ok, std::move(content).str(), content_type);
  }
  res.set(http::field::etag, etag);
  return res;
}

response serve_file(const request& req, const fs::path& file, std::string_view csp) {
  std::error_code ec;
  const auto status = fs::status(file, ec);
  if (ec || !fs::is_regular_file(status)) {
    return make_text(req, http::status::not_found, "not found: " + std::string{req.target()});
  }
  const auto size = fs::file_size(file, ec);
  if (ec) return make_text(req, http::status::not_found, "not found");
  const auto name = file.filename().string();
  const auto etag = etag_for(file, size);

  auto answer = file_or_not_modified(req, file, etag, mime_type(name));
  if (!answer) return make_text(req, http::status::not_found, "not found");
  response res = std::move(*answer);
  res.set(http::field::cache_control, cache_control_for(name));
  if (mime_type(name).substr(0, 9) == "text/html") add_html_security_headers(res, csp);
  return res;
}

response serve_static(const request& req, const static_site& site) {
  const auto [path, query] = split_target(req.target());
  bool trailing_slash = false;
  const auto relative = safe_relative_path(path, &trailing_slash);
  if (!relative) return make_text(req, http::status::bad_request, "bad path");

  fs::path root = site.web_root;
  fs::path rel = *relative;
  const auto first = rel.begin();
  if (first != rel.end() && *first == "wasm") {
    root = site.wasm_root;
    rel = rel.lexically_relative("wasm");
    if (rel == ".") rel.clear();
  }
  const auto file = rel.empty() ? root : root / rel;

  std::error_code ec;
  if (fs::is_directory(file, ec)) {
    if (!trailing_slash && !rel.empty()) {
      // Built from the checked segments, so it always starts with exactly
      // one '/': the path as sent could be "//host", which a browser reads
      // as another host (protocol-relative).
      std::string location;
      for (const auto& segment : *relative) location += "/" + percent_encode(segment.string());
      location += '/';
      if (!query.empty()) location.append("?").append(query);
      auto res = make_text(req, http::status::moved_permanently, "moved to " + location);
      res.set(http::field::location, location);
      return res;
    }
    return serve_file(req, file / "index.html", site.html_csp);
  }
  if (trailing_slash) return make_text(req, http::status::not_found, "not found");
  return serve_file(req, file, site.html_csp);
}

}  // namespace scan_login::server
