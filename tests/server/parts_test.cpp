// The handler's parts on their own: config parsing, the signing key, the
// long-poll registry, the rate limiter, the user-agent summary, the sweep.

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include <cstdio>
#include <filesystem>

#include "api/rate_limiter.hpp"
#include "auth/jwt_signer.hpp"
#include "config/app_config.hpp"
#include "http/user_agent.hpp"
#include "shell/long_poll_registry.hpp"

namespace scan_login::server {
namespace {
using nlohmann::json;

json minimal_config() {
  return {{"apps",
           {{{"appId", "demo"},
             {"callbackUrls", {"{publicUrl}/callback"}},
             {"allowedOrigins", {"{publicUrl}"}}}}}};
}

TEST(config, public_url_placeholders_are_filled_and_defaults_apply) {
  std::string error;
  const auto config = parse_server_config(minimal_config(), error);
  ASSERT_TRUE(config) << error;
  // Kept as written (so a stored app follows the server's address) ...
  EXPECT_EQ(config->apps.at(0).callback_urls.at(0), "{publicUrl}/callback");
  // ... and filled in when used.
  const auto app = with_public_url(config->apps.at(0), "http://10.0.0.2:9000");
  EXPECT_EQ(app.callback_urls.at(0), "http://10.0.0.2:9000/callback");
  EXPECT_EQ(app.allowed_origins.at(0), "http://10.0.0.2:9000");
  EXPECT_EQ(app.qr_expires_in, 120);
  EXPECT_EQ(app.ticket_expires_in, 300);
  EXPECT_EQ(app.browser_exchange, browser_exchange_mode::off);  // PROTOCOL.md: off by default
  EXPECT_FALSE(app.return_full_user_info);
  EXPECT_EQ(config->limits.max_wait, 30);
}

// mock-server/config/default.json, parsed (the config npm start uses).
std::optional<server_config> shipped_config(std::string& error) {
  const auto path =
      std::filesystem::path{SCAN_LOGIN_SOURCE_DIR} / "mock-server/config/default.json";
  std::FILE* file = std::fopen(path.c_str(), "r");
  if (!file) {
    error = "cannot open " + path.string();
    return std::nullopt;
  }
  const auto doc = json::parse(file, nullptr, false);
  std::fclose(file);
  return parse_server_config(doc, error);
}

TEST(config, the_shipped_default_config_parses) {
  std::string error;
  const auto config = shipped_config(error);
  ASSERT_TRUE(config) << error;
  EXPECT_EQ(config->apps.at(0).app_id, "demo");
  EXPECT_EQ(with_public_url(config->apps.at(0), "http://127.0.0.1:8080").callback_urls.at(0),
            "http://127.0.0.1:8080/callback");
}

TEST(config, browser_exchange_modes_by_name_and_earlier_booleans) {
  const std::vector<std::pair<json, browser_exchange_mode>> cases{
      {"off", browser_exchange_mode::off},
      {"proof", browser_exchange_mode::proof},
      {"ticketOnly", browser_exchange_mode::ticket_only},
      // Documents stored by earlier versions: true was the ticket alone.
      {true, browser_exchange_mode::ticket_only},
      {false, browser_exchange_mode::off},
  };
  for (const auto& [value, mode] : cases) {
    auto doc = minimal_config();
    doc["apps"][0]["browserExchange"] = value;
    std::string error;
    const auto config = parse_server_config(doc, error);
    ASSERT_TRUE(config) << error;
    EXPECT_EQ(config->apps.at(0).browser_exchange, mode) << value;
    // Written back by name.
    EXPECT_EQ(app_file_json(config->apps.at(0))["browserExchange"], browser_exchange_name(mode));
  }
  for (const json& bad : {json("on"), json("Proof"), json(1), json(nullptr)}) {
    auto doc = minimal_config();
    doc["apps"][0]["browserExchange"] = bad;
    std::string error;
    EXPECT_FALSE(parse_server_config(doc, error)) << bad;
    EXPECT_EQ(error.rfind("apps[0].browserExchange", 0), 0u) << error;
  }
}

TEST(config, the_shipped_demo_app_exchanges_in_the_browser_only_with_the_poll_key) {
  std::string error;
  const auto config = shipped_config(error);
  ASSERT_TRUE(config) << error;
  EXPECT_EQ(config->apps.at(0).browser_exchange, browser_exchange_mode::proof);
}

TEST(config, errors_name_the_field) {
  const std::vector<std::pair<json, std::string>> cases{
      {json::array(), "the config"},
      {json{{"apps", json::array()}}, "apps"},
      {json{{"apps", {{{"name", "x"}}}}}, "apps[0].appId"},
      {json{{"apps", {{{"appId", "a"}, {"qrExpiresIn", 0}}}}}, "apps[0].qrExpiresIn"},
      {json{{"apps", {{{"appId", "a"}, {"callbackUrls", {"/relative"}}}}}},
       "apps[0].callbackUrls[0]"},
      {json{{"apps", {{{"appId", "a"}}, {{"appId", "a"}}}}}, "apps[1].appId"},
      {json{{"apps", {{{"appId", "a"}}}}, {"limits", {{"geneRate", -1}}}}, "limits.geneRate"},
  };
  for (const auto& [doc, field] : cases) {
    std::string error;
    EXPECT_FALSE(parse_server_config(doc, error)) << doc;
    EXPECT_EQ(error.rfind(field, 0), 0u) << error;
  }
}

TEST(signer, a_key_loaded_from_pem_signs_with_its_own_kid) {
  EVP_PKEY* key = EVP_RSA_gen(2048);
  ASSERT_NE(key, nullptr);
  const auto path = std::filesystem::temp_directory_path() / "scan-login-test-key.pem";
  std::FILE* file = std::fopen(path.c_str(), "w");
  PEM_write_PrivateKey(file, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(file);
  EVP_PKEY_free(key);

  std::string error;
  const auto first = jwt_signer::from_pem_file(path.string(), error);
  const auto second = jwt_signer::from_pem_file(path.string(), error);
  std::filesystem::remove(path);
  ASSERT_TRUE(first && second) << error;
  EXPECT_EQ(first->kid(), second->kid());  // stable across restarts with the same key
  EXPECT_EQ(first->jwks()["keys"][0]["kid"], first->kid());
  const auto token = first->sign({{"sub", "x"}});
  EXPECT_EQ(std::count(token.begin(), token.end(), '.'), 2);
  EXPECT_FALSE(jwt_signer::from_pem_file("/nonexistent.pem", error));
  EXPECT_NE(error.find("/nonexistent.pem"), std::string::npos);
}

struct counting_waiter : poll_waiter {
  int woken = 0;
  void wake() override { ++woken; }
};

TEST(long_poll_registry_test, notify_wakes_only_that_codes_waiters_once) {
  long_poll_registry registry;
  auto a = std::make_shared<counting_waiter>();
  auto b = std::make_shared<counting_waiter>();
  auto c = std::make_shared<counting_waiter>();
  registry.park("r1", a);
  registry.park("r1", b);
  registry.park("r2", c);
  EXPECT_EQ(registry.size(), 3u);
  registry.notify("r1");
  registry.notify("r1");
  EXPECT_EQ(a->woken, 1);
  EXPECT_EQ(b->woken, 1);
  EXPECT_EQ(c->woken, 0);
  EXPECT_EQ(registry.size(), 1u);
  registry.unpark("r2", c.get());
  EXPECT_EQ(registry.size(), 0u);
  registry.notify("r2");
  EXPECT_EQ(c->woken, 0);
}

TEST(long_poll_registry_test, a_gone_waiter_is_skipped) {
  long_poll_registry registry;
  {
    auto gone = std::make_shared<counting_waiter>();
    registry.park("r", gone);
  }
  registry.notify("r");  // must not crash
  EXPECT_EQ(registry.size(), 0u);
}

TEST(rate_limiter_test, bucket_refills_at_the_rate) {
  rate_limiter limiter{2.0, 2};
  EXPECT_EQ(limiter.take("ip", 0), 0);
  EXPECT_EQ(limiter.take("ip", 0), 0);
  EXPECT_EQ(limiter.take("ip", 0), 1);
  EXPECT_EQ(limiter.take("ip", 500), 0);
  EXPECT_EQ(limiter.take("other", 500), 0);
  rate_limiter unlimited{0, 1};
  for (int i = 0; i < 100; ++i) EXPECT_EQ(unlimited.take("ip", 0), 0);
}

TEST(user_agent_test, common_browsers_are_named) {
  EXPECT_EQ(summarize_user_agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                                 "(KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36"),
            "Chrome 120 on Windows");
  EXPECT_EQ(summarize_user_agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
                                 "(KHTML, like Gecko) Chrome/120.0 Safari/537.36 Edg/120.0"),
            "Edge 120 on Windows");
  EXPECT_EQ(
      summarize_user_agent("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 "
                           "(KHTML, like Gecko) Version/17.0 Safari/605.1.15"),
      "Safari 17 on macOS");
  EXPECT_EQ(summarize_user_agent(
                "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0"),
            "Firefox 121 on Linux");
  EXPECT_EQ(summarize_user_agent(""), "Unknown browser");
}

}  // namespace
}  // namespace scan_login::server
