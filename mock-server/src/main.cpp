// scan-login-server: the local identity server (see docs/server.md).
// Prints "scan-login-server listening on http://ADDR:PORT" once it listens;
// exits 0 on SIGINT/SIGTERM, EXIT_FAILURE on bad arguments or setup errors.

#include <boost/asio/io_context.hpp>
#include <cstdlib>
#include <iostream>
#include <string>
#include <vector>

#include "handler.hpp"
#include "options.hpp"
#include "server.hpp"

#ifndef SCAN_LOGIN_SOURCE_DIR
#error "SCAN_LOGIN_SOURCE_DIR must be defined by the build"
#endif

int main(int argc, char** argv) {
  using namespace scan_login::server;
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

  boost::asio::io_context ioc{1};
  handler_settings settings;
  settings.site = {
      opts.web_root, opts.wasm_root,
      opts.no_csp ? ""
                  : "script-src 'self' 'wasm-unsafe-eval'; object-src 'none'; base-uri 'self'"};
  handler app{settings};
  server srv{ioc, app, shell_limits{}, nullptr, std::chrono::seconds(5)};
  std::string error;
  const auto endpoint = srv.listen(opts.bind, opts.port, error);
  if (!error.empty()) {
    std::cerr << "scan-login-server: " << error << '\n';
    return EXIT_FAILURE;
  }
  srv.start();
  std::cout << "scan-login-server listening on http://" << opts.bind << ':' << endpoint.port()
            << std::endl;
  ioc.run();
  return EXIT_SUCCESS;
}
