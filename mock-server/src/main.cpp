// scan-login-server: the identity server (see docs/server.md).
// Prints "scan-login-server listening on http://ADDR:PORT" once it listens;
// exits 0 on SIGINT/SIGTERM (after answering what is in flight),
// EXIT_FAILURE on bad arguments or setup errors (a store it cannot open).
// `scan-login-server backup|restore ...` runs a store command instead
// (tools/store_commands.hpp).

#include <sys/stat.h>

#include <algorithm>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <scan_login/version.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "api/handler.hpp"
#include "auth/crypto_util.hpp"
#include "auth/key_ring.hpp"
#include "auth/secrets_key.hpp"
#include "config/options.hpp"
#include "flow/login_flow.hpp"
#include "flow/secrets_setup.hpp"
#include "shell/server.hpp"
#include "store/code_view_store.hpp"
#include "store/postgres/postgres_store.hpp"
#include "store/sqlite/sqlite_store.hpp"
#include "tools/store_commands.hpp"
#include "wechat/https_client.hpp"
#include "wechat/wechat_api.hpp"

#ifndef SCAN_LOGIN_SOURCE_DIR
#error "SCAN_LOGIN_SOURCE_DIR must be defined by the build"
#endif

namespace {
using namespace scan_login::server;

int fail_setup(const std::string& message) {
  std::cerr << "scan-login-server: " << message << '\n';
  return EXIT_FAILURE;
}

std::string default_public_url(const options& opts, std::uint16_t port) {
  // A wildcard bind is not an address a browser can open; loopback is.
  std::string host = opts.bind;
  if (host == "0.0.0.0") host = "127.0.0.1";
  if (host == "::") host = "::1";
  if (host.find(':') != std::string::npos) host = "[" + host + "]";
  return "http://" + host + ":" + std::to_string(port);
}

// Command-line overrides of the config's limits.
void apply_overrides(const options& opts, server_config& config) {
  if (opts.max_live_codes) config.limits.max_live_codes = *opts.max_live_codes;
  if (opts.max_held_polls) config.limits.max_held_polls = *opts.max_held_polls;
  if (opts.gene_rate) config.limits.gene_rate = *opts.gene_rate;
  if (opts.gene_burst) config.limits.gene_burst = *opts.gene_burst;
}

std::unique_ptr<store> open_store(const options& opts, int pool_size, const secrets_key& key) {
  // Checks by poll key and app reads are the hot paths: both stores are
  // read through a per-process view that the feed keeps fresh, which also
  // lets the io thread answer most checks from memory. Under the view, the
  // store's secrets are sealed at rest (flow/sealed_store.hpp).
  std::unique_ptr<store> backend;
  if (!opts.database_url.empty()) {
    backend = open_postgres_store({opts.database_url, pool_size});
  } else {
    sqlite_options sqlite;
    sqlite.file = std::filesystem::path{opts.data_dir} / store_file_name;
    sqlite.pool_size = pool_size;
    sqlite.notice = [](const std::string& line) {
      std::cerr << "scan-login-server: " << line << '\n';
    };
    backend = open_sqlite_store(sqlite);
  }
  return std::make_unique<code_view_store>(seal_store(std::move(backend), key, system_random()));
}

// The admin token: the config's or SCAN_LOGIN_ADMIN_TOKEN when set, else the
// one the store made at first start (kept, so it survives restarts).
std::string admin_token(const server_config& config, store& state, const random_source& random,
                        bool& generated) {
  if (const char* env = std::getenv("SCAN_LOGIN_ADMIN_TOKEN"); env && *env) return env;
  if (!config.admin_token.empty()) return config.admin_token;
  generated = true;
  return state.setting_or_insert("admin_token", random_token(random, 24));
}

}  // namespace

