#include "shell/long_poll_registry.hpp"

#include <algorithm>

namespace scan_login::server {

void long_poll_registry::park(const std::string& random,
                              const std::shared_ptr<poll_waiter>& waiter) {
  waiters_[random].push_back(waiter);
  ++count_;
}

void long_poll_registry::unpark(const std::string& random, const poll_waiter* waiter) {
  const auto it = waiters_.find(random);
  if (it == waiters_.end()) return;
  auto& list = it->second;
  const auto before = list.size();
  list.erase(std::remove_if(list.begin(), list.end(),
                            [&](const std::weak_ptr<poll_waiter>& w) {
                              const auto locked = w.lock();
                              return !locked || locked.get() == waiter;
                            }),
             list.end());
  count_ -= before - list.size();
  if (list.empty()) waiters_.erase(it);
}

bool long_poll_registry::changed_since(const std::string& random, std::uint64_t sequence) const {
  if (resynced_at_ > sequence) return true;
  const auto it = notified_.find(random);
  return it != notified_.end() && it->second > sequence;
}

void long_poll_registry::forget_before(std::uint64_t sequence) {
  for (auto it = notified_.begin(); it != notified_.end();) {
    it = it->second < sequence ? notified_.erase(it) : std::next(it);
  }
}

void long_poll_registry::notify(const std::string& random) {
  notified_[random] = ++sequence_;
  const auto it = waiters_.find(random);
  if (it == waiters_.end()) return;
  auto list = std::move(it->second);
  waiters_.erase(it);
  count_ -= list.size();
  for (const auto& w : list) {
    if (const auto locked = w.lock()) locked->wake();
  }
}

void long_poll_registry::wake_all() {
  resynced_at_ = ++sequence_;
  auto all = std::move(waiters_);
  waiters_.clear();
  count_ = 0;
  for (auto& [random, list] : all) {
    for (const auto& w : list) {
      if (const auto locked = w.lock()) locked->wake();
    }
  }
}

}  // namespace scan_login::server
