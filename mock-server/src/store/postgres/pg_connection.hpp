#pragma once
// RAII around one libpq connection and its results. Values always travel as
// parameters of PQexecParams (text format); SQL text is constant.

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace scan_login::server::pg {

// A statement failed while the connection stayed up (a constraint, a
// serialization failure, a timeout). `sqlstate` is the five-character code.
// Internal to the backend: verbs turn it into store_unavailable or an outcome.
class query_error : public std::runtime_error {
 public:
  query_error(std::string sqlstate, const std::string& message)
      : std::runtime_error(message), sqlstate_(std::move(sqlstate)) {}
  const std::string& sqlstate() const { return sqlstate_; }

 private:
  std::string sqlstate_;
};

inline constexpr const char* unique_violation = "23505";
inline constexpr const char* serialization_failure = "40001";
inline constexpr const char* deadlock_detected = "40P01";

// Where the database is, for messages: "host:port/dbname" (never a password),
// and the connection parameters that libpq gets: the caller's conninfo with
// connect_timeout, keepalives and a statement timeout added unless given.
struct endpoint {
  std::string conninfo;
  std::string where;  // "127.0.0.1:5432/scanlogin"
};
// Throws std::invalid_argument with libpq's message when `conninfo` is not
// a valid connection string or URI.
endpoint parse_endpoint(const std::string& conninfo);

class result {
 public:
  explicit result(PGresult* res) : res_(res, &PQclear) {}
  int rows() const { return PQntuples(res_.get()); }
  // Rows changed by INSERT/UPDATE/DELETE without RETURNING.
  std::int64_t affected() const;
  std::string text(int row, int column) const;
  std::int64_t int64(int row, int column) const;
  bool boolean(int row, int column) const;

 private:
  std::unique_ptr<PGresult, decltype(&PQclear)> res_;
};

// Converts a value to its text parameter.
inline std::string param(std::int64_t value) { return std::to_string(value); }
inline std::string param(bool value) { return value ? "true" : "false"; }

class connection {
 public:
  // Connects (blocking, bounded by connect_timeout). Throws store_unavailable
  // naming `ep.where` when the server cannot be reached.
  explicit connection(const endpoint& ep);
  connection(const connection&) = delete;
  connection& operator=(const connection&) = delete;

  // True while the connection is up and the server sent nothing while it
  // was idle, so a connection the server closed (a restart) reads as down
  // before anything is sent on it.
  bool healthy();
  // Reconnects in place (PQreset); throws store_unavailable when it fails.
  void reset();

  // Runs one statement with text parameters ($1, $2, ...). Throws
  // store_unavailable when the connection is lost or the statement timed
  // out, query_error for any other failure.
  result exec(const char* sql, const std::vector<std::string>& params = {});
  // Runs constant SQL text that may hold several statements (migrations);
  // never values.
  void exec_script(const char* sql);

  PGconn* raw() { return conn_.get(); }
  const std::string& where() const { return where_; }

 private:
  result check(PGresult* res);
  [[noreturn]] void throw_unavailable();

  std::unique_ptr<PGconn, decltype(&PQfinish)> conn_;
  std::string where_;
};

// BEGIN on construction; ROLLBACK on destruction unless commit() ran.
class transaction {
 public:
  explicit transaction(connection& conn);
  transaction(const transaction&) = delete;
  transaction& operator=(const transaction&) = delete;
  ~transaction();
  void commit();

 private:
  connection& conn_;
  bool done_ = false;
};

}  // namespace scan_login::server::pg
