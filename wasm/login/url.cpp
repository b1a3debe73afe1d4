#include "login/url.hpp"

#include <cctype>
#include <cstddef>

namespace scan_login {

namespace {

bool starts_with_nocase(const std::string& text, const char* prefix) {
  std::size_t i = 0;
  for (; prefix[i] != '\0'; ++i) {
    if (i >= text.size()) return false;
    const auto a = static_cast<unsigned char>(text[i]);
    const auto b = static_cast<unsigned char>(prefix[i]);
    if (std::tolower(a) != std::tolower(b)) return false;
  }
  return true;
}

// No whitespace, control characters, backslashes or non-ASCII bytes: such
// URLs are parsed differently by different parsers.
bool plain_ascii(const std::string& text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte >= 0x7f || c == '\\') return false;
  }
  return true;
}

bool no_controls(const std::string& text) {
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte < 0x20 || byte == 0x7f) return false;
  }
  return true;
}

}  // namespace

std::string percent_encode(const std::string& text) {
  static const char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size() * 3);
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) != 0 || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      out += '%';
      out += hex[byte >> 4];
      out += hex[byte & 0x0f];
    }
  }
  return out;
}

bool is_http_url(const std::string& url) {
  std::size_t rest = 0;
  if (starts_with_nocase(url, "https://")) {
    rest = 8;
  } else if (starts_with_nocase(url, "http://")) {
    rest = 7;
  } else {
    return false;
  }
  if (!plain_ascii(url) || rest >= url.size()) return false;
  const char first = url[rest];
  return first != '/' && first != '?' && first != '#' && first != '@' && first != ':';
}

std::string join_url(const std::string& base, const std::string& path) {
  std::size_t end = base.size();
  while (end > 0 && base[end - 1] == '/') --end;
  return base.substr(0, end) + path;
}

result<std::string> build_callback_url(const std::string& callback, const std::string& ticket,
                                       const std::string& state) {
  if (!is_http_url(callback)) {
    return error{"the callback must be an http(s) URL; refusing to navigate to it"};
  }
  const std::size_t hash = callback.find('#');
  std::string url = callback.substr(0, hash);
  const std::string fragment = hash == std::string::npos ? "" : callback.substr(hash);
  if (url.find('?') == std::string::npos) {
    url += '?';
  } else if (url.back() != '?' && url.back() != '&') {
    url += '&';
  }
  url += "ticket=" + percent_encode(ticket) + "&state=" + percent_encode(state);
  return url + fragment;
}

std::string safe_avatar_url(const std::string& url) {
  if (starts_with_nocase(url, "https://") && is_http_url(url)) return url;
  // Spaces are common in SVG data URLs and harmless in an image source.
  if (starts_with_nocase(url, "data:image/") && no_controls(url)) return url;
  return "";
}

std::string safe_logo_url(const std::string& url, const std::string& host) {
  if (!safe_avatar_url(url).empty()) return url;
  if (!plain_ascii(url)) return "";
  if (url.size() > 1 && url[0] == '/' && url[1] != '/') return url;
  if (is_http_url(host) && is_http_url(url)) {
    const std::string prefix = join_url(host, "/");
    if (starts_with_nocase(url, prefix.c_str())) return url;
  }
  return "";
}

}  // namespace scan_login
