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
#include <memory>
#include <optional>
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

class client_caps;

// One counted connection or long poll; gives its place back when it goes.
// Holds its caps alive, so a connection destroyed after the server (its
// handlers released with the io_context) still counts down safely.
class client_slot {
 public:
  client_slot(std::shared_ptr<client_caps> caps, std::string key, bool held_poll)
      : caps_(std::move(caps)), key_(std::move(key)), held_poll_(held_poll) {}
  client_slot(client_slot&&) = default;
  client_slot& operator=(client_slot&&) = default;
  ~client_slot();

 private:
  std::shared_ptr<client_caps> caps_;  // null once moved from
  std::string key_;
  bool held_poll_;
};

class client_caps : public std::enable_shared_from_this<client_caps> {
 public:
  // Make it with std::make_shared: slots share it.
  client_caps(client_limits limits, const trusted_proxies& proxies)
      : limits_(limits), proxies_(proxies) {}

  // A slot for a new connection from `peer`; none (and nothing counted)
  // when it is over the total or its client's cap.
  std::optional<client_slot> admit_connection(const boost::asio::ip::address& peer);
  // The same for a long poll of client `key` (client_key of the handler's
  // client address).
  std::optional<client_slot> admit_held_poll(const std::string& key);

  std::size_t connections() const { return total_; }

 private:
  friend class client_slot;
  void release(const std::string& key, bool held_poll);

  client_limits limits_;
  const trusted_proxies& proxies_;
  std::size_t total_ = 0;
  std::unordered_map<std::string, std::size_t> connections_;  // by client key
  std::unordered_map<std::string, std::size_t> held_polls_;
};

}  // namespace scan_login::server
