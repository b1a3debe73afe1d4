#pragma once
// Validators for files served from disk: one ETag rule for the static site
// and the served component.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

namespace scan_login::server {

// A strong validator from the file's size and modification time, quoted:
// `"<size hex>-<mtime hex>"`; `variant` (e.g. "br") is appended as
// `"…-br"` so that each encoding of one resource has its own tag.
std::string etag_for(const std::filesystem::path& file, std::uintmax_t size,
                     std::string_view variant = {});

// Whether an If-None-Match value (a comma-separated list, or "*") names
// `etag`; weak validators ("W/") compare equal, as RFC 9110 says for GET.
bool etag_matches(std::string_view if_none_match, std::string_view etag);

}  // namespace scan_login::server
