// The store commands' parsing (tools/store_commands.hpp): defaults, both
// verbs, refusals with a message, and PostgreSQL sent to pg_dump before any
// file is looked at.

#include <gtest/gtest.h>

#include <cstdlib>
#include <sstream>

#include "tools/store_commands.hpp"

namespace scan_login::server {
namespace {

TEST(store_command, only_backup_and_restore_are_commands) {
  EXPECT_TRUE(is_store_command({"backup"}));
  EXPECT_TRUE(is_store_command({"restore", "--from", "x"}));
  EXPECT_FALSE(is_store_command({}));
  EXPECT_FALSE(is_store_command({"--port", "0"}));
  EXPECT_FALSE(is_store_command({"--data-dir", "backup"}));
}

TEST(store_command, backup_defaults_to_the_source_data_folder) {
  const auto parsed = parse_store_command({"backup", "--to", "/b/one.sqlite3"}, "/src");
  ASSERT_TRUE(parsed.value) << parsed.error;
  EXPECT_EQ(parsed.value->what, store_command::verb::backup);
  EXPECT_EQ(parsed.value->data_dir, "/src/data");
  EXPECT_EQ(parsed.value->file, "/b/one.sqlite3");
}

TEST(store_command, restore_takes_joined_or_separate_values) {
  const auto parsed =
      parse_store_command({"restore", "--from=/b/one.sqlite3", "--data-dir", "/new"}, "/src");
  ASSERT_TRUE(parsed.value) << parsed.error;
  EXPECT_EQ(parsed.value->what, store_command::verb::restore);
  EXPECT_EQ(parsed.value->data_dir, "/new");
  EXPECT_EQ(parsed.value->file, "/b/one.sqlite3");
}

TEST(store_command, bad_arguments_are_named) {
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
      {{"backup"}, "--to"},
      {{"backup", "--from", "x"}, "--from"},
      {{"backup", "--to"}, "--to"},
      {{"backup", "--to", ""}, "--to"},
      {{"backup", "--to", "x", "--port", "0"}, "--port"},
      {{"restore", "--data-dir", "/new"}, "--from"},
      {{"restore", "--to", "x"}, "--to"},
      // A restore writes a data folder: the default is never guessed.
      {{"restore", "--from", "x"}, "--data-dir"},
      {{"backup", "--to", "x", "--database", "mysql://x"}, "--database"},
  };
  for (const auto& [args, named] : cases) {
    const auto parsed = parse_store_command(args, "/src");
    EXPECT_FALSE(parsed.value) << args.back();
    EXPECT_NE(parsed.error.find(named), std::string::npos) << parsed.error;
  }
}

TEST(store_command, postgres_is_refused_naming_pg_dump_and_touches_nothing) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"backup", "--database", "postgresql://scanlogin@db/scanlogin", "--to", "/none/x"},
           {"restore", "--database=postgres://db/x", "--from", "/none/x", "--data-dir", "/none"},
           {"restore", "--database=postgres://db/x"}}) {
    std::ostringstream out;
    std::ostringstream err;
    EXPECT_EQ(store_command_main(args, "/src", out, err), EXIT_FAILURE) << args[0];
    EXPECT_EQ(out.str(), "");
    for (const char* word : {"PostgreSQL", "pg_dump", "pg_restore", "docs/operations.md"}) {
      EXPECT_NE(err.str().find(word), std::string::npos) << err.str();
    }
  }
}

TEST(store_command, help_prints_the_usage_of_both) {
  std::ostringstream out;
  std::ostringstream err;
  EXPECT_EQ(store_command_main({"restore", "--help"}, "/src", out, err), EXIT_SUCCESS);
  for (const char* word : {"backup", "restore", "--to", "--from", "--data-dir", "--database"}) {
    EXPECT_NE(out.str().find(word), std::string::npos) << word;
  }
  EXPECT_EQ(err.str(), "");
}

}  // namespace
}  // namespace scan_login::server
