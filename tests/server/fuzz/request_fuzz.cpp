// libFuzzer target: raw bytes as the shell reads them from a socket, through
// Beast's request parser with the shell's limits and its Transfer-Encoding
// rule, into the pure handler over the shipped config, the login flow and a
// SQLite store behind its per-process view (as the server runs it).
//
// An input may hold several pipelined requests, as one keep-alive connection
// would. Before each request, these placeholders are filled in, so the
// fuzzer reaches the flow's later steps without guessing random values:
//   {code} {random}      a pending code made for this input (and its poll key)
//   {scanToken} {ticket} the last ones any answer of this input carried
//   {admin}              the admin token
//
// It aborts (a finding) on: an exception out of handle(), a 500 (the
// handler's "unexpected failure"), a JSON answer that is not JSON, a
// Location that another host could read as its own ("//host" or "/\host"),
// a Set-Cookie or header value with a line break, and of course anything
// ASan or UBSan reports.
//
//   cmake --preset sanitize && cmake --build --preset sanitize --target request_fuzz
//   build/sanitize/tests/server/request_fuzz -max_total_time=600 -max_len=4096 \
//     build/sanitize/fuzz-corpus/request_fuzz tests/server/fuzz/corpus
// (scripts/fuzz runs every target this way; docs/testing.md.)

#include <unistd.h>

#include <algorithm>
#include <boost/beast/core/flat_buffer.hpp>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/handler.hpp"
#include "auth/key_ring.hpp"
#include "flow/login_flow.hpp"
#include "shell/shell_context.hpp"
#include "store/code_view_store.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace {

using namespace scan_login::server;
using nlohmann::json;

constexpr const char* public_url = "http://127.0.0.1:8080";
constexpr const char* admin_token = "fuzz-admin-token";

[[noreturn]] void finding(const std::string& what, const request& req, const response& res) {
  std::cerr << "request_fuzz: " << what << "\n--- request\n"
            << req.method_string() << ' ' << req.target() << "\n--- answer " << res.result_int()
            << "\n"
            << res.body().substr(0, 2000) << '\n';
  std::abort();
}

// One handler for the whole fuzzing process: opening SQLite and signing
// keys per input would leave no time for the requests.
struct world {
  std::filesystem::path dir;
  std::unique_ptr<store> state;
  key_ring keys;
  std::int64_t now = 1'800'000'000'000;
  std::uint64_t counter = 0;
  std::uint64_t inputs = 0;
  // REQUEST_FUZZ_TRACE=1: each request line and its answer's status on
  // stderr, to read what an input (a crash, a seed) does.
  const bool trace = std::getenv("REQUEST_FUZZ_TRACE") != nullptr;
  std::unique_ptr<login_flow> flow;
  std::unique_ptr<handler> app;

  world() {
    const auto shm = std::filesystem::path{"/dev/shm"};
    dir = (std::filesystem::exists(shm) ? shm : std::filesystem::temp_directory_path()) /
          ("scan-login-request-fuzz-" + std::to_string(::getpid()));
    std::filesystem::remove_all(dir);
    state = std::make_unique<code_view_store>(open_sqlite_store({dir / "store.sqlite3", 2}));

    std::ifstream file{std::string{SCAN_LOGIN_SOURCE_DIR} + "/mock-server/config/default.json"};
    std::string error;
    const auto config = parse_server_config(json::parse(file), error);
    if (!config) {
      std::cerr << "request_fuzz: shipped config: " << error << '\n';
      std::abort();
    }
    state->seed_apps_once(config->apps);

    flow_settings flow_config;
    flow_config.issuer = public_url;
    flow_config.limits = config->limits;
    flow_config.limits.gene_rate = 0;  // the fuzzer makes many codes from one address
    flow = std::make_unique<login_flow>(
        flow_config, *state, keys, [this] { return now; },
        [this](unsigned char* out, std::size_t size) {
          for (std::size_t i = 0; i < size; ++i) {
            out[i] = static_cast<unsigned char>((counter * 131 + i * 7 + (counter >> 8)) & 0xff);
          }
          ++counter;
        });
    if (!flow->prepare_signing_keys("", error)) {
      std::cerr << "request_fuzz: signing keys: " << error << '\n';
      std::abort();
    }

    handler_settings settings;
    const std::string source = SCAN_LOGIN_SOURCE_DIR;
    settings.site = {source + "/web", source + "/build/wasm/dist", "script-src 'self'"};
    settings.pages_root = source + "/mock-server/pages";
    settings.public_url = public_url;
    settings.admin_token = admin_token;
    settings.limits = flow_config.limits;
    settings.proxies = {};
    app = std::make_unique<handler>(settings, *flow);
  }

  ~world() {
    app.reset();
    flow.reset();
    state.reset();
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
};

world& the_world() {
  static world w;
  return w;
}

struct placeholders {
  std::string code, random, scan_token, ticket;
};

void replace_all(std::string& text, const std::string& from, const std::string& to) {
  if (to.empty()) return;
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) {
    text.replace(at, from.size(), to);
  }
}

std::string filled(std::string text, const placeholders& values) {
  replace_all(text, "{code}", values.code);
  replace_all(text, "{random}", values.random);
  replace_all(text, "{scanToken}", values.scan_token);
  replace_all(text, "{ticket}", values.ticket);
  replace_all(text, "{admin}", admin_token);
  return text;
}

