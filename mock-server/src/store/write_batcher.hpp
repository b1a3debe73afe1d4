#pragma once
// Group commit for one kind of write: threads submit an item and block
// until its own result is known. The first submitter that finds no batch
// running becomes the leader: it takes what is queued (its own item among
// it, up to max_batch), runs them as one batch through `run` and hands each
// waiter its result; meanwhile new items queue for the next batch. Under
// load the per-statement cost (a round trip, a parse and plan, a commit) is
// paid once per batch; alone, an item is its own batch at once, with no
// waiting.
//
// Used for PostgreSQL's code inserts (gene's write): one multi-row INSERT
// per batch took 8 connections from 6.0-6.2k to 7.9-8.5k codes/s. SQLite's
// local inserts gained nothing measurable (each row still dirties its own
// index pages), so they stay one at a time.
//
// `run(items)` returns one result per item, in order, or throws: then every
// item of that batch gets the exception (the backend rolled the batch back,
// so a failed verb changed nothing). Items of one batch are distinct objects
// but may be equal; `run` decides what that means (e.g. one wins).

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <vector>

namespace scan_login::server {

template <class Item, class Result>
class write_batcher {
 public:
  explicit write_batcher(std::size_t max_batch) : max_batch_(max_batch < 1 ? 1 : max_batch) {}

  template <class Run>
  Result submit(const Item& item, Run&& run) {
    waiter self;
    self.item = &item;
    std::unique_lock lock{mutex_};
    queue_.push_back(&self);
    while (!self.done) {
      if (leading_) {
        finished_.wait(lock);
        continue;
      }
      leading_ = true;
      std::vector<waiter*> batch;
      while (!queue_.empty() && batch.size() < max_batch_) {
        batch.push_back(queue_.front());
        queue_.pop_front();
      }
      lock.unlock();
      run_batch(batch, run);
      lock.lock();
      for (waiter* each : batch) each->done = true;
      leading_ = false;
      finished_.notify_all();
    }
    if (self.error) std::rethrow_exception(self.error);
    return std::move(*self.result);
  }

 private:
  struct waiter {
    const Item* item = nullptr;
    std::optional<Result> result;
    std::exception_ptr error;
    bool done = false;  // under mutex_
  };

  template <class Run>
  static void run_batch(const std::vector<waiter*>& batch, Run& run) {
    std::vector<const Item*> items;
    items.reserve(batch.size());
    for (const waiter* each : batch) items.push_back(each->item);
    try {
      std::vector<Result> results = run(items);
      for (std::size_t i = 0; i < batch.size(); ++i) batch[i]->result = std::move(results.at(i));
    } catch (...) {
      const auto error = std::current_exception();
      for (waiter* each : batch) each->error = error;
    }
  }

  const std::size_t max_batch_;
  std::mutex mutex_;
  std::condition_variable finished_;
  std::deque<waiter*> queue_;
  bool leading_ = false;
};

}  // namespace scan_login::server
