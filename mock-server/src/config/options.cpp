#include "config/options.hpp"

#include <cerrno>
#include <cstdlib>
#include <functional>
#include <map>

namespace scan_login::server {
namespace {

std::optional<long> parse_integer(const std::string& text, long min, long max) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const long value = std::strtol(text.c_str(), &end, 10);
  if (errno != 0 || *end != '\0' || value < min || value > max) return std::nullopt;
  return value;
}

std::optional<double> parse_number(const std::string& text, double min, double max) {
  if (text.empty()) return std::nullopt;
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(text.c_str(), &end);
  if (errno != 0 || *end != '\0' || !(value >= min && value <= max)) return std::nullopt;
  return value;
}

}  // namespace

std::string usage_text() {
  return "usage: scan-login-server [--bind ADDR] [--port N] [--config FILE] [--public-url URL] "
         "[options]\n"
         "  --bind ADDR               address to listen on (default 127.0.0.1)\n"
         "  --port N                  port, 0 = any free port (default 8080)\n"
         "  --web-root DIR            static files for / (default <source>/web)\n"
         "  --wasm-root DIR           files for /wasm/ (default <source>/build/wasm/dist)\n"
         "  --component-root DIR      the served component, /component/<version>/ (default "
         "<source>/build/wasm/component)\n"
         "  --pages-root DIR          phone and console pages (default "
         "<source>/mock-server/pages)\n"
         "  --config FILE             apps, admin token, limits (default "
         "<source>/mock-server/config/default.json)\n"
         "  --public-url URL          base URL put in QR codes and tokens, e.g. "
         "http://192.168.1.5:8080\n"
         "                            (default http://ADDR:PORT with the actual port)\n"
         "  --data-dir DIR            where the SQLite store keeps its file (default "
         "<source>/data)\n"
         "  --database URL            postgresql://user@host:port/db: keep state in PostgreSQL "
         "(several\n"
         "                            processes share it) instead of the SQLite file\n"
         "  --secrets-key-file PATH   the key (base64 of 32 bytes, a 0600 file) that encrypts "
         "signing keys and\n"
         "                            mini program AppSecrets in the store (default: "
         "SCAN_LOGIN_SECRETS_KEY,\n"
         "                            else <data-dir>/secrets.key, made at first start; "
         "PostgreSQL: required)\n"
         "  --workers N               threads that run requests against the store (default 8)\n"
         "  --trusted-proxy LIST      addresses/CIDRs of load balancers whose X-Forwarded-For "
         "is believed\n"
         "  --signing-key FILE        import an RSA private key (PEM) as the active token key\n"
         "                            (default: the key kept in the store, made at first start)\n"
         "  --rotate-signing-key      make a new active token key at start; the old one stays in "
         "the JWKS\n"
         "                            until its last token expired\n"
         "  --qr-expires-in S         code lifetime in seconds for every app (1..86400)\n"
         "  --ticket-expires-in S     ticket lifetime in seconds for every app (1..86400)\n"
         "  --max-live-codes N        cap on codes alive at once\n"
         "  --max-held-polls N        cap on long polls held at once (at most the connections "
         "the open-file\n"
         "                            limit leaves)\n"
         "  --max-connections-per-client N\n"
         "                            connections one client (IPv4 address, IPv6 /64; not a "
         "trusted proxy)\n"
         "                            may hold open (default: a tenth of what the open-file "
         "limit leaves)\n"
         "  --max-held-polls-per-client N\n"
         "                            long polls one client (behind a trusted proxy: the "
         "forwarded address)\n"
         "                            may hold (default: a tenth of the held-poll cap)\n"
         "  --gene-rate R             codes per second per client IP, 0 = unlimited\n"
         "  --gene-burst N            codes a client may make at once before the rate applies\n"
         "  --request-timeout S       seconds allowed to send a request (idle keep-alive "
         "included)\n"
         "                            or to take an answer; slower clients are dropped (default "
         "30)\n"
         "  --wechat-api-base URL     WeChat's server API (default: the config's wechat.apiBase,\n"
         "                            https://api.weixin.qq.com); http:// only for a test server\n"
         "  --wechat-ca-file FILE     CA certificates (PEM) to trust for WeChat's TLS instead of "
         "the system's\n"
         "  --wechat-timeout-ms N     longest WeChat call, connect to last byte (default 5000)\n"
         "  --no-csp                  no Content-Security-Policy header on web-root HTML\n"
         "  --help                    this text\n"
         "commands (scan-login-server COMMAND --help for theirs):\n"
         "  backup [--data-dir DIR] --to FILE     a consistent copy of the SQLite store, also "
         "while it runs\n"
         "  restore --from FILE --data-dir DIR    a checked backup into a new or empty data "
         "folder\n";
}

std::string flag_name(const std::string& arg) {
  const auto eq = arg.find('=');
  return eq != std::string::npos && arg.rfind("--", 0) == 0 ? arg.substr(0, eq) : arg;
}

