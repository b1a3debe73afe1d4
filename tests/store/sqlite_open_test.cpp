// What only the SQLite store promises: at open, it refuses files it must not
// touch (leaving them as they were), keeps one process per file, runs in
// WAL mode and keeps its data folder private; at run time, a database that
// cannot serve is store_unavailable, never a crash.

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "sqlite_files.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace scan_login::server::testing {

namespace {

// The message of the store_open_error that opening `file` throws ("" when
// it opens).
std::string sqlite_open_error(const std::filesystem::path& file) {
  try {
    open_sqlite_file(file);
  } catch (const store_open_error& error) {
    return error.what();
  }
  return "";
}

std::string query_raw(const std::filesystem::path& file, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(file.c_str(), &db);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr);
  std::string value;
  if (sqlite3_step(statement) == SQLITE_ROW) {
    value = reinterpret_cast<const char*>(sqlite3_column_text(statement, 0));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

TEST(SqliteOpen, AFileThatIsNotADatabaseIsRefusedAndLeftAsItWas) {
  const auto file = sqlite_test_folder() / "notes.db";
  std::string garbage = "These are someone's notes, not a database.\n";
  for (int i = 0; i < 200; ++i) garbage += static_cast<char>((i * 37) % 256);
  std::ofstream(file, std::ios::binary) << garbage;
  const auto message = sqlite_open_error(file);
  EXPECT_NE(message.find("is not a SQLite database"), std::string::npos) << message;
  EXPECT_NE(message.find(file.string()), std::string::npos) << message;
  EXPECT_EQ(file_bytes(file), garbage);
  // Still refused, still unchanged, the second time.
  EXPECT_NE(sqlite_open_error(file), "");
  EXPECT_EQ(file_bytes(file), garbage);
}

TEST(SqliteOpen, ANewerSchemaIsRefusedNamingBothVersionsAndLeftAsItWas) {
  const auto file = sqlite_test_folder() / "store.db";
  open_sqlite_file(file).reset();
  const int known = std::stoi(query_raw(file, "PRAGMA user_version"));
  ASSERT_GE(known, 1);
  exec_raw(file, "PRAGMA user_version = " + std::to_string(known + 41));
  const auto before = file_bytes(file);
  const auto message = sqlite_open_error(file);
  EXPECT_NE(message.find("schema version " + std::to_string(known + 41)), std::string::npos)
      << message;
  EXPECT_NE(message.find("(" + std::to_string(known) + ")"), std::string::npos) << message;
  EXPECT_NE(message.find("newer binary"), std::string::npos) << message;
  EXPECT_EQ(file_bytes(file), before);
}

TEST(SqliteOpen, AnEmptyFileIsMigratedAndReopeningChangesNothing) {
  const auto file = sqlite_test_folder() / "store.db";
  std::ofstream(file).close();
  {
    auto db = open_sqlite_file(file);
    db->set_setting("kept", "yes");
  }
  const auto version = query_raw(file, "PRAGMA user_version");
  EXPECT_NE(version, "0");
  // Reopening a current file applies nothing and loses nothing.
  auto db = open_sqlite_file(file);
  EXPECT_EQ(db->setting_or_insert("kept", "no"), "yes");
  EXPECT_EQ(query_raw(file, "PRAGMA user_version"), version);
}

TEST(SqliteOpen, ASecondOpenWhileTheFirstIsOpenIsRefused) {
  const auto file = sqlite_test_folder() / "store.db";
  auto first = open_sqlite_file(file);
  const auto message = sqlite_open_error(file);
  EXPECT_NE(message.find("another scan-login-server process"), std::string::npos) << message;
  EXPECT_NE(message.find("PostgreSQL"), std::string::npos) << message;
  // The first store still works, and once it is gone the file opens again.
  first->set_setting("a", "b");
  first.reset();
  auto again = open_sqlite_file(file);
  EXPECT_EQ(again->setting_or_insert("a", "c"), "b");
}

TEST(SqliteOpen, AnotherProcessHoldingTheFileIsRefused) {
  const auto file = sqlite_test_folder() / "store.db";
  int ready[2];
  int finish[2];
  ASSERT_EQ(::pipe(ready), 0);
  ASSERT_EQ(::pipe(finish), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // The child opens the store, says so, and holds it until told to end.
    int code = 0;
    try {
      auto db = open_sqlite_file(file);
      char byte = 'r';
      code = ::write(ready[1], &byte, 1) == 1 ? 0 : 2;
      if (::read(finish[0], &byte, 1) < 0) code = 3;
    } catch (...) {
      code = 1;
    }
    ::_exit(code);
  }
  char byte = 0;
  ASSERT_EQ(::read(ready[0], &byte, 1), 1);
  const auto message = sqlite_open_error(file);
  EXPECT_NE(message.find("another scan-login-server process"), std::string::npos) << message;
  ASSERT_EQ(::write(finish[1], &byte, 1), 1);
  int status = 0;
  ::waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  // The child's death released the lock.
  EXPECT_NO_THROW(open_sqlite_file(file));
  for (int fd : {ready[0], ready[1], finish[0], finish[1]}) ::close(fd);
}

TEST(SqliteOpen, TheFileIsInWalMode) {
  const auto file = sqlite_test_folder() / "store.db";
  open_sqlite_file(file).reset();
  EXPECT_EQ(query_raw(file, "PRAGMA journal_mode"), "wal");
}

TEST(SqliteOpen, AMissingDataFolderIsCreatedPrivate) {
  const auto folder = sqlite_test_folder() / "data" / "nested";
  auto db = open_sqlite_file(folder / "store.db");
  for (const auto& created : {folder, folder.parent_path()}) {
    struct stat info {};
    ASSERT_EQ(::stat(created.c_str(), &info), 0) << created;
    EXPECT_EQ(info.st_mode & 0777, 0700u) << created;
  }
  EXPECT_TRUE(std::filesystem::exists(folder / "store.db"));
}

TEST(SqliteOpen, AFolderThatCannotBeCreatedIsRefused) {
  const auto blocker = sqlite_test_folder() / "a-file";
  std::ofstream(blocker) << "not a folder";
  const auto message = sqlite_open_error(blocker / "data" / "store.db");
  EXPECT_NE(message, "");
  EXPECT_NE(message.find((blocker / "data").string()), std::string::npos) << message;
  EXPECT_EQ(file_bytes(blocker), "not a folder");
}

TEST(SqliteOpen, AnEmptyPathIsRefused) { EXPECT_NE(sqlite_open_error(""), ""); }

TEST(SqliteRuntime, AWriterHeldBeyondTheBusyTimeoutIsStoreUnavailableAndReadsGoOn) {
  const auto file = sqlite_test_folder() / "store.db";
  auto db = open_sqlite_file(file);
  code_record record;
  record.random = "r1";
  record.code = "c1";
  record.expires_at = 1;
  ASSERT_TRUE(db->insert_code(record));
  // A foreign connection (not a store: it takes no lock file) holds the
  // write lock for longer than the store's busy timeout.
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(file.c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  // WAL: readers are not blocked by the writer.
  EXPECT_TRUE(db->code_by_random("r1"));
  try {
    db->set_setting("a", "b");
    ADD_FAILURE() << "a write went through a held write lock";
  } catch (const store_unavailable& error) {
    EXPECT_NE(std::string(error.what()).find("locked"), std::string::npos) << error.what();
  }
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  db->set_setting("a", "c");
  EXPECT_EQ(db->setting_or_insert("a", "d"), "c");
}

TEST(SqliteRuntime, AnUnreadableStoredAppIsStoreUnavailable) {
  const auto file = sqlite_test_folder() / "store.db";
  auto db = open_sqlite_file(file);
  app_config app;
  app.app_id = "a1";
  ASSERT_TRUE(db->insert_app(app));
  exec_raw(file, "UPDATE apps SET doc = 'not json'");
  EXPECT_THROW(db->apps(), store_unavailable);
  EXPECT_THROW(db->app("a1"), store_unavailable);
}

}  // namespace
}  // namespace scan_login::server::testing
