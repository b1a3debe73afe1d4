#include "http/content_coding.hpp"

#include <cctype>
#include <cstdlib>
#include <string>

namespace scan_login::server {
namespace {

std::string_view trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool same_token(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != b[i]) return false;
  }
  return true;
}

// The q of one list member ("gzip;q=0.5"), 1 without one, -1 when malformed
// (RFC 9110: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )).
double quality_of(std::string_view parameters) {
  while (!parameters.empty()) {
    const auto semicolon = parameters.find(';');
    const auto parameter = trimmed(parameters.substr(0, semicolon));
    if (parameter.size() >= 2 && (parameter[0] == 'q' || parameter[0] == 'Q') &&
        parameter[1] == '=') {
      const auto value = parameter.substr(2);
      if (value.empty() || value.size() > 5 || (value[0] != '0' && value[0] != '1')) return -1;
      if (value.size() > 1 && value[1] != '.') return -1;
      for (std::size_t i = 2; i < value.size(); ++i) {
        if (!std::isdigit(static_cast<unsigned char>(value[i]))) return -1;
      }
      const double q = std::strtod(std::string{value}.c_str(), nullptr);
      return q > 1 ? -1 : q;
    }
    if (semicolon == std::string_view::npos) break;
    parameters.remove_prefix(semicolon + 1);
  }
  return 1;
}

}  // namespace

content_coding choose_coding(std::string_view accept_encoding, bool have_br, bool have_gzip) {
  double br = -1, gzip = -1, any = -1;  // -1: not named
  while (!accept_encoding.empty()) {
    const auto comma = accept_encoding.find(',');
    const auto member = accept_encoding.substr(0, comma);
    const auto semicolon = member.find(';');
    const auto coding = trimmed(member.substr(0, semicolon));
    const double q =
        semicolon == std::string_view::npos ? 1 : quality_of(member.substr(semicolon + 1));
    if (q >= 0) {
      if (same_token(coding, "br")) br = q;
      if (same_token(coding, "gzip") || same_token(coding, "x-gzip")) gzip = q;
      if (coding == "*") any = q;
    }
    if (comma == std::string_view::npos) break;
    accept_encoding.remove_prefix(comma + 1);
  }
  if (br < 0) br = any;
  if (gzip < 0) gzip = any;
  if (!have_br) br = -1;
  if (!have_gzip) gzip = -1;
  if (br > 0 && br >= gzip) return content_coding::br;
  if (gzip > 0) return content_coding::gzip;
  return content_coding::identity;
}

std::string_view coding_name(content_coding coding) {
  switch (coding) {
    case content_coding::br:
      return "br";
    case content_coding::gzip:
      return "gzip";
    case content_coding::identity:
      break;
  }
  return "";
}

}  // namespace scan_login::server
