// PostgreSQL only: opening a store fails clearly, quickly, and without
// changing anything, when the server is unreachable or the schema is newer.

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <thread>

#include "postgres_test_server.hpp"
#include "store/postgres/pg_migrations.hpp"
#include "store/postgres/postgres_store.hpp"

namespace scan_login::server::testing {
namespace {

using namespace std::chrono_literals;
using clock_type = std::chrono::steady_clock;

// A loopback port nothing listens on (bound, then released).
int closed_port() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  bind(fd, reinterpret_cast<sockaddr*>(&address), length);
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

std::string postgres_open_error(const std::string& conninfo) {
  try {
    open_postgres_store({conninfo, 2});
  } catch (const store_open_error& e) {
    return e.what();
  }
  ADD_FAILURE() << "opened " << conninfo;
  return "";
}

TEST(PostgresOpen, AnUnreachableServerFailsFastNamingWhereAndWhatToDo) {
  const std::string where = "127.0.0.1:" + std::to_string(closed_port());
  const auto start = clock_type::now();
  const std::string message = postgres_open_error("postgresql://scanlogin@" + where + "/postgres");
  EXPECT_LT(clock_type::now() - start, 6s);
  std::cout << message << "\n";
  EXPECT_NE(message.find(where), std::string::npos);
  EXPECT_NE(message.find("start PostgreSQL"), std::string::npos);
}

TEST(PostgresOpen, ABadConnectionStringIsAnOpenError) {
  EXPECT_NE(postgres_open_error("postgresql://[broken").find("connection string"),
            std::string::npos);
}

TEST(PostgresOpen, ANewerSchemaIsRefusedNamingBothVersionsAndLeftAlone) {
  const auto conninfo = create_test_database(shared_postgres_conninfo());
  open_postgres_store({conninfo, 2})->set_setting("kept", "yes");
  const int newer = pg::latest_schema_version() + 1;
  query_value(conninfo, "INSERT INTO schema_version VALUES (" + std::to_string(newer) + ")");
  const auto rows_before = query_value(conninfo, "SELECT count(*) FROM schema_version");

  const std::string message = postgres_open_error(conninfo);
  std::cout << message << "\n";
  EXPECT_NE(message.find("version " + std::to_string(newer)), std::string::npos);
  EXPECT_NE(message.find("(" + std::to_string(pg::latest_schema_version()) + ")"),
            std::string::npos);
  EXPECT_EQ(query_value(conninfo, "SELECT count(*) FROM schema_version"), rows_before);
  EXPECT_EQ(query_value(conninfo, "SELECT max(version) FROM schema_version"),
            std::to_string(newer));
  EXPECT_EQ(query_value(conninfo, "SELECT value FROM settings WHERE name = 'kept'"), "yes");
}

TEST(PostgresOpen, ProcessesStartingAtOnceMigrateOnce) {
  const auto conninfo = create_test_database(shared_postgres_conninfo());
  std::vector<std::thread> starts;
  std::atomic<int> opened{0};
  for (int i = 0; i < 4; ++i) {
    starts.emplace_back([&] {
      EXPECT_NO_THROW(open_postgres_store({conninfo, 1}));
      ++opened;
    });
  }
  for (auto& thread : starts) thread.join();
  EXPECT_EQ(opened, 4);
  EXPECT_EQ(query_value(conninfo, "SELECT count(*) FROM schema_version"),
            std::to_string(pg::latest_schema_version()));
}

}  // namespace
}  // namespace scan_login::server::testing
