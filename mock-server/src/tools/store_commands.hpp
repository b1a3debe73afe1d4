#pragma once
// The store commands of scan-login-server, run instead of the server when
// argv[1] names one (docs/operations.md):
//
//   scan-login-server backup [--data-dir DIR] --to FILE
//   scan-login-server restore --from FILE --data-dir DIR
//
// They work on the SQLite store (store/sqlite/sqlite_backup.hpp does the
// work); with --database (PostgreSQL) they refuse and name pg_dump and
// pg_restore. Parsing is pure, so tests check every refusal without a file.

#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

namespace scan_login::server {

struct store_command {
  enum class verb { backup, restore };
  verb what = verb::backup;
  std::string data_dir;      // backup: default <source>/data; restore: required
  std::string file;          // backup: --to (required); restore: --from (required)
  std::string database_url;  // --database: PostgreSQL, refused with the tools to use
  bool help = false;
};

struct parsed_store_command {
  std::optional<store_command> value;  // set on success (including --help)
  std::string error;                   // what was wrong, when !value
};

// True when `args` (argv[1..]) starts with a store command's name.
bool is_store_command(const std::vector<std::string>& args);

// Parses argv[1..], whose first element is the command's name. The default
// data folder is `source_dir`/data, as the server's.
parsed_store_command parse_store_command(const std::vector<std::string>& args,
                                         const std::string& source_dir);

// The usage of both commands, for --help and bad arguments.
std::string store_command_usage();

// Runs a parsed command: what it did on `out`, refusals and notices on
// `err`. Returns the exit status: EXIT_SUCCESS, or EXIT_FAILURE having
// changed nothing.
int run_store_command(const store_command& command, std::ostream& out, std::ostream& err);

// parse_store_command, then --help or run_store_command; bad arguments print
// the error and the usage on `err`. Returns the exit status.
int store_command_main(const std::vector<std::string>& args, const std::string& source_dir,
                       std::ostream& out, std::ostream& err);

}  // namespace scan_login::server