int main(int argc, char** argv) {
  // Everything the process makes (the store's files, backups) is the
  // owner's alone: they hold accounts, app secrets and signing keys.
  ::umask(077);
  const std::vector<std::string> args(argv + 1, argv + argc);
  if (is_store_command(args)) {
    return store_command_main(args, SCAN_LOGIN_SOURCE_DIR, std::cout, std::cerr);
  }
  const auto parsed = parse_options(args, SCAN_LOGIN_SOURCE_DIR);
  if (!parsed.value) {
    std::cerr << "scan-login-server: " << parsed.error << '\n' << usage_text();
    return EXIT_FAILURE;
  }
  const options& opts = *parsed.value;
  if (opts.help) {
    std::cout << usage_text();
    return EXIT_SUCCESS;
  }

  std::ifstream config_file(opts.config_file);
  if (!config_file) return fail_setup("cannot read --config " + opts.config_file);
  const auto config_doc = nlohmann::json::parse(config_file, nullptr, false);
  if (config_doc.is_discarded()) return fail_setup(opts.config_file + " is not valid JSON");
  std::string error;
  std::string import_pem;
  if (!opts.signing_key.empty()) {
    std::ifstream key_file(opts.signing_key);
    if (!key_file) return fail_setup("cannot open signing key " + opts.signing_key);
    std::ostringstream text;
    text << key_file.rdbuf();
    import_pem = text.str();
  }
  std::string trusted_error;
  const auto proxies = trusted_proxies::parse(opts.trusted_proxy, trusted_error);
  if (!proxies) return fail_setup("--trusted-proxy: " + trusted_error);

  // Declared before the server so that it outlives it (the server stops
  // listening to its feed when it is destroyed).
  std::unique_ptr<store> state;
  boost::asio::io_context ioc{1};
  boost::asio::thread_pool workers{static_cast<std::size_t>(opts.workers)};
  shell_limits limits;
  limits.read_timeout = limits.write_timeout = std::chrono::seconds(opts.request_timeout);
  auto config = parse_server_config(config_doc, error);
  if (!config) return fail_setup(opts.config_file + ": " + error);
  apply_overrides(opts, *config);
  // Client connections get the open-file limit (raised to its maximum) but
  // what the store, the log and the listening socket need; held polls are
  // connections too, so their cap stays below that.
  std::size_t open_files = 0;
  auto clients =
      derive_client_limits(64 + 2 * static_cast<std::size_t>(opts.workers),
                           static_cast<std::size_t>(config->limits.max_held_polls), open_files);
  config->limits.max_held_polls = static_cast<int>(std::min<std::size_t>(
      static_cast<std::size_t>(config->limits.max_held_polls), clients.max_connections));
  if (opts.max_connections_per_client) {
    clients.max_connections_per_client = static_cast<std::size_t>(*opts.max_connections_per_client);
  }
  if (opts.max_held_polls_per_client) {
    clients.max_held_polls_per_client = static_cast<std::size_t>(*opts.max_held_polls_per_client);
  }
  server srv{ioc, workers, limits, std::chrono::seconds(5), clients, *proxies};
  // The public URL needs the port: listen first.
  const auto endpoint = srv.listen(opts.bind, opts.port, error);
  if (!error.empty()) return fail_setup(error);
  const auto public_url =
      opts.public_url.empty() ? default_public_url(opts, endpoint.port()) : opts.public_url;

  const char* env_key = std::getenv("SCAN_LOGIN_SECRETS_KEY");
  const auto secrets = resolve_secrets_key({opts.secrets_key_file, env_key ? env_key : "",
                                            opts.database_url.empty() ? opts.data_dir : ""},
                                           system_random(), error);
  if (!secrets) return fail_setup(error);
  try {
    state = open_store(opts, opts.workers, *secrets);
  } catch (const store_open_error& e) {
    return fail_setup(e.what());
  } catch (const store_unavailable& e) {
    return fail_setup(e.what());
  }

  const auto random = system_random();
  key_ring keys;
  flow_settings flow_config;
  flow_config.issuer = public_url;
  flow_config.limits = config->limits;
  flow_config.qr_expires_override = opts.qr_expires_in;
  flow_config.ticket_expires_override = opts.ticket_expires_in;
  flow_config.default_mini_program = config->wechat.default_mini_program;
  {
    const auto base = opts.wechat_api_base.empty() ? config->wechat.api_base : opts.wechat_api_base;
    auto client = https_client::make(base, opts.wechat_ca_file,
                                     std::chrono::milliseconds(opts.wechat_timeout_ms), error);
    if (!client) return fail_setup("WeChat gateway: " + error);
    flow_config.wechat =
        std::make_shared<wechat_api>(std::move(*client), *state, system_clock_ms());
  }
  login_flow flow{flow_config, *state, keys, system_clock_ms(), random};

  handler_settings settings;
  bool generated_token = false;
  try {
    // The config file seeds the store once; from then on the store is the truth.
    state->seed_apps_once(config->apps);
    settings.admin_token = admin_token(*config, *state, random, generated_token);
    if (const char* metrics = std::getenv("SCAN_LOGIN_METRICS_TOKEN"); metrics) {
      settings.metrics_token = metrics;
    }
    if (!flow.prepare_signing_keys(import_pem, error)) return fail_setup(error);
    if (opts.rotate_signing_key) {
      const auto rotated = flow.rotate_signing_key();
      if (!rotated.ok()) return fail_setup(rotated.failure().message);
      flow.audit("key.rotated", "", "", {"server", ""},
                 {{"kid", rotated.value()}, {"by", "--rotate-signing-key"}});
    }
  } catch (const store_unavailable& e) {
    return fail_setup(e.what());
  }
  settings.site = {opts.web_root, opts.wasm_root,
                   opts.no_csp ? ""
                               : "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; "
                                 "base-uri 'self'"};
  settings.component = {opts.component_root, scan_login::package_version};
  settings.pages_root = opts.pages_root;
  settings.public_url = public_url;
  settings.limits = config->limits;
  settings.proxies = *proxies;
  handler app{settings, flow};
  srv.start(app, *state);

  std::cout << "scan-login-server listening on http://"
            << (endpoint.address().is_v6() ? "[" + opts.bind + "]" : opts.bind) << ':'
            << endpoint.port() << std::endl;
  std::cerr << "scan-login-server: public URL " << public_url << ", store "
            << (opts.database_url.empty() ? opts.data_dir + "/" + store_file_name
                                          : std::string{"PostgreSQL"})
            << ", console " << public_url << "/console, admin token "
            << (generated_token ? settings.admin_token
                                : std::string{"from the config file or environment"})
            << '\n'
            << "scan-login-server: open files " << open_files << ": at most "
            << clients.max_connections << " connections, " << clients.max_connections_per_client
            << " per client, " << config->limits.max_held_polls << " held long polls, "
            << clients.max_held_polls_per_client << " per client\n";
  ioc.run();
  workers.join();
  return EXIT_SUCCESS;
}
