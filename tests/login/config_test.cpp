#include "login/config.hpp"

#include <gtest/gtest.h>

namespace scan_login {
namespace {

TEST(SessionConfig, ParsesEveryKey) {
  auto config = parse_session_config(
      R"({"host":"https://srv.test","appId":"a","userPoolId":"p","lang":"en-US",)"
      R"("redirectUri":"https://site.test/cb","state":"s","autoExchange":true,)"
      R"("autoRefresh":true,"interval":1500,"wait":10,"size":300})");
  ASSERT_TRUE(config) << config.error_message();
  EXPECT_EQ(config->host, "https://srv.test");
  EXPECT_EQ(config->app_id, "a");
  EXPECT_EQ(config->user_pool_id, "p");
  EXPECT_EQ(config->lang, "en-US");
  EXPECT_EQ(config->redirect_uri, "https://site.test/cb");
  EXPECT_EQ(config->state, "s");
  EXPECT_TRUE(config->auto_exchange);
  EXPECT_TRUE(config->auto_refresh);
  EXPECT_EQ(config->interval_ms, 1500);
  EXPECT_EQ(config->wait_s, 10);
  EXPECT_EQ(validate_config(config.value()), "");
}

TEST(SessionConfig, DefaultsAndNulls) {
  auto config = parse_session_config(R"({"appId":"a","host":null})");
  ASSERT_TRUE(config);
  EXPECT_EQ(config->host, "");
  EXPECT_FALSE(config->auto_exchange);
  EXPECT_FALSE(config->auto_refresh);
  EXPECT_EQ(config->interval_ms, 800);
  EXPECT_EQ(config->wait_s, 25);
  EXPECT_EQ(validate_config(config.value()), "");
}

TEST(SessionConfig, RefusesWrongTypes) {
  for (const char* text : {"", "[]", "nope", R"({"appId":1})", R"({"autoRefresh":"yes"})",
                           R"({"interval":"800"})", R"({"wait":-1})", R"({"interval":1e20})"}) {
    auto config = parse_session_config(text);
    EXPECT_FALSE(config) << text;
    EXPECT_FALSE(config.error_message().empty());
  }
}

TEST(SessionConfig, ValidationSaysWhatToFix) {
  session_config config;
  EXPECT_NE(validate_config(config).find("appId"), std::string::npos);
  config.app_id = "a";
  config.host = "srv.test";
  EXPECT_NE(validate_config(config).find("host"), std::string::npos);
  config.host = "http://localhost:8080";
  config.redirect_uri = "javascript:alert(1)";
  EXPECT_NE(validate_config(config).find("redirectUri"), std::string::npos);
  config.redirect_uri = "";
  config.interval_ms = 50;
  EXPECT_NE(validate_config(config).find("interval"), std::string::npos);
  config.interval_ms = 800;
  config.wait_s = 31;
  EXPECT_NE(validate_config(config).find("wait"), std::string::npos);
}

}  // namespace
}  // namespace scan_login
