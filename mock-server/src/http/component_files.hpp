#pragma once
// The served component (docs/integration.md "Load it from the server"): the
// bundle that scripts/bundle-component.mjs writes, public to every origin.
//
//   GET /component/<version>/<file>   the file, for any origin:
//       Access-Control-Allow-Origin: *, Cross-Origin-Resource-Policy:
//       cross-origin, Cache-Control: public, max-age=31536000, immutable
//       (a version's files never change), an ETag per encoding, and the
//       brotli or gzip form beside it chosen by Accept-Encoding (Vary).
//   GET /component/latest/<file>      302 to this server's own version, cached
//       for 5 minutes, so a page that follows releases picks a new one up.
//
// Only these public files get the wildcard CORS headers; the API keeps its
// per-app origin lists. Every version folder under the root is served, so
// pages pinned to an older release keep working while its folder is kept.

#include <filesystem>
#include <string>
#include <string_view>

#include "http/http_types.hpp"

namespace scan_login::server {

inline constexpr std::string_view component_prefix = "/component/";

struct component_site {
  std::filesystem::path root;  // <root>/<version>/<file>
  std::string version;         // this server's release: where latest/ leads
};

// `path` is the URL path (percent-encoded, without the query) that starts
// with component_prefix. GET and HEAD only (the caller checks the method).
// A path that is not exactly <version>/<file>, names a precompressed form
// (.br, .gz) or is unsafe is 404 or 400; each answer, errors included,
// carries the CORS headers so a page on another origin can read it.
response serve_component(const request& req, std::string_view path, const component_site& site);

}  // namespace scan_login::server
