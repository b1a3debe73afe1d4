#pragma once
// The versioned schema of the PostgreSQL store.

#include "store/postgres/pg_connection.hpp"

namespace scan_login::server::pg {

// The newest schema version this binary knows.
int latest_schema_version();

// Brings the database to latest_schema_version(): each missing migration in
// its own transaction, under a session advisory lock so that processes
// starting at once migrate once. Throws store_open_error when the stored
// version is newer than this binary knows (and then changes nothing) or a
// migration fails.
void migrate(connection& conn);

}  // namespace scan_login::server::pg
