#include "http/forwarded.hpp"

#include <array>
#include <charconv>

namespace scan_login::server {
namespace ip = boost::asio::ip;
namespace {

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

std::optional<ip::address> address_of(std::string_view text) {
  boost::system::error_code ec;
  auto address = ip::make_address(std::string{trim(text)}, ec);
  if (ec) return std::nullopt;
  // An IPv4 client seen through an IPv6 socket is the IPv4 address.
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return ip::make_address_v4(ip::v4_mapped, address.to_v6());
  }
  return address;
}

std::array<unsigned char, 16> bytes_of(const ip::address& address) {
  std::array<unsigned char, 16> out{};
  if (address.is_v4()) {
    const auto v4 = address.to_v4().to_bytes();
    std::copy(v4.begin(), v4.end(), out.begin());
  } else {
    out = address.to_v6().to_bytes();
  }
  return out;
}

}  // namespace

std::optional<trusted_proxies> trusted_proxies::parse(std::string_view list, std::string& error) {
  trusted_proxies out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    const auto entry = trim(list.substr(0, comma));
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
    if (entry.empty()) continue;
    const auto slash = entry.find('/');
    const auto base = address_of(entry.substr(0, slash));
    unsigned prefix = base && base->is_v4() ? 32 : 128;
    bool ok = base.has_value();
    if (ok && slash != std::string_view::npos) {
      const auto digits = entry.substr(slash + 1);
      const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), prefix);
      ok = ec == std::errc{} && end == digits.data() + digits.size() &&
           prefix <= (base->is_v4() ? 32u : 128u);
    }
    if (!ok) {
      error = "'" + std::string{entry} + "' is not an address or CIDR (e.g. 10.0.0.0/8, ::1)";
      return std::nullopt;
    }
    out.networks_.push_back({*base, prefix});
  }
  return out;
}

bool trusted_proxies::contains(const ip::address& address) const {
  const auto bytes = bytes_of(address);
  for (const auto& net : networks_) {
    if (net.base.is_v4() != address.is_v4()) continue;
    const auto base = bytes_of(net.base);
    unsigned bits = net.prefix;
    bool match = true;
    for (std::size_t i = 0; i < 16 && bits > 0 && match; ++i) {
      const unsigned take = bits >= 8 ? 8 : bits;
      const auto mask = static_cast<unsigned char>(0xff << (8 - take));
      match = (bytes[i] & mask) == (base[i] & mask);
      bits -= take;
    }
    if (match) return true;
  }
  return false;
}

std::string trusted_proxies::client_address(const std::string& peer,
                                            std::string_view forwarded_for) const {
  const auto peer_address = address_of(peer);
  if (!peer_address) return peer;
  if (networks_.empty() || !contains(*peer_address)) return peer_address->to_string();
  std::string client = peer_address->to_string();
  // Walk from the right: the first address that is not a trusted proxy.
  while (!forwarded_for.empty()) {
    const auto comma = forwarded_for.rfind(',');
    const auto entry =
        comma == std::string_view::npos ? forwarded_for : forwarded_for.substr(comma + 1);
    forwarded_for =
        comma == std::string_view::npos ? std::string_view{} : forwarded_for.substr(0, comma);
    const auto address = address_of(entry);
    if (!address) break;  // garbage: stop at the last address a trusted proxy vouched for
    client = address->to_string();
    if (!contains(*address)) break;
  }
  return client;
}

}  // namespace scan_login::server
