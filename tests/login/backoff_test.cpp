#include "login/backoff.hpp"

#include <gtest/gtest.h>

namespace scan_login {
namespace {

TEST(Backoff, LowestRandomGivesHalfOfEachDoublingCeiling) {
  backoff b;
  std::vector<std::int64_t> delays;
  for (int i = 0; i < 9; ++i) delays.push_back(b.next_delay(0));
  EXPECT_EQ(delays,
            (std::vector<std::int64_t>{250, 500, 1000, 2000, 4000, 8000, 15000, 15000, 15000}));
}

TEST(Backoff, HighestJitterReachesTheCeilingAndNeverPassesTheCap) {
  backoff b(500, 30000);
  EXPECT_EQ(b.next_ceiling(), 500);
  EXPECT_EQ(b.next_delay(250), 500);
  for (int i = 0; i < 100; ++i) {
    const std::int64_t delay = b.next_delay(0xffffffffu - static_cast<std::uint32_t>(i));
    EXPECT_GE(delay, 500);
    EXPECT_LE(delay, 30000);
  }
  EXPECT_EQ(b.next_ceiling(), 30000);
}

TEST(Backoff, EveryRandomValueStaysWithinTheBounds) {
  for (std::uint32_t random = 0; random < 70000; random += 7) {
    backoff b(500, 30000);
    std::int64_t ceiling = 500;
    for (int retry = 0; retry < 8; ++retry) {
      const std::int64_t delay = b.next_delay(random * 2654435761u);
      ASSERT_GE(delay, ceiling / 2);
      ASSERT_LE(delay, ceiling);
      ceiling = std::min<std::int64_t>(ceiling * 2, 30000);
    }
  }
}

TEST(Backoff, ResetStartsOver) {
  backoff b;
  b.next_delay(0);
  b.next_delay(0);
  EXPECT_EQ(b.retries(), 2);
  b.reset();
  EXPECT_EQ(b.retries(), 0);
  EXPECT_EQ(b.next_delay(0), 250);
}

TEST(Backoff, ManyRetriesDoNotOverflow) {
  backoff b(500, 30000);
  for (int i = 0; i < 5000; ++i) b.next_delay(0xffffffffu);
  EXPECT_EQ(b.next_ceiling(), 30000);
  EXPECT_LE(b.next_delay(0xffffffffu), 30000);
}

TEST(Backoff, CustomBaseAndCap) {
  backoff b(100, 350);
  EXPECT_EQ(b.next_delay(0), 50);
  EXPECT_EQ(b.next_delay(0), 100);
  EXPECT_EQ(b.next_delay(0), 175);
  EXPECT_EQ(b.next_delay(0), 175);
}

}  // namespace
}  // namespace scan_login
