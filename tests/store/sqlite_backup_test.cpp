// Backups and restores of the SQLite store (store/sqlite/sqlite_backup.hpp):
// a backup of a store in use is a complete, private, self-contained file; a
// restore puts only a checked scan-login store into a new folder; every
// refusal leaves the files and folders involved exactly as they were.

#include "store/sqlite/sqlite_backup.hpp"

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "sqlite_files.hpp"
#include "store/sqlite/sqlite_migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace scan_login::server::testing {

namespace {

namespace fs = std::filesystem;
using sqlite::backup_store;
using sqlite::restore_store;

// The names in `folder`, sorted ("" for a missing folder): what a refusal
// must leave as it was.
std::vector<std::string> listing(const fs::path& folder) {
  std::vector<std::string> names;
  std::error_code error;
  for (fs::directory_iterator it(folder, error), end; !error && it != end; it.increment(error)) {
    names.push_back(it->path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

unsigned mode_of(const fs::path& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) return 0;
  return info.st_mode & 07777;
}

// A store in `folder` with a setting, an app and a signing key, closed.
fs::path make_store(const fs::path& folder) {
  const auto file = folder / store_file_name;
  auto db = open_sqlite_file(file);
  db->set_setting("admin_token", "kept-token");
  app_config app;
  app.app_id = "kept-app";
  app.name = "Kept";
  db->insert_app(app);
  db->add_signing_key({"kid-1", "pem", 1, 0, 0}, true, 0);
  return file;
}

// A backup of a fresh store, made by backup_store.
fs::path make_backup(const fs::path& folder) {
  const auto store_folder = folder / "live";
  const auto file = make_store(store_folder);
  const auto target = folder / "backup.sqlite3";
  const auto report = backup_store(file, target);
  EXPECT_EQ(report.error, "");
  return target;
}

TEST(SqliteBackup, ACopyOfAStoreInUseIsCompletePrivateAndSelfContained) {
  const auto folder = sqlite_test_folder();
  const auto file = make_store(folder / "live");
  auto live = open_sqlite_file(file);  // the server's
  live->set_setting("written", "while open");
  const auto target = folder / "backups" / "one.sqlite3";
  fs::create_directory(folder / "backups");

  const auto report = backup_store(file, target);
  ASSERT_EQ(report.error, "");
  EXPECT_EQ(report.schema_version, sqlite::known_schema_version());
  EXPECT_EQ(report.file, target);
  EXPECT_EQ(report.bytes, fs::file_size(target));
  EXPECT_EQ(mode_of(target), 0600u);
  // Nothing beside it: no temporary file, no -wal; its header says rollback
  // journal (bytes 18 and 19 are 1; WAL would be 2).
  EXPECT_EQ(listing(folder / "backups"), std::vector<std::string>{"one.sqlite3"});
  const auto header = file_bytes(target).substr(0, 20);
  EXPECT_EQ(header[18], 1);
  EXPECT_EQ(header[19], 1);

  // The live store goes on; the backup has what was committed before it.
  live->set_setting("written", "after the backup");
  const auto restored = folder / "restored";
  ASSERT_EQ(restore_store(target, restored).error, "");
  auto copy = open_sqlite_file(restored / store_file_name);
  EXPECT_EQ(copy->setting_or_insert("written", "none"), "while open");
  EXPECT_EQ(copy->setting_or_insert("admin_token", "none"), "kept-token");
  ASSERT_TRUE(copy->app("kept-app"));
  EXPECT_EQ(copy->app("kept-app")->name, "Kept");
  ASSERT_EQ(copy->signing_keys().size(), 1u);
  EXPECT_EQ(copy->signing_keys()[0].kid, "kid-1");
}

TEST(SqliteBackup, AnExistingTargetIsNeverReplaced) {
  const auto folder = sqlite_test_folder();
  const auto file = make_store(folder / "live");
  const auto target = folder / "backup.sqlite3";
  std::ofstream(target) << "yesterday's backup";
  const auto before = listing(folder);
  const auto report = backup_store(file, target);
  EXPECT_NE(report.error.find("exists"), std::string::npos) << report.error;
  EXPECT_EQ(file_bytes(target), "yesterday's backup");
  EXPECT_EQ(listing(folder), before);
  // A folder for the target that does not exist is not made.
  const auto nowhere = backup_store(file, folder / "missing" / "backup.sqlite3");
  EXPECT_NE(nowhere.error.find("does not exist"), std::string::npos) << nowhere.error;
  EXPECT_FALSE(fs::exists(folder / "missing"));
}

TEST(SqliteBackup, ASourceThatIsNotAStoreIsRefusedWritingNothing) {
  const auto folder = sqlite_test_folder();
  const auto target = folder / "backup.sqlite3";
  const auto refusal = [&](const fs::path& source) {
    const auto before = listing(folder);
    const auto report = backup_store(source, target);
    EXPECT_FALSE(fs::exists(target)) << source;
    EXPECT_EQ(listing(folder), before) << source;
    return report.error;
  };
  EXPECT_NE(refusal(folder / "nothing-here").find("no store at"), std::string::npos);
  std::ofstream(folder / "notes.txt") << "not a database, just notes\n";
  EXPECT_NE(refusal(folder / "notes.txt").find("not a SQLite database"), std::string::npos);
  exec_raw(folder / "other.db", "CREATE TABLE notes (text TEXT)");
  EXPECT_NE(refusal(folder / "other.db").find("not a scan-login store"), std::string::npos);
  std::ofstream(folder / "empty.db").close();
  EXPECT_NE(refusal(folder / "empty.db").find("not a scan-login store"), std::string::npos);
  EXPECT_NE(refusal(folder).find("not a file"), std::string::npos);
}

TEST(SqliteBackup, AStoreOfANewerSchemaIsRefused) {
  const auto folder = sqlite_test_folder();
  const auto file = make_store(folder / "live");
  exec_raw(file, "PRAGMA user_version = " + std::to_string(sqlite::known_schema_version() + 5));
  const auto report = backup_store(file, folder / "backup.sqlite3");
  EXPECT_NE(report.error.find("newer"), std::string::npos) << report.error;
  EXPECT_FALSE(fs::exists(folder / "backup.sqlite3"));
}

TEST(SqliteBackup, WritesDuringTheCopyDoNotKeepItFromEndingConsistent) {
  const auto folder = sqlite_test_folder();
  const auto file = make_store(folder / "live");
  auto live = open_sqlite_file(file);
  const std::string filler(1000, 'x');
  for (int i = 0; i < 2000; ++i) live->set_setting("row" + std::to_string(i), filler);
  std::atomic<bool> done{false};
  std::atomic<int> writes{0};
  std::thread writer([&] {
    while (!done) live->set_setting("counter", std::to_string(++writes));
  });
  while (writes < 10) std::this_thread::yield();
  sqlite::backup_pacing pacing;
  pacing.pages_per_step = 4;  // hundreds of steps: writes land between them
  const auto started = std::chrono::steady_clock::now();
  const auto report = backup_store(file, folder / "backup.sqlite3", pacing);
  const auto took = std::chrono::steady_clock::now() - started;
  done = true;
  writer.join();
  ASSERT_EQ(report.error, "");
  RecordProperty("restarts", report.restarts);
  EXPECT_LE(report.restarts, pacing.restarts_before_one_step);
  EXPECT_LT(took, std::chrono::seconds(20));
  // Consistent: it passes the restore's checks and has every row.
  const auto restored = folder / "restored";
  ASSERT_EQ(restore_store(folder / "backup.sqlite3", restored).error, "");
  auto copy = open_sqlite_file(restored / store_file_name);
  EXPECT_EQ(copy->setting_or_insert("row1999", "none"), filler);
  EXPECT_NE(copy->setting_or_insert("counter", "none"), "none");
}

TEST(SqliteBackup, AStoreLockedByAnotherProgramIsARefusalWithinTheDeadline) {
  const auto folder = sqlite_test_folder();
  const auto file = make_store(folder / "live");
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE", nullptr,
                         nullptr, nullptr),
            SQLITE_OK)
      << sqlite3_errmsg(other);
  sqlite::backup_pacing pacing;
  pacing.busy_deadline = std::chrono::milliseconds(300);
  const auto started = std::chrono::steady_clock::now();
  const auto report = backup_store(file, folder / "backup.sqlite3", pacing);
  const auto took = std::chrono::steady_clock::now() - started;
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  EXPECT_NE(report.error.find("locked"), std::string::npos) << report.error;
  EXPECT_LT(took, std::chrono::seconds(3));
  EXPECT_FALSE(fs::exists(folder / "backup.sqlite3"));
  EXPECT_EQ(listing(folder), std::vector<std::string>{"live"});
}

TEST(SqliteRestore, IntoAMissingFolderMakesItPrivateWithOnlyTheStore) {
  const auto folder = sqlite_test_folder();
  const auto backup = make_backup(folder);
  const auto before = file_bytes(backup);
  const auto target = folder / "new-data";
  const auto report = restore_store(backup, target);
  ASSERT_EQ(report.error, "");
  EXPECT_EQ(report.file, target / store_file_name);
  EXPECT_EQ(report.schema_version, sqlite::known_schema_version());
  EXPECT_EQ(report.bytes, before.size());
  EXPECT_EQ(mode_of(target), 0700u);
  EXPECT_EQ(mode_of(target / store_file_name), 0600u);
  EXPECT_EQ(listing(target), std::vector<std::string>{store_file_name});
  EXPECT_EQ(file_bytes(target / store_file_name), before);
  EXPECT_EQ(file_bytes(backup), before) << "the backup is only read";
  // No staging folder left beside it.
  EXPECT_EQ(listing(folder), (std::vector<std::string>{"backup.sqlite3", "live", "new-data"}));
}

TEST(SqliteRestore, IntoAnEmptyFolderKeepsTheFolderAndTightensIt) {
  const auto folder = sqlite_test_folder();
  const auto backup = make_backup(folder);
  const auto target = folder / "mounted";
  fs::create_directory(target);
  ::chmod(target.c_str(), 0755);
  const auto report = restore_store(backup, target);
  ASSERT_EQ(report.error, "");
  EXPECT_EQ(mode_of(target), 0700u);
  ASSERT_EQ(report.notices.size(), 1u);
  EXPECT_NE(report.notices[0].find("0755 -> 0700"), std::string::npos) << report.notices[0];
  EXPECT_EQ(listing(target), std::vector<std::string>{store_file_name});
  EXPECT_EQ(mode_of(target / store_file_name), 0600u);
}

// Each refusal names the problem, and leaves the target, its parent and the
// backup file exactly as they were.
class SqliteRestoreRefusal : public ::testing::Test {
 protected:
  void SetUp() override {
    folder_ = sqlite_test_folder();
    backup_ = make_backup(folder_);
    fs::remove_all(folder_ / "live");
  }