// The placeholders filled into the target, every header value and the body
// of a parsed request (after parsing, so a scan token taken from the answer
// before can be sent on); a filled body gets its Content-Length again.
void fill_in(request& req, const placeholders& values) {
  req.target(filled(std::string{req.target()}, values));
  std::vector<std::pair<std::string, std::string>> changed;
  for (const auto& field : req) {
    auto value = filled(std::string{field.value()}, values);
    if (value != field.value()) changed.emplace_back(field.name_string(), std::move(value));
  }
  for (const auto& [name, value] : changed) req.set(name, value);
  auto body = filled(req.body(), values);
  if (body != req.body()) {
    req.body() = std::move(body);
    if (!req.chunked()) req.prepare_payload();
  }
}

// A fresh pending code of the demo app, for the placeholders.
placeholders fresh_code(world& w) {
  request req{http::verb::post, "/api/v2/qrcode/gene", 11};
  req.set(http::field::host, "127.0.0.1:8080");
  req.set("x-authing-app-id", "demo");
  req.set(http::field::content_type, "application/json");
  req.body() = "{}";
  req.prepare_payload();
  const auto result = w.app->handle(req, client_info{"192.0.2.1", 0, {}}, false);
  placeholders values;
  if (!result.res || result.res->result() != http::status::ok) return values;
  const auto body = json::parse(result.res->body(), nullptr, false);
  const auto data = body.value("data", json::object());
  values.random = data.value("random", "");
  const auto content = data.value("qrcodeContent", "");
  const auto start = content.find("/m/");
  if (start != std::string::npos) {
    const auto end = content.find('?', start + 3);
    values.code = content.substr(start + 3, end == std::string::npos ? end : end - start - 3);
  }
  return values;
}

void check_answer(const request& req, const response& res, placeholders& values) {
  if (res.result() == http::status::internal_server_error) finding("a 500", req, res);
  for (const auto& field : res) {
    const auto value = field.value();
    if (value.find_first_of("\r\n") != std::string_view::npos) {
      finding("a header value with a line break", req, res);
    }
  }
  const auto location = res[http::field::location];
  if (location.size() >= 2 && location[0] == '/' && (location[1] == '/' || location[1] == '\\')) {
    finding("a protocol-relative Location", req, res);
  }
  if (res[http::field::content_type].find("application/json") == std::string_view::npos) return;
  const auto body = json::parse(res.body(), nullptr, false);
  if (body.is_discarded()) finding("a JSON answer that is not JSON", req, res);
  if (!body.is_object() || !body.contains("data") || !body["data"].is_object()) return;
  const auto& data = body["data"];
  if (data.contains("scanToken") && data["scanToken"].is_string()) {
    values.scan_token = data["scanToken"];
  }
  if (data.contains("ticket") && data["ticket"].is_string()) values.ticket = data["ticket"];
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  auto& w = the_world();
  w.now += 1000;  // codes age; some expire across inputs
  // Ended codes and tickets go, as the server's sweep timer drops them, so
  // a long run's memory stays flat.
  if (++w.inputs % 256 == 0) w.app->sweep();
  auto values = fresh_code(w);
  boost::beast::flat_buffer buffer;
  buffer.commit(boost::asio::buffer_copy(buffer.prepare(size), boost::asio::buffer(data, size)));
  const shell_limits limits;
  for (int requests = 0; requests < 8 && buffer.size() > 0; ++requests) {
    // As shell/connection.cpp reads: the same limits, the whole message.
    http::request_parser<http::string_body> parser;
    parser.eager(true);
    parser.header_limit(static_cast<std::uint32_t>(limits.header_limit));
    parser.body_limit(std::max(limits.body_limit, handler::max_avatar_bytes));
    boost::beast::error_code ec;
    const auto used = parser.put(buffer.data(), ec);
    buffer.consume(used);
    if (ec || !parser.is_done()) break;  // the shell answers 400 or closes
    auto req = parser.release();
    if (req.count(http::field::transfer_encoding) != 0 && !req.chunked()) break;  // 400, close
    if (req.body().size() > handler::body_limit_for(req.base(), limits.body_limit)) break;  // 413
    fill_in(req, values);
    // Not fuzzed: a key rotation makes an RSA key (0.1-0.3 s under ASan) and
    // each retired key stays in the JWKS for the token lifetime, so a few
    // thousand rotations would be all the run did. tests/server covers it.
    if (req.target().find("signing-keys") != std::string_view::npos) continue;
    const client_info client{(requests & 1) != 0 ? "127.0.0.1" : "192.0.2.7", 0, {}};
    outcome result;
    try {
      result = w.app->handle(req, client, false);
    } catch (const std::exception& e) {
      std::cerr << "request_fuzz: handle() threw: " << e.what() << '\n';
      std::abort();
    }
    if (!result.res) {
      std::cerr << "request_fuzz: no answer though holding was not allowed\n";
      std::abort();
    }
    if (w.trace) {
      std::cerr << req.method_string() << ' ' << req.target() << " -> " << result.res->result_int()
                << ' ' << result.res->body().substr(0, result.res->body().find('\n')).substr(0, 160)
                << '\n';
    }
    check_answer(req, *result.res, values);
  }
  return 0;
}
