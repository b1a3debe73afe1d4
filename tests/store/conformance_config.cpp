// Store conformance: what the server configures itself with (apps,
// settings, signing keys), including across a restart.

#include <atomic>

#include "conformance_fixture.hpp"

namespace scan_login::server::testing::conformance {
namespace {

class StoreConfig : public store_conformance {};
SCAN_LOGIN_STORE_SUITE(StoreConfig);

app_config app_named(const std::string& id) {
  app_config app;
  app.app_id = id;
  app.app_secret = "secret-" + id;
  app.name = "App " + id;
  app.logo = "https://logo.example/" + id + ".png";
  app.callback_urls = {"https://" + id + ".example/callback", "http://localhost:3000/cb"};
  app.allowed_origins = {"https://" + id + ".example"};
  app.mini_program.app_id = "wx-" + id;
  app.mini_program.app_secret = "mp-secret-" + id;
  app.qr_expires_in = 90;
  app.ticket_expires_in = 600;
  app.browser_exchange = browser_exchange_mode::proof;
  app.return_full_user_info = true;
  app.lang = "en";
  return app;
}

// Every field, secrets included, as the store keeps them.
std::string all_fields(const app_config& app) { return app_file_json(app).dump(); }

std::vector<std::string> ids_of(const std::vector<app_config>& apps) {
  std::vector<std::string> ids;
  for (const auto& app : apps) ids.push_back(app.app_id);
  return ids;
}

TEST_P(StoreConfig, AppsKeepEveryFieldAndTheirCreationOrder) {
  ASSERT_TRUE(db().insert_app(app_named("b")));
  ASSERT_TRUE(db().insert_app(app_named("a")));
  ASSERT_TRUE(db().insert_app(app_named("c")));
  EXPECT_FALSE(db().insert_app(app_named("a")));
  EXPECT_EQ(ids_of(db().apps()), (std::vector<std::string>{"b", "a", "c"}));
  ASSERT_TRUE(db().app("a"));
  EXPECT_EQ(all_fields(*db().app("a")), all_fields(app_named("a")));
  EXPECT_FALSE(db().app("zz"));
}

TEST_P(StoreConfig, UpdateAndDeleteApps) {
  ASSERT_TRUE(db().insert_app(app_named("a")));
  ASSERT_TRUE(db().insert_app(app_named("b")));
  auto changed = app_named("a");
  changed.name = "Renamed";
  changed.app_secret = "rotated";
  changed.callback_urls.clear();
  EXPECT_TRUE(db().update_app(changed));
  EXPECT_EQ(all_fields(*db().app("a")), all_fields(changed));
  EXPECT_EQ(ids_of(db().apps()), (std::vector<std::string>{"a", "b"}));
  EXPECT_FALSE(db().update_app(app_named("zz")));
  EXPECT_FALSE(db().app("zz"));

  EXPECT_TRUE(db().delete_app("a"));
  EXPECT_FALSE(db().delete_app("a"));
  EXPECT_FALSE(db().app("a"));
  EXPECT_EQ(ids_of(db().apps()), (std::vector<std::string>{"b"}));
  // A re-created app is the newest.
  ASSERT_TRUE(db().insert_app(app_named("a")));
  EXPECT_EQ(ids_of(db().apps()), (std::vector<std::string>{"b", "a"}));
}

TEST_P(StoreConfig, SeedAppsOnlyOnTheFirstCallEver) {
  EXPECT_TRUE(db().seed_apps_once({app_named("s1"), app_named("s2")}));
  EXPECT_EQ(ids_of(db().apps()), (std::vector<std::string>{"s1", "s2"}));
  EXPECT_FALSE(db().seed_apps_once({app_named("s3")}));
  // Deleting every app does not make the store new again.
  ASSERT_TRUE(db().delete_app("s1"));
  ASSERT_TRUE(db().delete_app("s2"));
  EXPECT_FALSE(db().seed_apps_once({app_named("s1")}));
  EXPECT_FALSE(reopen().seed_apps_once({app_named("s1")}));
  EXPECT_TRUE(db().apps().empty());
}

TEST_P(StoreConfig, SeedingAnEmptyListStillCountsAsTheFirstStart) {
  EXPECT_TRUE(db().seed_apps_once({}));
  EXPECT_FALSE(db().seed_apps_once({app_named("s1")}));
  EXPECT_TRUE(db().apps().empty());
}

TEST_P(StoreConfig, RacingSeedsSeedOnce) {
  std::atomic<int> seeded{0};
  race(10, [&](int i) {
    if (db().seed_apps_once({app_named("s" + std::to_string(i))})) ++seeded;
  });
  EXPECT_EQ(seeded, 1);
  EXPECT_EQ(db().apps().size(), 1u);
}

TEST_P(StoreConfig, AppsSurviveARestartWithTheirSecrets) {
  ASSERT_TRUE(db().insert_app(app_named("a")));
  ASSERT_TRUE(db().insert_app(app_named("b")));
  auto& again = reopen();
  const auto apps = again.apps();
  ASSERT_EQ(ids_of(apps), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(all_fields(apps[0]), all_fields(app_named("a")));
  EXPECT_EQ(apps[0].app_secret, "secret-a");
  EXPECT_EQ(apps[0].mini_program.app_secret, "mp-secret-a");
}

TEST_P(StoreConfig, SettingOrInsertKeepsTheFirstValueForever) {
  EXPECT_EQ(db().setting_or_insert("admin_token", "first"), "first");
  EXPECT_EQ(db().setting_or_insert("admin_token", "second"), "first");
  EXPECT_EQ(db().setting_or_insert("other", "x"), "x");
  EXPECT_EQ(reopen().setting_or_insert("admin_token", "third"), "first");
}

TEST_P(StoreConfig, AvatarsKeepTheirBytesOnceEachAcrossARestart) {
  std::string bytes = std::string("\x89PNG\r\n\x1a\n", 8) + std::string(1, '\0');
  for (int i = 0; i < 3000; ++i) bytes.push_back(static_cast<char>(i * 37 % 256));
  db().put_avatar({"id-1", "image/png", bytes, 5});
  db().put_avatar({"id-1", "image/jpeg", "other", 6});  // the same id: kept as it was
  const auto found = reopen().avatar("id-1");
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->bytes, bytes);  // every byte, NUL and high ones too
  EXPECT_EQ(found->content_type, "image/png");
  EXPECT_EQ(found->created_at, 5);
  EXPECT_FALSE(db().avatar("nope").has_value());
}

TEST_P(StoreConfig, SetSettingReplaces) {
  db().set_setting("name", "one");
  EXPECT_EQ(db().setting_or_insert("name", "ignored"), "one");
  db().set_setting("name", "two");
  EXPECT_EQ(db().setting_or_insert("name", "ignored"), "two");
  EXPECT_EQ(reopen().setting_or_insert("name", "ignored"), "two");
}

TEST_P(StoreConfig, FirstSigningKeyOnlyIfNone) {
  EXPECT_TRUE(db().signing_keys().empty());
  EXPECT_TRUE(db().add_signing_key({"k1", "pem1", t0, 0, 0}, true, 1'000));
  EXPECT_FALSE(db().add_signing_key({"k2", "pem2", t0 + 1, 0, 0}, true, 1'000));
  const auto keys = db().signing_keys();
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].kid, "k1");
  EXPECT_EQ(keys[0].private_pem, "pem1");
  EXPECT_EQ(keys[0].created_at, t0);
  EXPECT_EQ(keys[0].retired_at, 0);
}

TEST_P(StoreConfig, RotationRetiresThePreviousKey) {
  ASSERT_TRUE(db().add_signing_key({"k1", "pem1", t0, 0, 0}, true, 0));
  ASSERT_TRUE(db().add_signing_key({"k2", "pem2", t0 + 10'000, 0, 0}, false, 5'000));
  ASSERT_TRUE(db().add_signing_key({"k3", "pem3", t0 + 20'000, 0, 0}, false, 7'000));
  const auto keys = db().signing_keys();
  ASSERT_EQ(keys.size(), 3u);
  // Active first, then retired by retired_at, newest first.
  EXPECT_EQ(keys[0].kid, "k3");
  EXPECT_EQ(keys[0].retired_at, 0);
  EXPECT_EQ(keys[1].kid, "k2");
  EXPECT_EQ(keys[1].retired_at, t0 + 20'000);
  EXPECT_EQ(keys[1].verify_until, t0 + 27'000);
  EXPECT_EQ(keys[2].kid, "k1");
  EXPECT_EQ(keys[2].retired_at, t0 + 10'000);
  EXPECT_EQ(keys[2].verify_until, t0 + 15'000);
  EXPECT_EQ(keys[2].private_pem, "pem1");
}

TEST_P(StoreConfig, SweepDropsRetiredKeysPastVerifyUntilOnly) {
  ASSERT_TRUE(db().add_signing_key({"k1", "pem1", t0, 0, 0}, true, 0));
  ASSERT_TRUE(db().add_signing_key({"k2", "pem2", t0 + 10'000, 0, 0}, false, 5'000));
  ASSERT_TRUE(db().add_signing_key({"k3", "pem3", t0 + 20'000, 0, 0}, false, 100'000));
  // k1 verifies until t0 + 15 s, k2 until t0 + 120 s, k3 is active.
  EXPECT_EQ(db().sweep(t0 + 60'000, 0), 1u);
  const auto keys = db().signing_keys();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].kid, "k3");
  EXPECT_EQ(keys[1].kid, "k2");
  EXPECT_EQ(db().sweep(t0 + 10'000'000, 0), 1u);
  ASSERT_EQ(db().signing_keys().size(), 1u);
  EXPECT_EQ(db().signing_keys()[0].kid, "k3");
}

TEST_P(StoreConfig, SigningKeysSurviveARestart) {
  ASSERT_TRUE(db().add_signing_key({"k1", "pem1", t0, 0, 0}, true, 0));
  ASSERT_TRUE(db().add_signing_key({"k2", "pem2", t0 + 10'000, 0, 0}, false, 5'000));
  const auto keys = reopen().signing_keys();
  ASSERT_EQ(keys.size(), 2u);
  EXPECT_EQ(keys[0].kid, "k2");
  EXPECT_EQ(keys[0].private_pem, "pem2");
  EXPECT_EQ(keys[1].verify_until, t0 + 15'000);
  EXPECT_FALSE(db().add_signing_key({"k3", "pem3", t0, 0, 0}, true, 0));
}

TEST_P(StoreConfig, ReplacingAKeysPemIsACompareAndSet) {
  ASSERT_TRUE(db().add_signing_key({"k1", "pem1", t0, 0, 0}, true, 0));
  EXPECT_FALSE(db().replace_signing_key_pem("k1", "not-pem1", "sealed"));
  EXPECT_FALSE(db().replace_signing_key_pem("k9", "pem1", "sealed"));
  EXPECT_EQ(db().signing_keys()[0].private_pem, "pem1");
  EXPECT_TRUE(db().replace_signing_key_pem("k1", "pem1", "sealed"));
  EXPECT_FALSE(db().replace_signing_key_pem("k1", "pem1", "sealed-again"));
  const auto keys = reopen().signing_keys();
  ASSERT_EQ(keys.size(), 1u);
  EXPECT_EQ(keys[0].private_pem, "sealed");
  EXPECT_EQ(keys[0].created_at, t0);
  EXPECT_EQ(keys[0].retired_at, 0);
}

TEST_P(StoreConfig, AnAppSecretHashRoundTripsWithoutASecret) {
  auto app = app_named("h");
  app.app_secret.clear();
  app.app_secret_hash = "sha256:" + std::string(64, 'a');
  ASSERT_TRUE(db().insert_app(app));
  const auto stored = reopen().app("h");
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->app_secret, "");
  EXPECT_EQ(stored->app_secret_hash, app.app_secret_hash);
}

}  // namespace
}  // namespace scan_login::server::testing::conformance
