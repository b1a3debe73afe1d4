// Secrets at rest, below the HTTP layer: the AES-GCM box, the app secret
// hash, the secrets key's text and file rules, and the sealed store in front
// of a SQLite backend (what reaches the backend, what comes back).

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "auth/app_secret_hash.hpp"
#include "auth/secret_box.hpp"
#include "auth/secrets_key.hpp"
#include "flow/sealed_store.hpp"
#include "flow/secrets_setup.hpp"
#include "http/log_masks.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace scan_login::server::testing {
namespace {

const std::string key_a(32, 'a');
const std::string key_b(32, 'b');

secret_box box_of(const std::string& key) { return secret_box{key, system_random()}; }

std::filesystem::path fresh_dir(const std::string& name) {
  const auto dir = std::filesystem::temp_directory_path() /
                   ("scan-login-secrets-" + std::to_string(::getpid()) + "-" + name);
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

TEST(secret_box, seals_with_a_fresh_nonce_and_opens_only_in_its_context_with_its_key) {
  const auto box = box_of(key_a);
  const auto one = box.seal("the AppSecret", "app:shop");
  const auto two = box.seal("the AppSecret", "app:shop");
  EXPECT_NE(one, two) << "a random nonce per value";
  EXPECT_EQ(one.rfind("enc:v1:" + box.key_id() + ":", 0), 0u) << one;
  EXPECT_EQ(one.find("AppSecret"), std::string::npos);
  open_failure why;
  EXPECT_EQ(box.open(one, "app:shop", why), "the AppSecret");
  EXPECT_FALSE(box.open(one, "app:other", why));
  EXPECT_EQ(why, open_failure::damaged);
  EXPECT_FALSE(box_of(key_b).open(one, "app:shop", why));
  EXPECT_EQ(why, open_failure::other_key);
  EXPECT_NE(describe(why, one).find(box.key_id()), std::string::npos);
  auto changed = one;
  changed.back() = changed.back() == 'A' ? 'B' : 'A';
  EXPECT_FALSE(box.open(changed, "app:shop", why));
  EXPECT_EQ(why, open_failure::damaged);
  EXPECT_FALSE(box.open("plain text", "app:shop", why));
  EXPECT_EQ(why, open_failure::not_sealed);
  EXPECT_FALSE(box.open("enc:v1:" + box.key_id() + ":%%%", "app:shop", why));
  EXPECT_FALSE(box.open("enc:v1:" + box.key_id() + ":", "app:shop", why));
  EXPECT_EQ(box.open(box.seal("", "x"), "x", why), "");
  EXPECT_THROW(secret_box("short", system_random()), std::invalid_argument);
}

TEST(base64url, decodes_only_the_one_encoding_of_its_bytes) {
  EXPECT_EQ(base64url_decode(base64url_encode("abcd")), "abcd");  // "YWJjZA"
  // "YWJjZB" differs only in the unused low bits of its last character.
  EXPECT_FALSE(base64url_decode("YWJjZB"));
  EXPECT_EQ(base64url_decode("YWJjZA"), "abcd");
  EXPECT_FALSE(base64url_decode("YWJjZ"));   // a length no encoding gives
  EXPECT_FALSE(base64url_decode("YWJj+A"));  // outside the alphabet
}

TEST(app_secret_hash, is_sha256_compared_on_hashes) {
  const auto hash = hash_app_secret("s3cret");
  EXPECT_EQ(hash.rfind("sha256:", 0), 0u);
  EXPECT_EQ(hash.size(), 7u + 64u);
  EXPECT_TRUE(app_secret_matches(hash, "s3cret"));
  EXPECT_FALSE(app_secret_matches(hash, "s3cret "));
  EXPECT_FALSE(app_secret_matches(hash, ""));
  EXPECT_FALSE(app_secret_matches("", "s3cret"));
}

TEST(secrets_key, text_is_base64_of_32_bytes_in_either_alphabet) {
  std::string error;
  const std::string standard = "YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE=";  // 32 x 'a'
  EXPECT_EQ(parse_secrets_key(standard + "\n", error), key_a);
  EXPECT_EQ(parse_secrets_key("  YWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWFhYWE", error), key_a);
  EXPECT_FALSE(parse_secrets_key("YWFh", error));
  EXPECT_NE(error.find("32 random bytes"), std::string::npos) << error;
  EXPECT_FALSE(parse_secrets_key("not base64 at all!", error));
  EXPECT_FALSE(parse_secrets_key("", error));
}

TEST(secrets_key, a_key_file_must_be_private_and_is_never_replaced) {
  const auto dir = fresh_dir("file");
  const auto path = (dir / "k").string();
  std::string error;
  ASSERT_TRUE(write_secrets_key_file(path, key_a, error)) << error;
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(read_secrets_key_file(path, error), key_a) << error;
  EXPECT_FALSE(write_secrets_key_file(path, key_b, error));
  EXPECT_EQ(read_secrets_key_file(path, error), key_a);
  ::chmod(path.c_str(), 0640);
  EXPECT_FALSE(read_secrets_key_file(path, error));
  EXPECT_NE(error.find("0640"), std::string::npos) << error;
  ::chmod(path.c_str(), 0400);
  EXPECT_EQ(read_secrets_key_file(path, error), key_a) << error;
  EXPECT_FALSE(read_secrets_key_file((dir / "missing").string(), error));
  EXPECT_FALSE(read_secrets_key_file(dir.string(), error)) << "a folder is no key file";
  std::filesystem::remove_all(dir);
}

TEST(secrets_key, resolution_prefers_the_flag_then_the_environment_then_the_data_dir) {
  const auto dir = fresh_dir("resolve");
  std::string error;
  const auto file = (dir / "given.key").string();
  ASSERT_TRUE(write_secrets_key_file(file, key_a, error));
  const std::string env_b = "YmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmJiYmI=";
  auto got = resolve_secrets_key({file, env_b, dir.string()}, system_random(), error);
  ASSERT_TRUE(got) << error;
  EXPECT_EQ(got->bytes, key_a);
  EXPECT_EQ(got->origin, "--secrets-key-file " + file);
  got = resolve_secrets_key({"", env_b, ""}, system_random(), error);
  ASSERT_TRUE(got) << error;
  EXPECT_EQ(got->bytes, key_b);
  EXPECT_TRUE(got->create_at.empty());
  EXPECT_FALSE(resolve_secrets_key({"", "", ""}, system_random(), error)) << "PostgreSQL";
  EXPECT_NE(error.find("PostgreSQL"), std::string::npos);
  EXPECT_FALSE(resolve_secrets_key({"", "short", ""}, system_random(), error));
  EXPECT_EQ(error.rfind("SCAN_LOGIN_SECRETS_KEY: ", 0), 0u) << error;
  got = resolve_secrets_key({"", "", dir.string()}, system_random(), error);
  ASSERT_TRUE(got) << error;
  EXPECT_EQ(got->create_at, dir.string() + "/secrets.key");
  EXPECT_FALSE(std::filesystem::exists(got->create_at)) << "written only once the store agrees";
  std::filesystem::remove_all(dir);
}

class sealed_store_test : public ::testing::Test {
 protected:
  sealed_store_test() : dir_(fresh_dir("store")) {}
  ~sealed_store_test() override { std::filesystem::remove_all(dir_); }
  std::unique_ptr<store> raw() { return open_sqlite_store({dir_ / "s.sqlite3", 2}); }
  std::unique_ptr<sealed_store> sealed(const std::string& key) {
    return std::make_unique<sealed_store>(raw(), box_of(key));
  }
  static app_config shop() {
    app_config app;
    app.app_id = "shop";
    app.app_secret = "backend-secret";
    app.mini_program.app_id = "wx-shop";
    app.mini_program.app_secret = "mp-secret";
    return app;
  }
  std::filesystem::path dir_;
};

TEST_F(sealed_store_test, the_backend_sees_a_hash_and_ciphertext_the_caller_the_clear_values) {
  {
    auto state = sealed(key_a);
    ASSERT_TRUE(state->insert_app(shop()));
    ASSERT_TRUE(state->add_signing_key({"k1", "-----BEGIN PRIVATE KEY-----", 1, 0, 0}, true, 0));
    state->set_setting("wechat.access_token.wx-shop", "{\"token\":\"at\"}");
    const auto app = state->app("shop");
    ASSERT_TRUE(app);
    EXPECT_EQ(app->app_secret, "");
    EXPECT_TRUE(app_secret_matches(app->app_secret_hash, "backend-secret"));
    EXPECT_EQ(app->mini_program.app_secret, "mp-secret");
    EXPECT_EQ(state->signing_keys()[0].private_pem, "-----BEGIN PRIVATE KEY-----");
    EXPECT_EQ(state->setting_or_insert("wechat.access_token.wx-shop", ""), "{\"token\":\"at\"}");
    std::string what;
    EXPECT_TRUE(state->check(what)) << what;
  }
  auto backend = raw();
  const auto stored = backend->app("shop");
  const auto doc = app_file_json(*stored).dump();
  EXPECT_EQ(doc.find("backend-secret"), std::string::npos) << doc;
  EXPECT_EQ(doc.find("mp-secret"), std::string::npos) << doc;
  EXPECT_TRUE(secret_box::is_sealed(stored->mini_program.app_secret));
  EXPECT_TRUE(secret_box::is_sealed(backend->signing_keys()[0].private_pem));
  EXPECT_TRUE(secret_box::is_sealed(backend->setting_or_insert("wechat.access_token.wx-shop", "")));
  EXPECT_EQ(backend->setting_or_insert("admin_token", "t"), "t") << "other settings as they are";
}

TEST_F(sealed_store_test, another_key_is_found_by_check_and_reads_as_absent) {
  {
    auto state = sealed(key_a);
    ASSERT_TRUE(state->insert_app(shop()));
    ASSERT_TRUE(state->add_signing_key({"k1", "pem", 1, 0, 0}, true, 0));
  }
  {
    auto state = sealed(key_b);
    std::string what;
    EXPECT_FALSE(state->check(what));
    EXPECT_NE(what.find("signing key k1"), std::string::npos) << what;
    EXPECT_NE(what.find(box_of(key_a).key_id()), std::string::npos) << what;
    EXPECT_TRUE(state->holds_sealed_values());
    EXPECT_EQ(state->app("shop")->mini_program.app_secret, "");
    EXPECT_EQ(state->signing_keys()[0].private_pem, "");
  }
  // Through seal_store: refused with the key's origin named, nothing written.
  const auto before = raw()->signing_keys()[0].private_pem;
  secrets_key given{key_b, "SCAN_LOGIN_SECRETS_KEY", ""};
  try {
    seal_store(raw(), given, system_random());
    FAIL() << "another key was accepted";
  } catch (const store_open_error& e) {
    EXPECT_NE(std::string{e.what()}.find("is SCAN_LOGIN_SECRETS_KEY the one"), std::string::npos)
        << e.what();
  }
  EXPECT_EQ(raw()->signing_keys()[0].private_pem, before);
}

TEST_F(sealed_store_test, clear_values_of_an_older_version_are_migrated_once) {
  {
    auto backend = raw();
    ASSERT_TRUE(backend->insert_app(shop()));  // as an older version stored it
    ASSERT_TRUE(backend->add_signing_key({"k1", "pem", 1, 0, 0}, true, 0));
  }
  {
    auto state = sealed(key_a);
    EXPECT_EQ(state->app("shop")->mini_program.app_secret, "mp-secret") << "readable before";
    EXPECT_FALSE(state->holds_sealed_values());
    EXPECT_EQ(state->migrate(), 2u);
    EXPECT_EQ(state->migrate(), 0u) << "idempotent";
  }
  EXPECT_EQ(sealed(key_a)->migrate(), 0u) << "another start finds nothing to do";
  {
    const auto stored = raw()->app("shop");
    EXPECT_EQ(stored->app_secret, "");
    EXPECT_TRUE(app_secret_matches(stored->app_secret_hash, "backend-secret"));
    EXPECT_TRUE(secret_box::is_sealed(stored->mini_program.app_secret));
  }
  auto state = sealed(key_a);
  EXPECT_EQ(state->app("shop")->mini_program.app_secret, "mp-secret");
  EXPECT_EQ(state->signing_keys()[0].private_pem, "pem");
}

TEST(app_config_secrets, a_stored_doc_keeps_a_hash_and_updates_replace_it) {
  std::string error;
  const std::string hash = "sha256:" + std::string(64, '0');
  auto app = app_from_file_json({{"appId", "a"}, {"appSecretHash", hash}}, error);
  ASSERT_TRUE(app) << error;
  EXPECT_EQ(app->app_secret_hash, hash);
  EXPECT_EQ(app_admin_json(*app)["appSecretSet"], true);
  EXPECT_EQ(app_admin_json(*app).dump().find("sha256"), std::string::npos);
  EXPECT_FALSE(app_from_file_json({{"appId", "a"}, {"appSecretHash", "md5:x"}}, error));
  auto changed = *app;
  EXPECT_FALSE(apply_app_update(changed, {{"appSecretHash", hash}}, error)) << "not an update";
  ASSERT_TRUE(apply_app_update(changed, {{"appSecret", ""}}, error)) << error;
  EXPECT_EQ(changed.app_secret_hash, "") << "an empty secret removes it";
  EXPECT_EQ(app_admin_json(changed)["appSecretSet"], false);
  EXPECT_FALSE(app_file_json(changed).contains("appSecret"));
}

TEST(log_masks, a_phone_number_keeps_its_first_three_and_last_four_digits) {
  EXPECT_EQ(mask_phone("13800000000"), "138****0000");
  EXPECT_EQ(mask_phone("+4915112345678"), "+491******5678");
  EXPECT_EQ(mask_phone("1234567"), "*******");
  EXPECT_EQ(mask_phone(""), "");
}

}  // namespace
}  // namespace scan_login::server::testing