  std::string refused(const fs::path& backup_file, const fs::path& target) {
    const auto parent = listing(target.parent_path());
    const auto inside = listing(target);
    const bool existed = fs::exists(target);
    const auto bytes = file_bytes(backup_file);
    const auto report = restore_store(backup_file, target);
    EXPECT_NE(report.error, "") << "restored " << backup_file;
    EXPECT_EQ(listing(target.parent_path()), parent);
    EXPECT_EQ(listing(target), inside);
    EXPECT_EQ(fs::exists(target), existed);
    EXPECT_EQ(file_bytes(backup_file), bytes);
    return report.error;
  }

  fs::path copy_of_backup(const std::string& name) {
    const auto copy = folder_ / name;
    fs::copy_file(backup_, copy);
    return copy;
  }

  fs::path folder_;
  fs::path backup_;
};

TEST_F(SqliteRestoreRefusal, ANonEmptyFolder) {
  const auto target = folder_ / "data";
  fs::create_directory(target);
  std::ofstream(target / "scan-login.sqlite3") << "the store in use";
  EXPECT_NE(refused(backup_, target).find("not empty"), std::string::npos);
  EXPECT_EQ(file_bytes(target / "scan-login.sqlite3"), "the store in use");
}

TEST_F(SqliteRestoreRefusal, ATargetThatIsAFileOrHasNoParent) {
  std::ofstream(folder_ / "a-file") << "x";
  EXPECT_NE(refused(backup_, folder_ / "a-file").find("not a folder"), std::string::npos);
  EXPECT_NE(refused(backup_, folder_ / "missing" / "data").find("does not exist"),
            std::string::npos);
}

TEST_F(SqliteRestoreRefusal, FilesThatAreNotDatabases) {
  const auto target = folder_ / "data";
  std::string noise;
  for (int i = 0; i < 8192; ++i) noise += static_cast<char>((i * 131 + 7) % 256);
  std::ofstream(folder_ / "noise.bin", std::ios::binary) << noise;
  std::ofstream(folder_ / "notes.txt") << "Shopping: milk, bread.\n";
  std::ofstream(folder_ / "empty").close();
  EXPECT_NE(refused(folder_ / "noise.bin", target).find("not a SQLite database"),
            std::string::npos);
  EXPECT_NE(refused(folder_ / "notes.txt", target).find("not a SQLite database"),
            std::string::npos);
  EXPECT_NE(refused(folder_ / "empty", target).find("empty"), std::string::npos);
  EXPECT_NE(refused(folder_ / "nothing-here", target).find("cannot read"), std::string::npos);
  EXPECT_NE(refused(folder_, target).find("not a file"), std::string::npos);
}

TEST_F(SqliteRestoreRefusal, ADatabaseOfAnotherProgramOrWithoutOurTables) {
  const auto target = folder_ / "data";
  exec_raw(folder_ / "other.db", "CREATE TABLE notes (text TEXT); INSERT INTO notes VALUES ('x')");
  EXPECT_NE(refused(folder_ / "other.db", target).find("not a scan-login store"),
            std::string::npos);
  const auto no_meta = copy_of_backup("no-meta.sqlite3");
  exec_raw(no_meta, "DROP TABLE meta");
  const auto message = refused(no_meta, target);
  EXPECT_NE(message.find("not a scan-login store"), std::string::npos) << message;
  EXPECT_NE(message.find("meta"), std::string::npos) << message;
}

TEST_F(SqliteRestoreRefusal, ANewerSchema) {
  const auto newer = copy_of_backup("newer.sqlite3");
  const int version = sqlite::known_schema_version() + 7;
  exec_raw(newer, "PRAGMA user_version = " + std::to_string(version));
  const auto message = refused(newer, folder_ / "data");
  EXPECT_NE(message.find("schema version " + std::to_string(version)), std::string::npos)
      << message;
  EXPECT_NE(message.find("newer"), std::string::npos) << message;
}

TEST_F(SqliteRestoreRefusal, ADamagedDatabase) {
  const auto damaged = copy_of_backup("damaged.sqlite3");
  auto bytes = file_bytes(damaged);
  ASSERT_GT(bytes.size(), 4 * 4096u);
  // Page 3 onwards (a b-tree page of some table) overwritten with noise.
  for (std::size_t i = 2 * 4096; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7);
  std::ofstream(damaged, std::ios::binary | std::ios::trunc) << bytes;
  const auto message = refused(damaged, folder_ / "data");
  EXPECT_TRUE(message.find("integrity") != std::string::npos ||
              message.find("damaged") != std::string::npos)
      << message;
  // Cut short (a copy that ran out of disk): damaged, and the message names
  // the file given, not the temporary copy that was checked.
  const auto cut = copy_of_backup("cut.sqlite3");
  std::ofstream(cut, std::ios::binary | std::ios::trunc)
      << file_bytes(backup_).substr(0, 3 * 4096 + 100);
  const auto cut_message = refused(cut, folder_ / "data");
  EXPECT_NE(cut_message.find(cut.string() + " is a damaged SQLite database"), std::string::npos)
      << cut_message;
  EXPECT_EQ(cut_message.find(".restore-"), std::string::npos) << cut_message;
}

TEST_F(SqliteRestoreRefusal, ALiveDatabaseWithAWalBesideIt) {
  std::ofstream(backup_.string() + "-wal") << "frames not yet checkpointed";
  const auto message = refused(backup_, folder_ / "data");
  EXPECT_NE(message.find("-wal"), std::string::npos) << message;
  EXPECT_NE(message.find("scan-login-server backup"), std::string::npos) << message;
}

TEST(SqliteRestore, AnOlderSchemaIsRestoredAndMigratedAtOpen) {
  const auto folder = sqlite_test_folder();
  const auto file = make_store(folder / "live");
  // Schema version 1: the store before migrations 2 (avatars) and 3
  // (blocked accounts, code refusals, the audit log), undone by hand.
  exec_raw(file,
           "DROP TABLE avatars; DROP TABLE audit; DROP INDEX users_registered_at; "
           "DROP INDEX identities_user_id; DROP INDEX tickets_user_id; DROP INDEX codes_user_id; "
           "ALTER TABLE users DROP COLUMN blocked_at; ALTER TABLE codes DROP COLUMN refusal; "
           "PRAGMA user_version = 1");
  ASSERT_EQ(backup_store(file, folder / "old.sqlite3").error, "");
  const auto report = restore_store(folder / "old.sqlite3", folder / "data");
  ASSERT_EQ(report.error, "");
  EXPECT_EQ(report.schema_version, 1);
  auto db = open_sqlite_file(folder / "data" / store_file_name);
  EXPECT_EQ(db->setting_or_insert("admin_token", "none"), "kept-token");
  db->put_avatar({"a", "image/png", "png", 1});  // migration 2 ran
  EXPECT_TRUE(db->avatar("a"));
  db->append_audit({0, 1, "app.created", "demo", "", "admin", "", ""});  // and 3
  EXPECT_EQ(db->audit({}).size(), 1u);
}

TEST(SqlitePrivateFiles, LooserModesAreTightenedAtOpenAndReported) {
  const auto folder = sqlite_test_folder() / "data";
  const auto file = make_store(folder);
  {
    auto db = open_sqlite_file(file);  // -wal and -shm exist while it is open
    for (const auto* suffix : {"", "-wal", "-shm", ".lock"}) {
      ASSERT_EQ(::chmod((file.string() + suffix).c_str(), 0644), 0) << suffix;
    }
    ASSERT_EQ(::chmod(folder.c_str(), 0755), 0);
  }
  // Closing the last connection removed -wal and -shm: make them again, loose.
  for (const auto* suffix : {"-wal", "-shm"}) {
    std::ofstream(file.string() + suffix).close();
    ::chmod((file.string() + suffix).c_str(), 0666);
  }
  std::vector<std::string> notices;
  sqlite_options options;
  options.file = file;
  options.notice = [&](const std::string& line) { notices.push_back(line); };
  auto db = open_sqlite_store(options);
  EXPECT_EQ(mode_of(folder), 0700u);
  for (const auto* suffix : {"", "-wal", "-shm", ".lock"}) {
    EXPECT_EQ(mode_of(file.string() + suffix), 0600u) << suffix;
  }
  std::string all;
  for (const auto& line : notices) all += line + "\n";
  EXPECT_EQ(notices.size(), 5u) << all;
  EXPECT_NE(all.find(folder.string() + " private: mode 0755 -> 0700"), std::string::npos) << all;
  EXPECT_NE(all.find("-shm private: mode 06"), std::string::npos) << all;
  // Once private, an open says nothing.
  db.reset();
  notices.clear();
  db = open_sqlite_store(options);
  EXPECT_EQ(notices, std::vector<std::string>{});
}

TEST(SqlitePrivateFiles, AFolderThatHoldsOtherFilesIsReportedNotChanged) {
  const auto folder = sqlite_test_folder();
  std::ofstream(folder / "notes.txt") << "someone else's";
  ASSERT_EQ(::chmod(folder.c_str(), 0755), 0);
  std::vector<std::string> notices;
  sqlite_options options;
  options.file = folder / store_file_name;
  options.notice = [&](const std::string& line) { notices.push_back(line); };
  auto db = open_sqlite_store(options);
  EXPECT_EQ(mode_of(folder), 0755u);
  ASSERT_EQ(notices.size(), 1u);
  EXPECT_NE(notices[0].find("left as it is"), std::string::npos) << notices[0];
  EXPECT_EQ(mode_of(folder / store_file_name), 0600u);
}

TEST(SqlitePrivateFiles, ANewStoreIsPrivateWhateverTheUmask) {
  const auto folder = sqlite_test_folder() / "data";
  const mode_t previous = ::umask(0);
  {
    auto db = open_sqlite_file(folder / store_file_name);
    db->set_setting("a", "b");
    EXPECT_EQ(mode_of(folder), 0700u);
    for (const auto* suffix : {"", "-wal", "-shm", ".lock"}) {
      EXPECT_EQ(mode_of(folder.string() + "/" + store_file_name + suffix), 0600u) << suffix;
    }
  }
  ::umask(previous);
}

TEST(SqlitePrivateFiles, AFileTheStoreRefusesKeepsItsMode) {
  const auto folder = sqlite_test_folder();
  const auto file = folder / store_file_name;
  std::ofstream(file) << "not a database at all, but long enough to have a header......";
  ASSERT_EQ(::chmod(file.c_str(), 0644), 0);
  ASSERT_EQ(::chmod(folder.c_str(), 0755), 0);
  EXPECT_THROW(open_sqlite_file(file), store_open_error);
  EXPECT_EQ(mode_of(file), 0644u);
  EXPECT_EQ(mode_of(folder), 0755u);
}

}  // namespace
}  // namespace scan_login::server::testing
