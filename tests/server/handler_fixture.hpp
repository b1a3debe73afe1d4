#pragma once
// A handler over an in-memory store with a virtual clock and a counting
// random source, plus request helpers. Each test gets its own fixture.

#include <gtest/gtest.h>

#include <memory>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "api/handler.hpp"
#include "store/memory_store.hpp"

namespace scan_login::server::testing {

using nlohmann::json;

// One RSA key for the whole test binary (generation takes ~100 ms).
const jwt_signer& shared_signer();

// base64url (no padding) decode, for reading token parts.
std::string base64url_decode(const std::string& text);

class handler_test : public ::testing::Test {
 protected:
  static constexpr std::int64_t start_ms = 1'800'000'000'000;
  static constexpr const char* base = "http://127.0.0.1:8080";
  static constexpr const char* secret = "demo-secret";

  handler_test();

  // Replaces the handler after changing settings_ or the apps.
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

  std::int64_t now_ = start_ms;
  std::uint64_t counter_ = 0;
  memory_store store_;
  handler_settings settings_;
  std::vector<std::string> notified_;
  std::size_t held_polls_ = 0;
  std::string client_ip_ = "192.0.2.7";
  std::unique_ptr<handler> handler_;
};

}  // namespace scan_login::server::testing
