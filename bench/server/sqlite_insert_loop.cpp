// The SQLite side of `npm run bench:server`'s "gene against the database
// limit": the single-row INSERT that scan-login-server's gene makes, in a
// raw loop with nothing else around it.
//
//   sqlite-insert-loop SCHEMA_DB SCRATCH_DB THREADS SECONDS
//
// SCHEMA_DB is a database made by the server (only read): its `codes` table
// and that table's indexes are created as they are in SCRATCH_DB (a new
// file). THREADS threads then each insert on their own connection, opened
// as the server's store opens them (WAL, synchronous=NORMAL, foreign keys
// on, 5 s busy timeout), one autocommit transaction per row, with the
// server's statement (mock-server/src/store/sqlite/sqlite_rows.hpp) and a
// row shaped like a gene's (two 22-character tokens, app "demo", loopback
// IP, no browser). Prints one JSON line: {"inserts", "seconds", "rate",
// "cpu"} (cpu: user + system seconds of this process).
// Built by bench/server/lib/db-limit.mjs: c++ -O2 ... -lsqlite3 -pthread.
#include <sqlite3.h>
#include <sys/resource.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr char insert_sql[] =
    "INSERT INTO codes (random, code, app_id, status, created_at, expires_at, client_ip, "
    "browser, redirect_uri, params, context, scanner_openid, scanner_unionid, scanner_nickname, "
    "scanner_photo, scan_token, ticket, user_id, ends_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
    "?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?6) ON CONFLICT DO NOTHING";

void check(sqlite3* db, int code, const char* what) {
  if (code != SQLITE_OK && code != SQLITE_DONE && code != SQLITE_ROW) {
    throw std::runtime_error(std::string(what) + ": " + sqlite3_errmsg(db));
  }
}

sqlite3* open_like_the_server(const std::string& file) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  if (sqlite3_open_v2(file.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    throw std::runtime_error(file + ": cannot open");
  }
  sqlite3_busy_timeout(db, 5000);
  check(db,
        sqlite3_exec(db, "PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", nullptr, nullptr,
                     nullptr),
        "pragmas");
  return db;
}

// The CREATE statements of `codes` and its indexes, table first.
std::vector<std::string> codes_schema(const std::string& file) {
  sqlite3* db = nullptr;
  if (sqlite3_open_v2(file.c_str(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
    throw std::runtime_error(file + ": cannot open the server's database");
  }
  sqlite3_stmt* statement = nullptr;
  check(db,
        sqlite3_prepare_v2(db,
                           "SELECT sql FROM sqlite_master WHERE tbl_name = 'codes' AND sql IS NOT "
                           "NULL ORDER BY type = 'table' DESC",
                           -1, &statement, nullptr),
        "read schema");
  std::vector<std::string> sql;
  while (sqlite3_step(statement) == SQLITE_ROW) {
    sql.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
  }
  sqlite3_finalize(statement);
  sqlite3_close(db);
  if (sql.empty()) throw std::runtime_error(file + ": no codes table");
  return sql;
}

// 16 random bytes as unpadded base64url: 22 characters, like the server's tokens.
std::string token(std::mt19937_64& random) {
  static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string out(22, ' ');
  std::uint64_t bits[2] = {random(), random()};
  for (int i = 0; i < 22; ++i) {
    out[i] = alphabet[(bits[i / 11] >> ((i % 11) * 6)) & 63];
  }
  return out;
}

std::int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

long insert_until(const std::string& file, const std::atomic<bool>& stop, unsigned seed) {
  sqlite3* db = open_like_the_server(file);
  sqlite3_stmt* insert = nullptr;
  check(db, sqlite3_prepare_v3(db, insert_sql, -1, SQLITE_PREPARE_PERSISTENT, &insert, nullptr),
        "prepare");
  std::mt19937_64 random(seed);
  long inserted = 0;
  while (!stop.load(std::memory_order_relaxed)) {
    const std::string random_key = token(random);
    const std::string code = token(random);
    const std::int64_t created = now_ms();
    sqlite3_bind_text64(insert, 1, random_key.data(), random_key.size(), SQLITE_TRANSIENT,
                        SQLITE_UTF8);
    sqlite3_bind_text64(insert, 2, code.data(), code.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    sqlite3_bind_text64(insert, 3, "demo", 4, SQLITE_TRANSIENT, SQLITE_UTF8);
    sqlite3_bind_int64(insert, 4, 0);
    sqlite3_bind_int64(insert, 5, created);
    sqlite3_bind_int64(insert, 6, created + 3600 * 1000);
    sqlite3_bind_text64(insert, 7, "127.0.0.1", 9, SQLITE_TRANSIENT, SQLITE_UTF8);
    for (int column = 8; column <= 18; ++column) {
      sqlite3_bind_text64(insert, column, "", 0, SQLITE_TRANSIENT, SQLITE_UTF8);
    }
    check(db, sqlite3_step(insert), "insert");
    inserted += sqlite3_changes(db);
    sqlite3_reset(insert);
    sqlite3_clear_bindings(insert);
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
  return inserted;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: sqlite-insert-loop SCHEMA_DB SCRATCH_DB THREADS SECONDS\n");
    return EXIT_FAILURE;
  }
  const std::string schema_file = argv[1];
  const std::string file = argv[2];
  const int threads = std::atoi(argv[3]);
  const double seconds = std::atof(argv[4]);
  if (threads < 1 || seconds <= 0) {
    std::fprintf(stderr, "sqlite-insert-loop: THREADS >= 1 and SECONDS > 0\n");
    return EXIT_FAILURE;
  }
  try {
    sqlite3* setup = open_like_the_server(file);
    check(setup, sqlite3_exec(setup, "PRAGMA journal_mode = WAL", nullptr, nullptr, nullptr),
          "WAL");
    for (const auto& sql : codes_schema(schema_file)) {
      check(setup, sqlite3_exec(setup, sql.c_str(), nullptr, nullptr, nullptr), sql.c_str());
    }
    sqlite3_close(setup);

    std::atomic<bool> stop{false};
    std::vector<long> counts(threads, 0);
    std::vector<std::thread> workers;
    const auto started = std::chrono::steady_clock::now();
    for (int i = 0; i < threads; ++i) {
      workers.emplace_back([&, i] { counts[i] = insert_until(file, stop, 1234u + i); });
    }
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    stop = true;
    for (auto& worker : workers) worker.join();
    const double elapsed =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    long total = 0;
    for (long count : counts) total += count;
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const double cpu = usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
                       (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
    std::printf("{\"inserts\": %ld, \"seconds\": %.3f, \"rate\": %.1f, \"cpu\": %.3f}\n", total,
                elapsed, total / elapsed, cpu);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "sqlite-insert-loop: %s\n", error.what());
    return EXIT_FAILURE;
  }
  return EXIT_SUCCESS;
}
