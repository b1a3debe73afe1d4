// Command-line parsing: defaults, every flag, refusals with a message.

#include "config/options.hpp"

#include <gtest/gtest.h>

namespace scan_login::server {
namespace {

TEST(options, defaults_come_from_the_source_dir) {
  const auto parsed = parse_options({}, "/src");
  ASSERT_TRUE(parsed.value);
  EXPECT_EQ(parsed.value->bind, "127.0.0.1");
  EXPECT_EQ(parsed.value->port, 8080);
  EXPECT_EQ(parsed.value->web_root, "/src/web");
  EXPECT_EQ(parsed.value->wasm_root, "/src/build/wasm/dist");
  EXPECT_EQ(parsed.value->config_file, "/src/mock-server/config/default.json");
  EXPECT_EQ(parsed.value->secrets_key_file, "") << "SCAN_LOGIN_SECRETS_KEY, else the data dir's";
}

TEST(options, flags_with_separate_or_joined_values) {
  const auto parsed =
      parse_options({"--port", "0", "--bind=::1", "--public-url", "http://10.0.0.2:8080/",
                     "--qr-expires-in", "5", "--ticket-expires-in=7", "--gene-rate", "0",
                     "--secrets-key-file", "/etc/scan-login/secrets.key"},
                    "/src");
  ASSERT_TRUE(parsed.value) << parsed.error;
  EXPECT_EQ(parsed.value->port, 0);
  EXPECT_EQ(parsed.value->bind, "::1");
  EXPECT_EQ(parsed.value->public_url, "http://10.0.0.2:8080");
  EXPECT_EQ(parsed.value->qr_expires_in, 5);
  EXPECT_EQ(parsed.value->ticket_expires_in, 7);
  EXPECT_EQ(parsed.value->gene_rate, 0.0);
  EXPECT_EQ(parsed.value->secrets_key_file, "/etc/scan-login/secrets.key");
}

TEST(options, bad_arguments_are_named) {
  for (const auto& args : std::vector<std::vector<std::string>>{{"--port", "70000"},
                                                                {"--port", "x"},
                                                                {"--port"},
                                                                {"--what"},
                                                                {"--qr-expires-in", "0"},
                                                                {"--public-url", "ftp://x"},
                                                                {"--gene-rate", "-1"},
                                                                {"--secrets-key-file", ""}}) {
    const auto parsed = parse_options(args, "/src");
    EXPECT_FALSE(parsed.value) << args[0];
    EXPECT_NE(parsed.error.find(args[0]), std::string::npos) << parsed.error;
  }
}

TEST(options, help_is_recognised_and_usage_names_every_flag) {
  EXPECT_TRUE(parse_options({"--help"}, "/src").value->help);
  const auto usage = usage_text();
  for (const char* flag :
       {"--bind", "--port", "--web-root", "--wasm-root", "--config", "--public-url",
        "--signing-key", "--qr-expires-in", "--ticket-expires-in", "--max-live-codes",
        "--max-held-polls", "--gene-rate", "--secrets-key-file"}) {
    EXPECT_NE(usage.find(flag), std::string::npos) << flag;
  }
}

}  // namespace
}  // namespace scan_login::server
