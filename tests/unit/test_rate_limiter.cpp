// --max-rate is a hard ceiling: a greedy sender never gets more than the rate into any
// half-open one-second window, and still gets close to the rate overall.
#include "scan/rate_limiter.h"

#include <gtest/gtest.h>

#include <deque>

namespace sockscope::scan {
namespace {

void check_rate(double rate, Duration step, Duration total, double min_fraction = 0.95) {
  ManualClock clock;
  RateLimiter limiter(rate, clock);
  std::deque<TimePoint> window;
  std::size_t sends = 0, worst = 0;
  TimePoint end = clock.now() + total;
  while (clock.now() < end) {
    while (limiter.try_acquire()) {
      window.push_back(clock.now());
      ++sends;
    }
    while (!window.empty() && window.front() <= clock.now() - std::chrono::seconds(1))
      window.pop_front();
    worst = std::max(worst, window.size());
    clock.advance(step);
  }
  EXPECT_LE(static_cast<double>(worst), rate) << "rate " << rate;
  EXPECT_GE(static_cast<double>(sends), min_fraction * rate * to_seconds(total) - 1)
      << "rate " << rate;
}

TEST(RateLimiter, NeverAboveTheRateInAnySecond) {
  using std::chrono::microseconds;
  using std::chrono::milliseconds;
  using std::chrono::seconds;
  check_rate(1, milliseconds(7), seconds(10));
  check_rate(10, milliseconds(1), seconds(5));
  check_rate(100, microseconds(300), seconds(5));
  check_rate(1000, milliseconds(1), seconds(5));
  check_rate(50000, milliseconds(1), seconds(3));
  // A caller that sleeps 40 ms gets at most the 10 ms burst per wake-up, never more.
  check_rate(50000, milliseconds(40), seconds(3), 0.2);
}

TEST(RateLimiter, SlowerThanOnePerSecond) {
  ManualClock clock;
  RateLimiter limiter(0.5, clock);
  EXPECT_TRUE(limiter.try_acquire());
  clock.advance(std::chrono::milliseconds(1999));
  EXPECT_FALSE(limiter.try_acquire());
  EXPECT_GT(limiter.until_next(), Duration::zero());
  clock.advance(std::chrono::milliseconds(2));
  EXPECT_TRUE(limiter.try_acquire());
}

TEST(RateLimiter, UnlimitedAlwaysAcquires) {
  ManualClock clock;
  RateLimiter limiter(0, clock);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.try_acquire());
  EXPECT_EQ(limiter.until_next(), Duration::zero());
}

}  // namespace
}  // namespace sockscope::scan