std::optional<std::string> flag_value(const std::vector<std::string>& args, std::size_t& i) {
  const auto& arg = args[i];
  if (const auto eq = arg.find('='); eq != std::string::npos && arg.rfind("--", 0) == 0) {
    return arg.substr(eq + 1);
  }
  if (i + 1 >= args.size()) return std::nullopt;
  return args[++i];
}

parsed_options parse_options(const std::vector<std::string>& args, const std::string& source_dir) {
  options opts;
  opts.web_root = source_dir + "/web";
  opts.wasm_root = source_dir + "/build/wasm/dist";
  opts.component_root = source_dir + "/build/wasm/component";
  opts.pages_root = source_dir + "/mock-server/pages";
  opts.config_file = source_dir + "/mock-server/config/default.json";
  opts.data_dir = source_dir + "/data";

  using setter = std::function<bool(const std::string&)>;
  auto seconds = [](std::optional<int>& field) {
    return [&field](const std::string& v) {
      const auto n = parse_integer(v, 1, 86400);
      if (n) field = static_cast<int>(*n);
      return n.has_value();
    };
  };
  auto count = [](std::optional<int>& field) {
    return [&field](const std::string& v) {
      const auto n = parse_integer(v, 1, 10'000'000);
      if (n) field = static_cast<int>(*n);
      return n.has_value();
    };
  };
  auto text = [](std::string& field) {
    return [&field](const std::string& v) {
      field = v;
      return !v.empty();
    };
  };
  const std::map<std::string, setter> with_value{
      {"--bind", text(opts.bind)},
      {"--port",
       [&](const std::string& v) {
         const auto n = parse_integer(v, 0, 65535);
         if (n) opts.port = static_cast<std::uint16_t>(*n);
         return n.has_value();
       }},
      {"--web-root", text(opts.web_root)},
      {"--wasm-root", text(opts.wasm_root)},
      {"--component-root", text(opts.component_root)},
      {"--pages-root", text(opts.pages_root)},
      {"--config", text(opts.config_file)},
      {"--public-url",
       [&](const std::string& v) {
         if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) return false;
         opts.public_url = v;
         while (!opts.public_url.empty() && opts.public_url.back() == '/')
           opts.public_url.pop_back();
         return true;
       }},
      {"--signing-key", text(opts.signing_key)},
      {"--data-dir", text(opts.data_dir)},
      {"--database",
       [&](const std::string& v) {
         if (v.rfind("postgresql://", 0) != 0 && v.rfind("postgres://", 0) != 0) return false;
         opts.database_url = v;
         return true;
       }},
      {"--trusted-proxy", text(opts.trusted_proxy)},
      {"--secrets-key-file", text(opts.secrets_key_file)},
      {"--workers",
       [&](const std::string& v) {
         const auto n = parse_integer(v, 1, 256);
         if (n) opts.workers = static_cast<int>(*n);
         return n.has_value();
       }},
      {"--qr-expires-in", seconds(opts.qr_expires_in)},
      {"--ticket-expires-in", seconds(opts.ticket_expires_in)},
      {"--max-live-codes", count(opts.max_live_codes)},
      {"--max-held-polls", count(opts.max_held_polls)},
      {"--max-connections-per-client", count(opts.max_connections_per_client)},
      {"--max-held-polls-per-client", count(opts.max_held_polls_per_client)},
      {"--gene-rate",
       [&](const std::string& v) {
         const auto r = parse_number(v, 0, 1e6);
         if (r) opts.gene_rate = *r;
         return r.has_value();
       }},
      {"--gene-burst", count(opts.gene_burst)},
      {"--wechat-api-base",
       [&](const std::string& v) {
         if (v.rfind("http://", 0) != 0 && v.rfind("https://", 0) != 0) return false;
         opts.wechat_api_base = v;
         return true;
       }},
      {"--wechat-ca-file", text(opts.wechat_ca_file)},
      {"--wechat-timeout-ms",
       [&](const std::string& v) {
         const auto n = parse_integer(v, 100, 120'000);
         if (n) opts.wechat_timeout_ms = static_cast<int>(*n);
         return n.has_value();
       }},
      {"--request-timeout",
       [&](const std::string& v) {
         const auto n = parse_integer(v, 1, 3600);
         if (n) opts.request_timeout = static_cast<int>(*n);
         return n.has_value();
       }},
  };

  for (std::size_t i = 0; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      opts.help = true;
      continue;
    }
    if (arg == "--no-csp") {
      opts.no_csp = true;
      continue;
    }
    if (arg == "--rotate-signing-key") {
      opts.rotate_signing_key = true;
      continue;
    }
    const std::string name = flag_name(arg);
    const auto it = with_value.find(name);
    if (it == with_value.end()) return {std::nullopt, "unknown argument: " + arg};
    const auto value = flag_value(args, i);
    if (!value) return {std::nullopt, name + " needs a value"};
    if (!it->second(*value)) return {std::nullopt, "bad value for " + name + ": '" + *value + "'"};
  }
  return {opts, {}};
}

}  // namespace scan_login::server
