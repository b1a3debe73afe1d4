#pragma once
// Caps that keep one client from taking the process's file descriptors or
// long-poll slots (a flood of idle connections from one address once made
// accept fail with EMFILE and /healthz go silent). A client is an IPv4
// address, or an IPv6 /64 (one subscriber's usual allocation). Connections
// from a trusted proxy count only toward the total (the proxy carries many
// clients); their long polls count per forwarded client address, which the
// handler knows. Used on the io thread only.

#include <boost/asio/ip/address.hpp>
#include <cstddef>
#include <string>
#include <unordered_map>

#include "http/forwarded.hpp"

namespace scan_login::server {

struct client_limits {
  std::size_t max_connections = 0;             // all clients; from the descriptor limit
  std::size_t max_connections_per_client = 0;  // one client
  std::size_t max_held_polls_per_client = 0;   // one client's long polls
};

// The open-file limit raised to its hard maximum (soft limits are often
// 1024), and caps derived from it that leave `reserved` descriptors for
// what is not a client connection (the store's files and connections,
// listening socket, log). Caps a flag or config set stay as set.
client_limits derive_client_limits(std::size_t reserved, std::size_t max_held_polls,
                                   std::size_t& open_file_limit);

// "192.0.2.7", or "2001:db8:1:2::/64" for any address of that /64.
std::string client_key(const boost::asio::ip::address& address);
std::string client_key(const std::string& address);  // unparsable: itself

class client_caps {
 public:
  client_caps(client_limits limits, const trusted_proxies& proxies)
      : limits_(limits), proxies_(proxies) {}

  // Counts a new connection from `peer`; false (and nothing counted) when
  // it is over the total or its client's cap.
  bool admit_connection(const boost::asio::ip::address& peer, std::string& key);
  void release_connection(const std::string& key);

  // The same for a long poll of client `key` (client_key of the handler's
  // client address).
  bool admit_held_poll(const std::string& key);
  void release_held_poll(const std::string& key);

  const client_limits& limits() const { return limits_; }
  std::size_t connections() const { return total_; }

 private:
  client_limits limits_;
  const trusted_proxies& proxies_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> connections_;  // by client key
  std::unordered_map<std::string, std::size_t> held_polls_;
};

}  // namespace scan_login::server
