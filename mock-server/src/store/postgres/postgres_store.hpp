#pragma once
// The store for several server processes: one PostgreSQL database (Debian's
// libpq). Atomic transitions in SQL, LISTEN/NOTIFY for the status feed.

#include <memory>
#include <string>

#include "store/store.hpp"

namespace scan_login::server {

struct postgres_options {
  std::string conninfo;  // libpq connection string or URI: postgresql://user@host:port/db
  int pool_size = 8;     // connections kept open for the worker threads
};

// Connects, applies the migrations this binary knows, and starts the feed's
// listening connection. Throws store_open_error when the database cannot be
// reached or its schema is newer than this binary knows.
std::unique_ptr<store> open_postgres_store(const postgres_options& options);

}  // namespace scan_login::server
