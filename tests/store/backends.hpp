#pragma once
// The store backends the conformance suites run against. Every suite is
// parameterized over all of them: a backend that is not reachable fails the
// test, it is never skipped (the PostgreSQL server is started by ctest's
// `postgres` fixture, scripts/test-postgres).

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "store/store.hpp"

namespace scan_login::server::testing {

struct store_backend {
  std::string name;  // "sqlite", "postgres": the gtest parameter name
  // A fresh, empty store of its own (a new file or a new database) and a
  // function that opens another handle on the same data (a second process
  // of a deployment, or the same one after a restart).
  struct instance {
    std::unique_ptr<store> first;
    std::function<std::unique_ptr<store>()> open_again;
  };
  std::function<instance()> create;
  // Whether open_again may run while `first` is still open (postgres: yes,
  // several processes; sqlite: no, one process per file).
  bool shared_by_processes = false;
};

store_backend sqlite_backend();    // sqlite_backend.cpp
store_backend postgres_backend();  // postgres_backend.cpp
// Each store behind the per-process view the server puts in front of it.
store_backend sqlite_view_backend();    // code_view_backend.cpp
store_backend postgres_view_backend();  // code_view_backend.cpp

inline std::vector<store_backend> all_backends() {
  return {sqlite_backend(), postgres_backend(), sqlite_view_backend(), postgres_view_backend()};
}

}  // namespace scan_login::server::testing
