#pragma once
// A bounded pool of PostgreSQL connections for the worker threads. A verb
// blocks its worker (never the io thread): a slow database occupies workers
// and pool slots, and a checkout waits at most `checkout_wait` for a slot.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "store/postgres/pg_connection.hpp"

namespace scan_login::server::pg {

class pool {
 public:
  // Keeps up to `size` connections, opened on demand. `first` (already
  // connected, e.g. the one that ran the migrations) joins the pool.
  pool(endpoint ep, int size, std::unique_ptr<connection> first,
       std::chrono::milliseconds checkout_wait = std::chrono::seconds(10));

  // A connection for one verb; returns to the pool when destroyed.
  class lease {
   public:
    lease(pool& owner, std::unique_ptr<connection> conn) : owner_(&owner), conn_(std::move(conn)) {}
    lease(lease&&) = default;
    lease& operator=(lease&&) = delete;
    ~lease() {
      if (conn_) owner_->give_back(std::move(conn_));
    }
    connection& operator*() { return *conn_; }
    connection* operator->() { return conn_.get(); }

   private:
    pool* owner_;
    std::unique_ptr<connection> conn_;
  };

  // Waits for a free slot, opens or repairs (PQreset) its connection, and
  // hands it out. Throws store_unavailable when the database is unreachable
  // or every slot stayed busy for checkout_wait.
  lease checkout();

 private:
  void give_back(std::unique_ptr<connection> conn);

  endpoint endpoint_;
  std::size_t size_;
  std::chrono::milliseconds checkout_wait_;
  std::mutex mutex_;
  std::condition_variable freed_;
  std::vector<std::unique_ptr<connection>> idle_;
  std::size_t out_or_idle_ = 0;  // connections that exist (idle or leased)
};

}  // namespace scan_login::server::pg
