#include "store/postgres/pg_pool.hpp"

#include "store/store.hpp"

namespace scan_login::server::pg {

pool::pool(endpoint ep, int size, std::unique_ptr<connection> first,
           std::chrono::milliseconds checkout_wait)
    : endpoint_(std::move(ep)),
      size_(static_cast<std::size_t>(size < 1 ? 1 : size)),
      checkout_wait_(checkout_wait) {
  if (first) {
    idle_.push_back(std::move(first));
    out_or_idle_ = 1;
  }
}

pool::lease pool::checkout() {
  std::unique_ptr<connection> conn;
  {
    std::unique_lock lock(mutex_);
    const bool got = freed_.wait_for(lock, checkout_wait_,
                                     [&] { return !idle_.empty() || out_or_idle_ < size_; });
    if (!got) {
      throw store_unavailable("PostgreSQL at " + endpoint_.where + ": all " +
                              std::to_string(size_) + " connections stayed busy for " +
                              std::to_string(checkout_wait_.count()) +
                              " ms (a slow database? raise the pool size?)");
    }
    if (!idle_.empty()) {
      conn = std::move(idle_.back());
      idle_.pop_back();
    } else {
      ++out_or_idle_;
    }
  }
  if (!conn) {
    try {
      conn = std::make_unique<connection>(endpoint_);
    } catch (...) {
      std::lock_guard lock(mutex_);
      --out_or_idle_;
      freed_.notify_one();
      throw;
    }
  }
  // A lease that throws below still returns the connection: the next
  // checkout tries to repair it again.
  lease handed(*this, std::move(conn));
  if (!handed->healthy()) handed->reset();
  return handed;
}

void pool::give_back(std::unique_ptr<connection> conn) {
  std::lock_guard lock(mutex_);
  idle_.push_back(std::move(conn));
  freed_.notify_one();
}

}  // namespace scan_login::server::pg
