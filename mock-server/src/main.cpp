// scan-login-server: the local identity server (see docs/server.md).
// Prints "scan-login-server listening on http://ADDR:PORT" once it listens;
// exits 0 on SIGINT/SIGTERM, EXIT_FAILURE on bad arguments or setup errors.

#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "auth/crypto_util.hpp"
#include "api/handler.hpp"
#include "store/memory_store.hpp"
#include "config/options.hpp"
#include "shell/server.hpp"

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

// Command-line overrides of the config's limits and lifetimes.
void apply_overrides(const options& opts, server_config& config) {
  for (auto& app : config.apps) {
    if (opts.qr_expires_in) app.qr_expires_in = *opts.qr_expires_in;
    if (opts.ticket_expires_in) app.ticket_expires_in = *opts.ticket_expires_in;
  }
  if (opts.max_live_codes) config.limits.max_live_codes = *opts.max_live_codes;
  if (opts.max_held_polls) config.limits.max_held_polls = *opts.max_held_polls;
  if (opts.gene_rate) config.limits.gene_rate = *opts.gene_rate;
  if (opts.gene_burst) config.limits.gene_burst = *opts.gene_burst;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
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
  auto signer = opts.signing_key.empty() ? jwt_signer::generate(error)
                                         : jwt_signer::from_pem_file(opts.signing_key, error);
  if (!signer) return fail_setup(error);

  boost::asio::io_context ioc{1};
  memory_store state;
  // The handler needs the public URL, which needs the port: listen first.
  handler_settings settings;
  std::unique_ptr<handler> app;
  shell_limits limits;
  limits.read_timeout = limits.write_timeout = std::chrono::seconds(opts.request_timeout);
  server srv{ioc, limits, std::chrono::seconds(5)};
  const auto endpoint = srv.listen(opts.bind, opts.port, error);
  if (!error.empty()) return fail_setup(error);

  const auto public_url =
      opts.public_url.empty() ? default_public_url(opts, endpoint.port()) : opts.public_url;
  auto config = parse_server_config(config_doc, public_url, error);
  if (!config) return fail_setup(opts.config_file + ": " + error);
  apply_overrides(opts, *config);
  for (const auto& a : config->apps) state.save_app(a);

  const auto random = system_random();
  settings.site = {opts.web_root, opts.wasm_root,
                   opts.no_csp ? ""
                               : "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; "
                                 "base-uri 'self'"};
  settings.pages_root = opts.pages_root;
  settings.public_url = public_url;
  settings.admin_token = config->admin_token;
  settings.limits = config->limits;
  const bool generated_token = settings.admin_token.empty();
  if (generated_token) settings.admin_token = random_token(random, 24);
  app = std::make_unique<handler>(settings, state, *signer, system_clock_ms(), random);
  srv.start(*app);

  std::cout << "scan-login-server listening on http://"
            << (endpoint.address().is_v6() ? "[" + opts.bind + "]" : opts.bind) << ':'
            << endpoint.port() << std::endl;
  std::cerr << "scan-login-server: public URL " << public_url << ", console " << public_url
            << "/console, admin token "
            << (generated_token ? settings.admin_token : std::string{"from the config file"})
            << '\n';
  ioc.run();
  return EXIT_SUCCESS;
}
