#pragma once
// A readable summary of a User-Agent header for the phone page, e.g.
// "Chrome 120 on Windows". Heuristic; unknown agents give "Unknown browser".

#include <string>
#include <string_view>

namespace scan_login::server {

std::string summarize_user_agent(std::string_view user_agent);

}  // namespace scan_login::server
