// The group commit under the stores' code inserts: every submitter gets its
// own result, batches never exceed their bound, a failed batch fails each
// of its items (and only them), and a lone item runs at once.

#include "store/write_batcher.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>
#include <vector>

namespace scan_login::server::testing {
namespace {

TEST(WriteBatcher, ALoneItemIsItsOwnBatch) {
  write_batcher<int, int> batcher{8};
  std::vector<std::size_t> sizes;
  const int doubled = batcher.submit(21, [&](const std::vector<const int*>& items) {
    sizes.push_back(items.size());
    return std::vector<int>{*items[0] * 2};
  });
  EXPECT_EQ(doubled, 42);
  EXPECT_EQ(sizes, (std::vector<std::size_t>{1}));
}

TEST(WriteBatcher, RacingSubmittersShareBoundedBatchesAndGetTheirOwnResults) {
  write_batcher<int, int> batcher{4};
  std::atomic<std::size_t> largest{0}, batches{0};
  std::vector<int> answers(64, -1);
  std::vector<std::thread> threads;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&, i] {
      answers[static_cast<std::size_t>(i)] =
          batcher.submit(i, [&](const std::vector<const int*>& items) {
            ++batches;
            std::size_t seen = largest;
            while (items.size() > seen && !largest.compare_exchange_weak(seen, items.size())) {
            }
            // Slow enough that others queue meanwhile.
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
            std::vector<int> out;
            for (const int* item : items) out.push_back(*item * 10);
            return out;
          });
    });
  }
  for (auto& thread : threads) thread.join();
  for (int i = 0; i < 64; ++i) EXPECT_EQ(answers[static_cast<std::size_t>(i)], i * 10);
  EXPECT_LE(largest.load(), 4u);
  EXPECT_GT(largest.load(), 1u) << "64 racing submitters never shared a batch";
  EXPECT_LT(batches.load(), 64u);
}

TEST(WriteBatcher, AFailedBatchFailsItsItemsAndTheNextBatchRunsAgain) {
  write_batcher<int, int> batcher{8};
  const auto failing = [](const std::vector<const int*>&) -> std::vector<int> {
    throw std::runtime_error("database gone");
  };
  EXPECT_THROW(batcher.submit(1, failing), std::runtime_error);
  const int ok = batcher.submit(
      2, [](const std::vector<const int*>& items) { return std::vector<int>(items.size(), 7); });
  EXPECT_EQ(ok, 7);
}

}  // namespace
}  // namespace scan_login::server::testing
