#include "store/postgres/pg_connection.hpp"

#include <poll.h>

#include <map>

#include "store/store.hpp"

namespace scan_login::server::pg {
namespace {

// libpq's messages end with a newline; messages here are one line.
std::string one_line(const char* message) {
  std::string text = message ? message : "";
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  for (char& c : text) {
    if (c == '\n') c = ' ';
  }
  return text;
}

// Added unless the caller's conninfo sets them: a dead host fails a connect
// within 5 s, a silently dropped connection is noticed within ~25 s, and a
// hung statement (or a transaction left idle) does not hold a worker or a
// lock forever.
const std::map<std::string, std::string> default_parameters = {
    {"connect_timeout", "5"},  {"keepalives", "1"},
    {"keepalives_idle", "10"}, {"keepalives_interval", "5"},
    {"keepalives_count", "3"}, {"fallback_application_name", "scan-login-server"},
};
const char* const server_options =
    "-c statement_timeout=5000 -c idle_in_transaction_session_timeout=30000";

}  // namespace

endpoint parse_endpoint(const std::string& conninfo) {
  char* error = nullptr;
  PQconninfoOption* parsed = PQconninfoParse(conninfo.c_str(), &error);
  if (!parsed) {
    const std::string message = one_line(error ? error : "out of memory");
    PQfreemem(error);
    throw std::invalid_argument("bad PostgreSQL connection string: " + message);
  }
  std::map<std::string, std::string> given;
  for (auto* option = parsed; option->keyword; ++option) {
    if (option->val && *option->val) given[option->keyword] = option->val;
  }
  PQconninfoFree(parsed);

  auto value_of = [&](const char* key) {
    const auto it = given.find(key);
    return it == given.end() ? std::string() : it->second;
  };
  std::string host = value_of("host");
  if (host.empty()) host = value_of("hostaddr");
  if (host.empty()) host = "local socket";
  std::string port = value_of("port");
  if (port.empty()) port = "5432";
  std::string db = value_of("dbname");
  if (db.empty()) db = value_of("user");

  for (const auto& [key, value] : default_parameters) given.try_emplace(key, value);
  const std::string options = value_of("options");
  // The caller's options come last so that their own -c settings win.
  given["options"] = options.empty() ? server_options : std::string(server_options) + " " + options;

  // Rebuilt as key='value' pairs (libpq's quoting: backslash before ' and \).
  std::string text;
  for (const auto& [key, value] : given) {
    text += key + "='";
    for (const char c : value) {
      if (c == '\'' || c == '\\') text += '\\';
      text += c;
    }
    text += "' ";
  }
  return {text, host + ":" + port + "/" + db};
}

std::int64_t result::affected() const {
  const char* count = PQcmdTuples(res_.get());
  return count && *count ? std::stoll(count) : 0;
}

std::string result::text(int row, int column) const {
  return std::string(PQgetvalue(res_.get(), row, column),
                     static_cast<std::size_t>(PQgetlength(res_.get(), row, column)));
}

std::int64_t result::int64(int row, int column) const {
  if (PQgetisnull(res_.get(), row, column)) return 0;
  return std::stoll(PQgetvalue(res_.get(), row, column));
}

bool result::boolean(int row, int column) const {
  return PQgetvalue(res_.get(), row, column)[0] == 't';
}

connection::connection(const endpoint& ep)
    : conn_(PQconnectdb(ep.conninfo.c_str()), &PQfinish), where_(ep.where) {
  if (!conn_) throw store_unavailable("PostgreSQL at " + where_ + ": out of memory");
  // Notices (and a closing server's FATAL message) would go to stderr; the
  // failures that matter reach the caller as exceptions.
  PQsetNoticeProcessor(
      conn_.get(), [](void*, const char*) {}, nullptr);
  if (PQstatus(conn_.get()) != CONNECTION_OK) throw_unavailable();
}

bool connection::healthy() {
  if (PQstatus(conn_.get()) != CONNECTION_OK) return false;
  pollfd fd{PQsocket(conn_.get()), POLLIN, 0};
  // An idle pooled connection is sent nothing unless the server is closing
  // it (a shutdown's FATAL message, then EOF) or, rarely, a setting changed:
  // anything to read means reconnect before use.
  return fd.fd >= 0 && poll(&fd, 1, 0) == 0;
}

void connection::reset() {
  PQreset(conn_.get());
  if (PQstatus(conn_.get()) != CONNECTION_OK) throw_unavailable();
}

void connection::throw_unavailable() {
  throw store_unavailable("PostgreSQL at " + where_ +
                          " is unreachable: " + one_line(PQerrorMessage(conn_.get())));
}

result connection::check(PGresult* res) {
  const auto status = res ? PQresultStatus(res) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result(res);
  result owned(res);  // frees it on the way out
  if (PQstatus(conn_.get()) != CONNECTION_OK || !res) throw_unavailable();
  const char* state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
  const std::string sqlstate = state ? state : "";
  const std::string message = one_line(PQresultErrorMessage(res));
  // 57014: statement_timeout (or a cancel); 57P0x: the server is shutting down.
  if (sqlstate == "57014" || sqlstate.rfind("57P0", 0) == 0 || sqlstate.rfind("08", 0) == 0) {
    throw store_unavailable("PostgreSQL at " + where_ + " failed: " + message);
  }
  throw query_error(sqlstate, message);
}

result connection::exec(const char* sql, const std::vector<std::string>& params) {
  std::vector<const char*> values;
  values.reserve(params.size());
  for (const auto& value : params) values.push_back(value.c_str());
  return check(PQexecParams(conn_.get(), sql, static_cast<int>(values.size()), nullptr,
                            values.data(), nullptr, nullptr, 0));
}

void connection::exec_script(const char* sql) { check(PQexec(conn_.get(), sql)); }

transaction::transaction(connection& conn) : conn_(conn) { conn_.exec("BEGIN"); }

transaction::~transaction() {
  if (done_) return;
  try {
    conn_.exec("ROLLBACK");
  } catch (const std::exception&) {
    // A lost connection rolls back on the server; the pool resets it.
  }
}

void transaction::commit() {
  conn_.exec("COMMIT");
  done_ = true;
}

}  // namespace scan_login::server::pg
