#include "store/sqlite/sqlite_connection.hpp"

namespace scan_login::server::sqlite {

connection::connection(const std::string& file, open_mode mode, std::chrono::milliseconds wait)
    : file_(file) {
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                    (mode == open_mode::create ? SQLITE_OPEN_CREATE : 0);
  const int code = sqlite3_open_v2(file.c_str(), &db_, flags, nullptr);
  if (code != SQLITE_OK) {
    const std::string message = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(code);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw sqlite_error(code, file_ + ": cannot open: " + message);
  }
  sqlite3_extended_result_codes(db_, 1);
  sqlite3_busy_timeout(db_, static_cast<int>(wait.count()));
  // With WAL (set once per file at open), synchronous=NORMAL keeps every
  // committed transaction across a crash or kill -9 of the process; a power
  // loss or OS crash may drop the last commits, never corrupt the file.
  try {
    exec("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;");
  } catch (...) {
    // A file that is not a database fails here; the destructor of a
    // constructor that throws never runs, so the handle is closed now.
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw;
  }
}

connection::~connection() {
  for (const auto& [sql, statement] : statements_) sqlite3_finalize(statement);
  sqlite3_close_v2(db_);
}

void connection::exec(const char* sql) {
  const int code = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (code != SQLITE_OK) fail(code, sql);
}

sqlite3_stmt* connection::cached(const char* sql) {
  const auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* statement = nullptr;
  const int code = sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &statement, nullptr);
  if (code != SQLITE_OK) fail(code, sql);
  statements_.emplace(sql, statement);
  return statement;
}

void connection::rollback() noexcept { sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr); }

int connection::changes() const { return sqlite3_changes(db_); }

void connection::fail(int code, std::string_view what) const {
  std::string message = file_ + ": " + sqlite3_errmsg(db_) + " [";
  message += what.substr(0, 60);
  message += "]";
  throw sqlite_error(code, message);
}

query::query(connection& db, const char* sql) : db_(db), statement_(db.cached(sql)) {}

query::~query() {
  sqlite3_reset(statement_);
  sqlite3_clear_bindings(statement_);
}

query& query::bind(int index, std::string_view text) {
  const int code = sqlite3_bind_text64(statement_, index, text.data(), text.size(),
                                       SQLITE_TRANSIENT, SQLITE_UTF8);
  if (code != SQLITE_OK) db_.fail(code, sqlite3_sql(statement_));
  return *this;
}

query& query::bind(int index, std::int64_t value) {
  const int code = sqlite3_bind_int64(statement_, index, value);
  if (code != SQLITE_OK) db_.fail(code, sqlite3_sql(statement_));
  return *this;
}

bool query::step() {
  const int code = sqlite3_step(statement_);
  if (code == SQLITE_ROW) return true;
  if (code == SQLITE_DONE) return false;
  db_.fail(code, sqlite3_sql(statement_));
}

int query::run() {
  while (step()) {
  }
  return db_.changes();
}

std::string query::text(int column) const {
  const auto* bytes = sqlite3_column_text(statement_, column);
  if (!bytes) return {};
  const auto size = static_cast<std::size_t>(sqlite3_column_bytes(statement_, column));
  return std::string(reinterpret_cast<const char*>(bytes), size);
}

std::int64_t query::int64(int column) const { return sqlite3_column_int64(statement_, column); }

write_transaction::write_transaction(connection& db) : db_(db) { db_.exec("BEGIN IMMEDIATE"); }

write_transaction::~write_transaction() {
  // A failed ROLLBACK (the transaction already ended with an IO error) leaves
  // nothing to undo; the destructor must not throw.
  if (open_) db_.rollback();
}

void write_transaction::commit() {
  db_.exec("COMMIT");
  open_ = false;
}

}  // namespace scan_login::server::sqlite
