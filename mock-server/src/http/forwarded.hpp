#pragma once
// Who the client is behind a load balancer. X-Forwarded-For is believed only
// when the direct peer is a trusted proxy (--trusted-proxy); then the client
// is the rightmost address in the header that is not itself a trusted proxy
// (every address to its right was added by a proxy we trust; anything to its
// left the client may have made up).

#include <boost/asio/ip/address.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace scan_login::server {

class trusted_proxies {
 public:
  // "10.0.0.0/8,127.0.0.1,::1": addresses or CIDRs, comma-separated.
  // Empty optional and `error` naming the bad entry when it cannot be read.
  static std::optional<trusted_proxies> parse(std::string_view list, std::string& error);

  bool empty() const { return networks_.empty(); }
  bool contains(const boost::asio::ip::address& address) const;

  // The client's address for a request from `peer` carrying `forwarded_for`
  // (the X-Forwarded-For value, possibly empty).
  std::string client_address(const std::string& peer, std::string_view forwarded_for) const;

 private:
  struct network {
    boost::asio::ip::address base;
    unsigned prefix;
  };
  std::vector<network> networks_;
};

}  // namespace scan_login::server
