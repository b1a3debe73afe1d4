#pragma once
// The sqlite store's schema, as an ordered list of migrations. The file's
// `PRAGMA user_version` is the number of migrations applied.

#include <string>
#include <vector>

#include "store/sqlite/sqlite_connection.hpp"

namespace scan_login::server::sqlite {

// The schema version this binary writes (the length of the list).
int known_schema_version();

// The file's schema version, read without writing anything. Throws
// sqlite_error (SQLITE_NOTADB when the file is not a database).
int schema_version(connection& db);

// The refusal of a file whose schema `version` is newer than this binary's.
store_open_error newer_schema_error(const std::string& file, int version);

// The tables of a scan-login store that `db` lacks, of those every schema
// version has (migration 1's; a migration that drops one must update this
// list). Empty for a store; a database of another program lacks them. Throws
// sqlite_error like schema_version.
std::vector<std::string> missing_store_tables(connection& db);

// Applies the migrations the file lacks, each in its own transaction.
// Throws store_open_error when the file's version is newer than this
// binary's, before changing anything.
void migrate(connection& db);

}  // namespace scan_login::server::sqlite
