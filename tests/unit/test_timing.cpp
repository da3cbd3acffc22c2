// RTT-adaptive timeout and the -T presets, with no waiting.
#include "scan/timing.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace sockscope::scan {
namespace {

using std::chrono::milliseconds;

TEST(Timing, InitialTimeoutUntilMeasured) {
  TimingOptions t;
  RttEstimator rtt(t);
  EXPECT_EQ(rtt.timeout(), t.initial_timeout);
}

TEST(Timing, AdaptsAndClamps) {
  TimingOptions t;
  RttEstimator rtt(t);
  rtt.sample(milliseconds(200));
  // srtt 200, rttvar 100: 200 + 4 * 100.
  EXPECT_EQ(rtt.timeout(), milliseconds(600));
  for (int i = 0; i < 50; ++i) rtt.sample(milliseconds(200));
  EXPECT_LT(rtt.timeout(), milliseconds(250));
  for (int i = 0; i < 50; ++i) rtt.sample(std::chrono::microseconds(50));
  EXPECT_EQ(rtt.timeout(), t.min_timeout);  // loopback: never below the floor
  for (int i = 0; i < 50; ++i) rtt.sample(std::chrono::seconds(30));
  EXPECT_EQ(rtt.timeout(), t.max_timeout);
}

TEST(Timing, FixedTimeoutWins) {
  TimingOptions t;
  t.fixed_timeout = milliseconds(1500);
  RttEstimator rtt(t);
  rtt.sample(milliseconds(1));
  EXPECT_EQ(rtt.timeout(), milliseconds(1500));
}

TEST(Timing, Templates) {
  EXPECT_EQ(timing_template(3).initial_timeout, std::chrono::seconds(1));
  EXPECT_LT(timing_template(5).max_timeout, timing_template(4).max_timeout);
  EXPECT_EQ(timing_template(0).concurrency, 1u);
  EXPECT_GT(timing_template(1).max_rate, 0);
  EXPECT_THROW(timing_template(6), Error);
  EXPECT_THROW(timing_template(-1), Error);
}

TEST(Timing, ConcurrencyRateCap) {
  TimingOptions t;
  t.concurrency = 1;
  EXPECT_FALSE(concurrency_rate_cap(t, milliseconds(1)));  // no --min-rate: nothing to say
  t.min_rate = 500;
  EXPECT_FALSE(concurrency_rate_cap(t, milliseconds(1)));  // 1 in flight at 1 ms: 1000/s
  auto cap = concurrency_rate_cap(t, milliseconds(4));     // at 4 ms: 250/s
  ASSERT_TRUE(cap);
  EXPECT_DOUBLE_EQ(*cap, 250);
  t.concurrency = 2;
  EXPECT_FALSE(concurrency_rate_cap(t, milliseconds(4)));
  EXPECT_FALSE(concurrency_rate_cap(t, Duration::zero()));  // nothing measured
}

}  // namespace
}  // namespace sockscope::scan
