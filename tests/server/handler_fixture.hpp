#pragma once
// A handler over the login flow and a SQLite store (behind its per-process
// view, as the server runs it) in a fresh temporary folder, with a virtual
// clock and a counting random source, plus request helpers. Each test gets
// its own fixture (and its own database).

#include <gtest/gtest.h>

#include <filesystem>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/handler.hpp"
#include "auth/key_ring.hpp"
#include "flow/login_flow.hpp"
#include "store/store.hpp"

namespace scan_login::server::testing {

using nlohmann::json;

// One RSA key for the whole test binary (generation takes ~100 ms).
const jwt_signer& shared_signer();

// The secrets key of every fixture's store (32 bytes).
std::string test_secrets_key();

// Records the poll keys the store's feed publishes.
class feed_recorder : public status_feed_listener {
 public:
  void on_status_change(const std::string& random) override {
    std::lock_guard lock{mutex};
    randoms.push_back(random);
  }
  void on_feed_resync() override {}
  std::mutex mutex;
  std::vector<std::string> randoms;
};

class handler_test : public ::testing::Test {
 protected:
  static constexpr std::int64_t start_ms = 1'800'000'000'000;
  static constexpr const char* base = "http://127.0.0.1:8080";
  static constexpr const char* secret = "demo-secret";

  handler_test();
  ~handler_test() override;

  // Replaces the flow and handler after changing settings_ (same store).
  void rebuild();

  response send(http::verb verb, const std::string& target, const std::string& body = {},
                std::vector<std::pair<std::string, std::string>> headers = {});
  response get(const std::string& target,
               std::vector<std::pair<std::string, std::string>> headers = {});
  response post(const std::string& target, const json& body,
                std::vector<std::pair<std::string, std::string>> headers = {});
  outcome check_outcome(const std::string& query, bool may_hold = true);

  static json body_of(const response& res);

  // Flow steps; each asserts success and returns the interesting value.
  json gene(const json& body = json::object());  // data
  std::string scan(const std::string& code, const std::string& openid = "openid-1",
                   const std::string& unionid = "");  // scanToken
  std::string confirm(const std::string& code, const std::string& token,
                      const std::string& phone = "13800138000");  // ticket (via check)
  static std::string code_of(const json& gene_data);

  // The stored code, read back (e.g. for its ticket).
  code_record stored_code(const std::string& code);
  // Replaces an app in the store.
  void save_app(const app_config& app);

  std::int64_t now_ = start_ms;
  std::uint64_t counter_ = 0;
  std::filesystem::path dir_;
  std::unique_ptr<store> store_;
  key_ring keys_;
  handler_settings settings_;
  feed_recorder feed_;
  std::vector<std::string>& notified_ = feed_.randoms;
  std::size_t held_polls_ = 0;
  std::string client_ip_ = "192.0.2.7";
  std::unique_ptr<login_flow> flow_;
  std::unique_ptr<handler> handler_;
};

}  // namespace scan_login::server::testing
