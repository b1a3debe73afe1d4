#include "store/sqlite/sqlite_pool.hpp"

namespace scan_login::server::sqlite {

connection_pool::connection_pool(std::vector<std::unique_ptr<connection>> connections)
    : free_(std::move(connections)) {}

connection_pool::lease connection_pool::borrow() {
  std::unique_lock lock(mutex_);
  returned_.wait(lock, [this] { return !free_.empty(); });
  auto db = std::move(free_.back());
  free_.pop_back();
  return lease(*this, std::move(db));
}

void connection_pool::give_back(std::unique_ptr<connection> db) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(std::move(db));
  }
  returned_.notify_one();
}

}  // namespace scan_login::server::sqlite
