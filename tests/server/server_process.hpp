#pragma once
// Test helpers that run the real scan-login-server binary on a free loopback
// port and talk HTTP/1.1 to it with Beast.

#include <sys/types.h>

#include <boost/beast/http.hpp>
#include <map>
#include <string>
#include <vector>

namespace scan_login::server::testing {

namespace http = boost::beast::http;
using client_response = http::response<http::string_body>;

class server_process {
 public:
  // Starts the binary with `--port 0 --bind 127.0.0.1` plus `args` and waits
  // (up to 10 s) for its "listening on" line. Fails the test otherwise.
  // Unless `args` name --data-dir or --database, the server gets a fresh
  // temporary data folder, removed with this object.
  explicit server_process(std::vector<std::string> args = {});
  ~server_process();  // SIGTERM and reap, if still running
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  unsigned short port() const { return port_; }
  const std::string& listening_line() const { return line_; }
  // Sends SIGTERM and returns the exit status (-1 if it did not exit normally).
  int stop();

 private:
  pid_t pid_ = -1;
  std::string data_dir_;
  unsigned short port_ = 0;
  std::string line_;
};

// One request on a fresh connection.
client_response http_call(unsigned short port, http::verb verb, const std::string& target,
                          const std::string& body = {},
                          const std::map<std::string, std::string>& headers = {});

// Runs the binary with `args` to completion; returns its exit status and stderr.
// (With a temporary data folder unless `args` name one.)
int run_to_exit(std::vector<std::string> args, std::string* err = nullptr);

}  // namespace scan_login::server::testing
