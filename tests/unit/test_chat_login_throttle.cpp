#include "chat/login_throttle.h"

#include <gtest/gtest.h>

namespace sockscope::chat {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

// Built by append: GCC 12 warns falsely (-Wrestrict) on "literal" + std::to_string().
std::string key(const char* prefix, int i) {
  std::string k(prefix);
  k.append(std::to_string(i));
  return k;
}

TEST(ChatLoginThrottle, FirstAttemptIsImmediate) {
  ManualClock clock;
  LoginThrottle t(clock);
  EXPECT_EQ(t.schedule("192.0.2.1", "alice"), clock.now());
}

TEST(ChatLoginThrottle, DelayDoublesUpToTheCap) {
  ManualClock clock;
  LoginThrottle t(clock, milliseconds(250), seconds(8));
  EXPECT_EQ(t.delay_after(1), milliseconds(250));
  EXPECT_EQ(t.delay_after(2), milliseconds(500));
  EXPECT_EQ(t.delay_after(3), milliseconds(1000));
  EXPECT_EQ(t.delay_after(10), seconds(8));
  EXPECT_EQ(t.delay_after(1000), seconds(8));
}

TEST(ChatLoginThrottle, AccountWaitsAfterFailuresButIsNeverLockedOut) {
  ManualClock clock;
  LoginThrottle t(clock, milliseconds(250), seconds(8));
  for (int i = 0; i < 50; ++i) t.failed(key("198.51.100.", i), "alice");
  // The real user, from a fresh address: waits at most the cap, however many failures.
  TimePoint at = t.schedule("192.0.2.7", "alice");
  EXPECT_GT(at, clock.now());
  EXPECT_LE(at, clock.now() + seconds(8));
  t.succeeded("alice");
  EXPECT_EQ(t.schedule("192.0.2.7", "alice"), clock.now());
}

TEST(ChatLoginThrottle, AttemptsFromOneFailingAddressAreSpacedOut) {
  ManualClock clock;
  LoginThrottle t(clock, milliseconds(250), seconds(8));
  for (int i = 0; i < 3; ++i) t.failed("192.0.2.1", key("user", i));
  // 10 parallel attempts on fresh names from the same address: one per delay, not all at once.
  TimePoint last = clock.now();
  for (int i = 0; i < 10; ++i) {
    TimePoint at = t.schedule("192.0.2.1", key("fresh", i));
    if (i > 0) {
      EXPECT_GE(at - last, milliseconds(1000));
    }
    last = at;
  }
  // Another address is not held up by this one.
  EXPECT_EQ(t.schedule("192.0.2.2", "bob"), clock.now());
}

TEST(ChatLoginThrottle, TablesStayBounded) {
  ManualClock clock;
  LoginThrottle t(clock, milliseconds(250), seconds(8), 100);
  for (int i = 0; i < 1000; ++i) t.failed(key("a", i), key("u", i));
  EXPECT_LE(t.tracked(), 200u);
  t.failed("x", "y");
  EXPECT_GT(t.schedule("x", "y"), clock.now());
}

}  // namespace
}  // namespace sockscope::chat
