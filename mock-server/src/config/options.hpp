#pragma once
// Command-line options of scan-login-server. Parsing is pure so that tests
// can check every flag and every refusal.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace scan_login::server {

struct options {
  std::string bind = "127.0.0.1";
  std::uint16_t port = 8080;   // 0 = let the system pick a free port
  std::string web_root;        // default: SCAN_LOGIN_SOURCE_DIR/web
  std::string wasm_root;       // default: SCAN_LOGIN_SOURCE_DIR/build/wasm/dist
  std::string component_root;  // default: SCAN_LOGIN_SOURCE_DIR/build/wasm/component
  std::string pages_root;      // default: SCAN_LOGIN_SOURCE_DIR/mock-server/pages
  std::string config_file;     // default: SCAN_LOGIN_SOURCE_DIR/mock-server/config/default.json
  std::string public_url;      // default: http://<bind or 127.0.0.1>:<port>
  std::string signing_key;     // PEM RSA private key to import as the active key; empty = keep
  std::string data_dir;        // SQLite store folder; default: SCAN_LOGIN_SOURCE_DIR/data
  std::string database_url;    // postgresql://...: use PostgreSQL instead of SQLite
  std::string trusted_proxy;   // addresses/CIDRs whose X-Forwarded-For is believed
  // The key that encrypts secrets at rest (auth/secrets_key.hpp); empty =
  // SCAN_LOGIN_SECRETS_KEY, else <data_dir>/secrets.key (SQLite only).
  std::string secrets_key_file;
  int workers = 8;                       // threads for handler calls (they block on the store)
  bool rotate_signing_key = false;       // make a new active signing key at start
  std::optional<int> qr_expires_in;      // seconds, overrides every app
  std::optional<int> ticket_expires_in;  // seconds, overrides every app
  std::optional<int> max_live_codes;     // overrides the config's limits
  std::optional<int> max_held_polls;
  std::optional<int> max_connections_per_client;  // default: a tenth of all connections
  std::optional<int> max_held_polls_per_client;   // default: a tenth of all held polls
  std::optional<double> gene_rate;                // codes per second per client; 0 = unlimited
  std::optional<int> gene_burst;
  int request_timeout = 30;      // seconds to read one request or write one answer
  std::string wechat_api_base;   // overrides the config's wechat.apiBase (tests: a fake WeChat)
  std::string wechat_ca_file;    // CA certificates for WeChat's TLS; empty = the system's store
  int wechat_timeout_ms = 5000;  // one WeChat call, connect to last byte
  bool no_csp = false;           // do not send Content-Security-Policy with web-root HTML
  bool help = false;
};

struct parsed_options {
  std::optional<options> value;  // set on success (including --help)
  std::string error;             // what was wrong, when !value
};

// Parses argv[1..]. Defaults for the roots are filled from `source_dir`.
parsed_options parse_options(const std::vector<std::string>& args, const std::string& source_dir);

// The two spellings of a flag with a value, "--name value" and
// "--name=value" (for parse_options and the store commands):
// the flag's name in args[i], and its value, the part after '=' or the next
// argument (then i moves past it); none when a flag ends the arguments.
std::string flag_name(const std::string& arg);
std::optional<std::string> flag_value(const std::vector<std::string>& args, std::size_t& i);

// One usage line plus a line per flag, for --help and bad arguments.
std::string usage_text();

}  // namespace scan_login::server
