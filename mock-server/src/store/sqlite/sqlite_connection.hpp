#pragma once
// RAII over the SQLite C API for the sqlite store: one connection, its cache
// of prepared statements, one use of a statement, one transaction. Every
// failure throws sqlite_error, a store_unavailable that also carries
// SQLite's result code (the open path turns some into store_open_error).

#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/store.hpp"

namespace scan_login::server::sqlite {

// How long a writer waits for another one before the verb gives up with
// store_unavailable ("database is locked"). Writes take milliseconds;
// waiting this long means the disk or the process is in trouble.
inline constexpr std::chrono::milliseconds busy_timeout{5000};

class sqlite_error : public store_unavailable {
 public:
  sqlite_error(int code, const std::string& message) : store_unavailable(message), code_(code) {}
  int code() const { return code_; }  // SQLite's extended result code

 private:
  int code_;
};

// One open database connection, used by one thread at a time (it is opened
// with SQLITE_OPEN_NOMUTEX; the pool hands it to one worker at a time).
class connection {
 public:
  // Whether opening may create the file: the store creates its file, the
  // backup and restore commands only read files that must exist already.
  enum class open_mode { create, existing };

  // Opens `file` read-write (creating it when missing, with open_mode::create).
  // Sets the per-connection pragmas (busy timeout `wait`, foreign keys,
  // synchronous) but writes nothing; setting them reads the file's header,
  // waiting up to `wait` for a lock.
  explicit connection(const std::string& file, open_mode mode = open_mode::create,
                      std::chrono::milliseconds wait = busy_timeout);
  ~connection();
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // Runs one or more statements without results (schema, BEGIN, COMMIT).
  void exec(const char* sql);
  // The cached prepared statement for `sql`, which must have static storage
  // duration (a literal or an inline constant): the cache is keyed by its
  // address, so the same text at one place of the code is prepared once.
  sqlite3_stmt* cached(const char* sql);
  // Ends the open transaction, if any, without a word: a ROLLBACK after a
  // failed COMMIT (SQLite may have rolled back already) has nothing to undo.
  void rollback() noexcept;
  // Rows changed by the last INSERT, UPDATE or DELETE.
  int changes() const;
  // Throws sqlite_error for `code` (not SQLITE_OK/ROW/DONE), naming the file.
  [[noreturn]] void fail(int code, std::string_view what) const;
  const std::string& file() const { return file_; }
  // The C handle, for the APIs this class does not wrap (the online backup).
  sqlite3* handle() const { return db_; }

 private:
  std::string file_;
  sqlite3* db_ = nullptr;
  std::unordered_map<const char*, sqlite3_stmt*> statements_;
};

// One use of a cached statement: binds, steps, reads columns, and resets the
// statement when it goes (so no read transaction outlives it). Parameters
// are numbered from 1 (?1, ?2 ... in the SQL), columns from 0.
class query {
 public:
  query(connection& db, const char* sql);
  ~query();
  query(const query&) = delete;
  query& operator=(const query&) = delete;

  query& bind(int index, std::string_view text);
  query& bind(int index, std::int64_t value);
  query& bind(int index, bool value) { return bind(index, std::int64_t{value ? 1 : 0}); }
  query& bind(int index, int value) { return bind(index, std::int64_t{value}); }

  // True when a row is ready to read, false when the statement is done.
  bool step();
  // Steps a statement that returns no rows; returns the rows it changed.
  int run();

  std::string text(int column) const;  // NULL reads as ""
  std::int64_t int64(int column) const;
  bool boolean(int column) const { return int64(column) != 0; }

 private:
  connection& db_;
  sqlite3_stmt* statement_;
};

// A write transaction: BEGIN IMMEDIATE takes the write lock at once (racing
// writers wait up to the busy timeout instead of failing on a lock upgrade);
// rolled back when it goes without commit(). Queries run inside it should
// be gone (reset) before commit().
class write_transaction {
 public:
  explicit write_transaction(connection& db);
  ~write_transaction();
  write_transaction(const write_transaction&) = delete;
  write_transaction& operator=(const write_transaction&) = delete;
  void commit();

 private:
  connection& db_;
  bool open_ = true;
};

}  // namespace scan_login::server::sqlite
