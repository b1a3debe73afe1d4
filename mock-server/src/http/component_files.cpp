#include "http/component_files.hpp"

#include <optional>
#include <system_error>

#include "http/content_coding.hpp"
#include "http/etag.hpp"
#include "http/mime.hpp"
#include "http/responses.hpp"
#include "http/static_files.hpp"
#include "http/url.hpp"

namespace scan_login::server {
namespace fs = std::filesystem;
namespace {

constexpr std::string_view immutable = "public, max-age=31536000, immutable";
constexpr std::string_view alias_lifetime = "public, max-age=300";

void add_public_headers(response& res) {
  res.set(http::field::access_control_allow_origin, "*");
  res.set("Cross-Origin-Resource-Policy", "cross-origin");
  res.set("Timing-Allow-Origin", "*");
}

response public_text(const request& req, http::status status, std::string text) {
  auto res = make_text(req, status, std::move(text));
  add_public_headers(res);
  return res;
}

bool ends_with(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

bool is_plain_file(const fs::path& file) {
  std::error_code ec;
  return fs::is_regular_file(file, ec);
}

}  // namespace

response serve_component(const request& req, std::string_view path, const component_site& site) {
  const auto url_path = path;
  bool trailing_slash = false;
  const auto relative = safe_relative_path(url_path, &trailing_slash);
  if (!relative) return public_text(req, http::status::bad_request, "bad path");
  // component/<version>/<file>, nothing shorter or deeper.
  auto segment = relative->begin();
  if (segment == relative->end() || ++segment == relative->end()) {
    return public_text(req, http::status::not_found, "not found: name a version and a file");
  }
  const auto version = segment->string();
  const auto name = (++segment == relative->end()) ? std::string{} : segment->string();
  if (name.empty() || trailing_slash || ++segment != relative->end() || ends_with(name, ".br") ||
      ends_with(name, ".gz")) {
    return public_text(req, http::status::not_found, "not found: " + std::string{url_path});
  }

  if (version == "latest") {
    const auto location =
        std::string{component_prefix} + percent_encode(site.version) + "/" + percent_encode(name);
    auto res = public_text(req, http::status::found, "see " + location);
    res.set(http::field::location, location);
    res.set(http::field::cache_control, alias_lifetime);
    return res;
  }

  const auto file = site.root / version / name;
  if (!is_plain_file(file)) {
    return public_text(
        req, http::status::not_found,
        "not found: " + std::string{url_path} + " (this server has version " + site.version + ")");
  }
  const auto coding =
      choose_coding(req[http::field::accept_encoding], is_plain_file(fs::path{file}.concat(".br")),
                    is_plain_file(fs::path{file}.concat(".gz")));
  const auto suffix = coding_name(coding);
  const auto sent =
      suffix.empty() ? file : fs::path{file}.concat(coding == content_coding::br ? ".br" : ".gz");

  std::error_code ec;
  const auto size = fs::file_size(sent, ec);
  if (ec) return public_text(req, http::status::not_found, "not found");
  const auto etag = etag_for(sent, size, suffix);

  auto answer = file_or_not_modified(req, sent, etag, mime_type(name));
  if (!answer) return public_text(req, http::status::not_found, "not found");
  response res = std::move(*answer);
  if (!suffix.empty() && res.result() == http::status::ok) {
    res.set(http::field::content_encoding, suffix);
  }
  res.set(http::field::vary, "Accept-Encoding");
  res.set(http::field::cache_control, immutable);
  add_public_headers(res);
  return res;
}

}  // namespace scan_login::server
