#include "tools/store_commands.hpp"

#include <cstdlib>
#include <filesystem>
#include <map>
#include <ostream>

#include "config/options.hpp"
#include "store/sqlite/sqlite_backup.hpp"
#include "store/sqlite/sqlite_migrations.hpp"
#include "store/sqlite/sqlite_store.hpp"

namespace scan_login::server {

namespace {

const char* name_of(store_command::verb what) {
  return what == store_command::verb::backup ? "backup" : "restore";
}

std::string postgres_refusal(const store_command& command) {
  return std::string{"the store is PostgreSQL (--database): "} + name_of(command.what) +
         " works on the SQLite store only; back PostgreSQL up with pg_dump -Fc and restore "
         "with pg_restore into an empty database (see docs/operations.md)";
}

int run_backup(const store_command& command, std::ostream& out, std::ostream& err) {
  const auto source = std::filesystem::path{command.data_dir} / store_file_name;
  const auto report = sqlite::backup_store(source, command.file);
  if (!report.error.empty()) {
    err << "scan-login-server backup: " << report.error << "; nothing was written\n";
    return EXIT_FAILURE;
  }
  out << "scan-login-server backup: wrote " << report.file.string() << " (mode 0600), a copy of "
      << source.string() << ": schema version " << report.schema_version << ", " << report.bytes
      << " bytes, integrity ok";
  if (report.restarts > 0) {
    out << " (begun again " << report.restarts << " times: the server wrote meanwhile)";
  }
  out << '\n';
  return EXIT_SUCCESS;
}

int run_restore(const store_command& command, std::ostream& out, std::ostream& err) {
  const auto report = sqlite::restore_store(command.file, command.data_dir);
  if (!report.error.empty()) {
    err << "scan-login-server restore: " << report.error << "; nothing was changed\n";
    return EXIT_FAILURE;
  }
  for (const auto& line : report.notices) err << "scan-login-server restore: " << line << '\n';
  out << "scan-login-server restore: restored " << command.file << " to " << report.file.string()
      << " (mode 0600): schema version " << report.schema_version << ", " << report.bytes
      << " bytes, integrity ok; start the server with --data-dir " << command.data_dir;
  if (report.schema_version < sqlite::known_schema_version()) {
    out << " (it migrates the store to schema version " << sqlite::known_schema_version()
        << " at start)";
  }
  out << '\n';
  return EXIT_SUCCESS;
}

}  // namespace

bool is_store_command(const std::vector<std::string>& args) {
  return !args.empty() && (args[0] == "backup" || args[0] == "restore");
}

std::string store_command_usage() {
  return "usage: scan-login-server backup [--data-dir DIR] --to FILE\n"
         "       scan-login-server restore --from FILE --data-dir DIR\n"
         "  backup                    a consistent copy of the SQLite store, also while a "
         "server uses it\n"
         "                            (SQLite's online backup), to FILE (created 0600; never "
         "replaced)\n"
         "  restore                   FILE as the store of DIR, a new or empty folder (made "
         "0700), once\n"
         "                            checked: a scan-login store, a schema this binary knows, "
         "its integrity\n"
         "  --data-dir DIR            the data folder (backup: default <source>/data)\n"
         "  --to FILE                 backup: the file to write\n"
         "  --from FILE               restore: the backup to restore\n"
         "  --database URL            PostgreSQL: refused; use pg_dump -Fc and pg_restore "
         "(docs/operations.md)\n"
         "  --help                    this text\n";
}

parsed_store_command parse_store_command(const std::vector<std::string>& args,
                                         const std::string& source_dir) {
  if (!is_store_command(args)) return {std::nullopt, "not a store command"};
  store_command command;
  command.what = args[0] == "backup" ? store_command::verb::backup : store_command::verb::restore;
  const std::string verb = name_of(command.what);
  bool data_dir_given = false;
  std::map<std::string, std::string*> with_value{{"--data-dir", &command.data_dir},
                                                 {"--database", &command.database_url}};
  with_value[command.what == store_command::verb::backup ? "--to" : "--from"] = &command.file;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const auto& arg = args[i];
    if (arg == "--help" || arg == "-h") {
      command.help = true;
      continue;
    }
    const std::string name = flag_name(arg);
    const auto it = with_value.find(name);
    if (it == with_value.end()) return {std::nullopt, "unknown argument for " + verb + ": " + arg};
    const auto value = flag_value(args, i);
    if (!value) return {std::nullopt, name + " needs a value"};
    if (value->empty()) return {std::nullopt, "bad value for " + name + ": ''"};
    if (name == "--database" && value->rfind("postgresql://", 0) != 0 &&
        value->rfind("postgres://", 0) != 0) {
      return {std::nullopt, "bad value for --database: '" + *value + "'"};
    }
    if (name == "--data-dir") data_dir_given = true;
    *it->second = *value;
  }
  if (command.help || !command.database_url.empty()) return {command, {}};
  if (command.file.empty()) {
    return {std::nullopt,
            verb + " needs " +
                (command.what == store_command::verb::backup ? "--to FILE" : "--from FILE")};
  }
  // A restore writes a data folder: it is never guessed.
  if (command.what == store_command::verb::restore && !data_dir_given) {
    return {std::nullopt, "restore needs --data-dir DIR (a new or empty folder)"};
  }
  if (!data_dir_given) command.data_dir = source_dir + "/data";
  return {command, {}};
}

int run_store_command(const store_command& command, std::ostream& out, std::ostream& err) {
  if (!command.database_url.empty()) {
    err << "scan-login-server " << name_of(command.what) << ": " << postgres_refusal(command)
        << '\n';
    return EXIT_FAILURE;
  }
  return command.what == store_command::verb::backup ? run_backup(command, out, err)
                                                     : run_restore(command, out, err);
}

int store_command_main(const std::vector<std::string>& args, const std::string& source_dir,
                       std::ostream& out, std::ostream& err) {
  const auto parsed = parse_store_command(args, source_dir);
  if (!parsed.value) {
    err << "scan-login-server: " << parsed.error << '\n' << store_command_usage();
    return EXIT_FAILURE;
  }
  if (parsed.value->help) {
    out << store_command_usage();
    return EXIT_SUCCESS;
  }
  return run_store_command(*parsed.value, out, err);
}

}  // namespace scan_login::server
