#include "server_process.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <chrono>
#include <filesystem>

namespace scan_login::server::testing {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;

pid_t spawn(const std::vector<std::string>& args, int out_fd, int err_fd) {
  std::vector<char*> argv;
  std::string binary = SCAN_LOGIN_SERVER_BIN;
  argv.push_back(binary.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  const pid_t pid = fork();
  if (pid == 0) {
    if (out_fd >= 0) dup2(out_fd, STDOUT_FILENO);
    if (err_fd >= 0) dup2(err_fd, STDERR_FILENO);
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  return pid;
}

bool names_a_store(const std::vector<std::string>& args) {
  for (const auto& a : args) {
    if (a.rfind("--data-dir", 0) == 0 || a.rfind("--database", 0) == 0) return true;
  }
  return false;
}

// A fresh folder for a server's SQLite store.
std::string temporary_data_dir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "scan-login-test-XXXXXX").string();
  if (!mkdtemp(pattern.data())) ADD_FAILURE() << "mkdtemp failed";
  return pattern;
}

int wait_exit(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace

server_process::server_process(std::vector<std::string> args) {
  if (!names_a_store(args)) {
    data_dir_ = temporary_data_dir();
    args.insert(args.begin(), {"--data-dir", data_dir_});
  }
  args.insert(args.begin(), {"--port", "0", "--bind", "127.0.0.1"});
  int out[2];
  if (pipe(out) != 0) {
    ADD_FAILURE() << "pipe failed";
    return;
  }
  const int devnull = open("/dev/null", O_WRONLY);
  pid_ = spawn(args, out[1], devnull);
  close(out[1]);
  close(devnull);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  std::string text;
  while (text.find('\n') == std::string::npos && std::chrono::steady_clock::now() < deadline) {
    pollfd p{out[0], POLLIN, 0};
    if (poll(&p, 1, 100) <= 0) continue;
    char buffer[256];
    const auto n = read(out[0], buffer, sizeof buffer);
    if (n <= 0) break;
    text.append(buffer, static_cast<std::size_t>(n));
  }
  close(out[0]);
  line_ = text.substr(0, text.find('\n'));
  const std::string prefix = "scan-login-server listening on http://127.0.0.1:";
  if (line_.rfind(prefix, 0) != 0) {
    ADD_FAILURE() << "no listening line, got: '" << line_ << "'";
    return;
  }
  port_ = static_cast<unsigned short>(std::stoi(line_.substr(prefix.size())));
}

server_process::~server_process() {
  if (pid_ > 0) stop();
  if (!data_dir_.empty()) {
    std::error_code ec;
    std::filesystem::remove_all(data_dir_, ec);
  }
}

int server_process::stop() {
  if (pid_ <= 0) return -1;
  kill(pid_, SIGTERM);
  const int status = wait_exit(pid_);
  pid_ = -1;
  return status;
}

client_response http_call(unsigned short port, http::verb verb, const std::string& target,
                          const std::string& body,
                          const std::map<std::string, std::string>& headers) {
  net::io_context ioc;
  beast::tcp_stream stream{ioc};
  stream.connect(net::ip::tcp::endpoint{net::ip::make_address("127.0.0.1"), port});
  stream.expires_after(std::chrono::seconds(40));
  http::request<http::string_body> req{verb, target, 11};
  req.set(http::field::host, "127.0.0.1:" + std::to_string(port));
  for (const auto& [name, value] : headers) req.set(name, value);
  if (!body.empty() || verb == http::verb::post) {
    if (req[http::field::content_type].empty())
      req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
  }
  http::write(stream, req);
  beast::flat_buffer buffer;
  client_response res;
  http::response_parser<http::string_body> parser;
  parser.body_limit(10 * 1024 * 1024);
  http::read(stream, buffer, parser);
  res = parser.release();
  beast::error_code ec;
  stream.socket().shutdown(net::ip::tcp::socket::shutdown_both, ec);
  return res;
}

int run_to_exit(std::vector<std::string> args, std::string* err) {
  std::string data_dir;
  if (!names_a_store(args)) {
    data_dir = temporary_data_dir();
    args.insert(args.begin(), {"--data-dir", data_dir});
  }
  struct cleanup {
    std::string dir;
    ~cleanup() {
      std::error_code ec;
      if (!dir.empty()) std::filesystem::remove_all(dir, ec);
    }
  } remove_data{data_dir};
  int pipe_err[2];
  if (pipe(pipe_err) != 0) return -1;
  const int devnull = open("/dev/null", O_WRONLY);
  const pid_t pid = spawn(args, devnull, pipe_err[1]);
  close(pipe_err[1]);
  close(devnull);
  std::string text;
  char buffer[512];
  ssize_t n;
  while ((n = read(pipe_err[0], buffer, sizeof buffer)) > 0)
    text.append(buffer, static_cast<std::size_t>(n));
  close(pipe_err[0]);
  if (err) *err = text;
  return wait_exit(pid);
}

}  // namespace scan_login::server::testing
