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

client_slot::~client_slot() {
  if (caps_) caps_->release(key_, held_poll_);
}

std::optional<client_slot> client_caps::admit_connection(const boost::asio::ip::address& peer) {
  if (total_ >= limits_.max_connections) return std::nullopt;
  std::string key;  // empty: a trusted proxy, counted in the total only
  if (!proxies_.contains(peer)) {
    key = client_key(peer);
    auto& mine = connections_[key];
    if (mine >= limits_.max_connections_per_client) return std::nullopt;
    ++mine;
  }
  ++total_;
  return client_slot{shared_from_this(), std::move(key), false};
}

std::optional<client_slot> client_caps::admit_held_poll(const std::string& key) {
  auto& mine = held_polls_[key];
  if (mine >= limits_.max_held_polls_per_client) return std::nullopt;
  ++mine;
  return client_slot{shared_from_this(), key, true};
}

void client_caps::release(const std::string& key, bool held_poll) {
  auto& counts = held_poll ? held_polls_ : connections_;
  if (!held_poll && total_ > 0) --total_;
  if (key.empty()) return;
  const auto it = counts.find(key);
  if (it != counts.end() && --it->second == 0) counts.erase(it);
}

}  // namespace scan_login::server
