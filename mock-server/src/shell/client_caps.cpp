#include "shell/client_caps.hpp"

#include <sys/resource.h>

#include <algorithm>
#include <boost/asio/ip/network_v6.hpp>

namespace scan_login::server {

client_limits derive_client_limits(std::size_t reserved, std::size_t max_held_polls,
                                   std::size_t& open_file_limit) {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0) {
    if (limit.rlim_cur < limit.rlim_max) {
      rlimit raised = limit;
      raised.rlim_cur = limit.rlim_max;
      if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
  }
  open_file_limit = limit.rlim_cur == RLIM_INFINITY ? 1'048'576 : limit.rlim_cur;
  client_limits caps;
  caps.max_connections = open_file_limit > reserved + 16 ? open_file_limit - reserved : 16;
  // One client may hold a tenth of all connections (at least 16): a flood
  // from one address leaves the rest for everybody else.
  caps.max_connections_per_client = std::max<std::size_t>(16, caps.max_connections / 10);
  caps.max_held_polls_per_client =
      std::max<std::size_t>(8, std::min(max_held_polls, caps.max_connections) / 10);
  return caps;
}

std::string client_key(const boost::asio::ip::address& address) {
  if (address.is_v6() && !address.to_v6().is_v4_mapped()) {
    const boost::asio::ip::network_v6 subnet{address.to_v6(), 64};
    return subnet.canonical().to_string();
  }
  if (address.is_v6()) {
    return boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6())
        .to_string();
  }
  return address.to_string();
}

std::string client_key(const std::string& address) {
  boost::system::error_code ec;
  const auto parsed = boost::asio::ip::make_address(address, ec);
  return ec ? address : client_key(parsed);
}

bool client_caps::admit_connection(const boost::asio::ip::address& peer, std::string& key) {
  if (total_ >= limits_.max_connections) return false;
  key.clear();
  if (!proxies_.contains(peer)) {
    key = client_key(peer);
    auto& mine = connections_[key];
    if (mine >= limits_.max_connections_per_client) return false;
    ++mine;
  }
  ++total_;
  return true;
}

void client_caps::release_connection(const std::string& key) {
  if (total_ > 0) --total_;
  if (key.empty()) return;
  const auto it = connections_.find(key);
  if (it != connections_.end() && --it->second == 0) connections_.erase(it);
}

bool client_caps::admit_held_poll(const std::string& key) {
  auto& mine = held_polls_[key];
  if (mine >= limits_.max_held_polls_per_client) return false;
  ++mine;
  return true;
}

void client_caps::release_held_poll(const std::string& key) {
  const auto it = held_polls_.find(key);
  if (it != held_polls_.end() && --it->second == 0) held_polls_.erase(it);
}

}  // namespace scan_login::server
