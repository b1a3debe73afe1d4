#include "http/user_agent.hpp"

#include <array>
#include <cctype>
#include <utility>

namespace scan_login::server {
namespace {

// The digits of the major version after `token` (e.g. "Chrome/" -> "120").
std::string major_after(std::string_view ua, std::string_view token) {
  const auto at = ua.find(token);
  if (at == std::string_view::npos) return {};
  std::string digits;
  for (auto i = at + token.size(); i < ua.size() && std::isdigit(static_cast<unsigned char>(ua[i]));
       ++i) {
    digits.push_back(ua[i]);
  }
  return digits;
}

}  // namespace

std::string summarize_user_agent(std::string_view ua) {
  // Order matters: Edge and Opera also say Chrome; Chrome also says Safari.
  constexpr std::array<std::pair<std::string_view, std::string_view>, 7> browsers{{
      {"Edg/", "Edge"},
      {"OPR/", "Opera"},
      {"Firefox/", "Firefox"},
      {"HeadlessChrome/", "Headless Chrome"},
      {"Chrome/", "Chrome"},
      {"Version/", "Safari"},
      {"curl/", "curl"},
  }};
  std::string browser = "Unknown browser";
  for (const auto& [token, name] : browsers) {
    if (ua.find(token) != std::string_view::npos) {
      browser = std::string{name};
      const auto major = major_after(ua, token);
      if (!major.empty()) browser += " " + major;
      break;
    }
  }
  constexpr std::array<std::pair<std::string_view, std::string_view>, 7> systems{{
      {"Windows", "Windows"},
      {"iPhone", "iOS"},
      {"iPad", "iPadOS"},
      {"Mac OS X", "macOS"},
      {"Android", "Android"},
      {"CrOS", "ChromeOS"},
      {"Linux", "Linux"},
  }};
  for (const auto& [token, name] : systems) {
    if (ua.find(token) != std::string_view::npos) return browser + " on " + std::string{name};
  }
  return browser;
}

}  // namespace scan_login::server
