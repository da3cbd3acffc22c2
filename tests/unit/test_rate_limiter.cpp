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
  // Token times over 1 s, and over 1.02 s: sends whose way out varies by up to 20 ms
  // (the -sS sender queue) still leave at most `rate` in any second on the wire.
  std::deque<TimePoint> window;
  std::size_t sends = 0, worst = 0;
  TimePoint end = clock.now() + total;
  while (clock.now() < end) {
    while (limiter.try_acquire()) {
      window.push_back(clock.now());
      ++sends;
    }
    while (!window.empty() && window.front() <= clock.now() - std::chrono::milliseconds(1020))
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

// Pacing moves its rate with every answer: a move keeps the tokens already spent spent,
// so moving it again and again never adds up to a burst past the new rate.
TEST(RateLimiter, MovingTheRateHandsOutNoFreshBurst) {
  ManualClock clock;
  RateLimiter limiter(10000, clock);  // capacity 100
  int taken = 0;
  while (limiter.try_acquire()) ++taken;
  EXPECT_EQ(taken, 100);
  for (int i = 0; i < 50; ++i) limiter.set_max_rate(10000 + i);
  EXPECT_FALSE(limiter.try_acquire());  // still empty: no refill without time
  clock.advance(std::chrono::milliseconds(1));
  taken = 0;
  while (limiter.try_acquire()) ++taken;
  EXPECT_LE(taken, 10);  // ~10 per ms at the new rate, not a refilled bucket of 100
  EXPECT_GE(taken, 9);
}

TEST(RateLimiter, UnlimitedAlwaysAcquires) {
  ManualClock clock;
  RateLimiter limiter(0, clock);
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(limiter.try_acquire());
  EXPECT_EQ(limiter.until_next(), Duration::zero());
}

// The floor owes a send every 1/rate seconds of silence; sends drain what is owed, so a
// sender at or above the floor is never pushed; a long silence owes at most 0.1 s worth.
TEST(RateFloor, OwesSendsOnlyWhenTheSenderFallsBehind) {
  ManualClock clock;
  RateFloor floor(100, clock);
  EXPECT_FALSE(floor.owed());
  EXPECT_LE(floor.until_owed(), std::chrono::milliseconds(10));
  clock.advance(std::chrono::milliseconds(10));
  EXPECT_TRUE(floor.owed());
  floor.note_send();
  EXPECT_FALSE(floor.owed());
  // Sending every 5 ms (200/s) never falls behind a 100/s floor.
  for (int i = 0; i < 400; ++i) {
    clock.advance(std::chrono::milliseconds(5));
    ASSERT_FALSE(floor.owed()) << i;
    floor.note_send();
  }
  clock.advance(std::chrono::seconds(10));
  int owed = 0;
  while (floor.owed() && owed < 1000) floor.note_send(), ++owed;
  EXPECT_EQ(owed, 10);  // a tenth of a second's worth is made up after a pause, no more
  // Over one second of only owed sends: at least the floor.
  int sent = 0;
  for (int ms = 0; ms < 1000; ++ms) {
    clock.advance(std::chrono::milliseconds(1));
    while (floor.owed()) floor.note_send(), ++sent;
  }
  EXPECT_GE(sent, 100);
  EXPECT_LE(sent, 102);
}

}  // namespace
}  // namespace sockscope::scan
