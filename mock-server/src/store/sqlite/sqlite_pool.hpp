#pragma once
// The sqlite store's connections: each is lent to one thread at a time, and
// a thread that finds none free waits for one (the shell's worker pool
// bounds how many wait).

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/sqlite/sqlite_connection.hpp"

namespace scan_login::server::sqlite {

class connection_pool {
 public:
  // Takes the connections already opened (at least one).
  explicit connection_pool(std::vector<std::unique_ptr<connection>> connections);

  // A connection lent until the lease goes.
  class lease {
   public:
    lease(connection_pool& pool, std::unique_ptr<connection> db)
        : pool_(pool), db_(std::move(db)) {}
    ~lease() { pool_.give_back(std::move(db_)); }
    lease(const lease&) = delete;
    lease& operator=(const lease&) = delete;
    connection& operator*() const { return *db_; }
    connection* operator->() const { return db_.get(); }

   private:
    connection_pool& pool_;
    std::unique_ptr<connection> db_;
  };

  lease borrow();

 private:
  void give_back(std::unique_ptr<connection> db);

  std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<std::unique_ptr<connection>> free_;
};

}  // namespace scan_login::server::sqlite
