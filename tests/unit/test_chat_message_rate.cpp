#include "chat/message_rate.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sockscope::chat {
namespace {

using std::chrono::milliseconds;

MessageRateOptions small() {
  MessageRateOptions o;
  o.per_second = 10;
  o.burst = 3;
  o.max_held = 2;
  o.max_held_bytes = 1000;
  return o;
}

TEST(ChatMessageRate, BurstThenHoldThenDropWithOneNotice) {
  ManualClock clock;
  MessageRate rate(small(), clock);
  for (int i = 0; i < 3; ++i) EXPECT_EQ(rate.offer("m"), MessageRate::Verdict::kSend);
  EXPECT_EQ(rate.offer("h1"), MessageRate::Verdict::kHeld);
  EXPECT_EQ(rate.offer("h2"), MessageRate::Verdict::kHeld);
  EXPECT_FALSE(rate.take_notice());
  EXPECT_EQ(rate.offer("d1"), MessageRate::Verdict::kDropped);
  EXPECT_TRUE(rate.take_notice());
  EXPECT_EQ(rate.offer("d2"), MessageRate::Verdict::kDropped);
  EXPECT_FALSE(rate.take_notice());  // one notice per episode
  EXPECT_EQ(rate.until_release(), milliseconds(101));
}

TEST(ChatMessageRate, ReleaseKeepsOrderAndPace) {
  ManualClock clock;
  MessageRate rate(small(), clock);
  for (int i = 0; i < 3; ++i) (void)rate.offer("m");
  (void)rate.offer("h1");
  (void)rate.offer("h2");
  std::vector<std::string> sent;
  auto send = [&](const std::string& t) { sent.push_back(t); };
  rate.release(send);
  EXPECT_TRUE(sent.empty());
  clock.advance(milliseconds(100));
  rate.release(send);
  EXPECT_EQ(sent, std::vector<std::string>{"h1"});
  // A new message waits behind the held one even when a token is there.
  clock.advance(milliseconds(100));
  EXPECT_EQ(rate.offer("late"), MessageRate::Verdict::kHeld);
  rate.release(send);
  EXPECT_EQ(sent, (std::vector<std::string>{"h1", "h2"}));
  clock.advance(milliseconds(100));
  rate.release(send);
  EXPECT_EQ(sent.back(), "late");
  EXPECT_FALSE(rate.holding());
}

TEST(ChatMessageRate, NoticeAgainAfterTheQueueEmptied) {
  ManualClock clock;
  MessageRate rate(small(), clock);
  for (int i = 0; i < 5; ++i) (void)rate.offer("m");
  EXPECT_EQ(rate.offer("x"), MessageRate::Verdict::kDropped);
  EXPECT_TRUE(rate.take_notice());
  clock.advance(std::chrono::seconds(1));
  rate.release([](const std::string&) {});
  for (int i = 0; i < 5; ++i) (void)rate.offer("m");
  EXPECT_EQ(rate.offer("x"), MessageRate::Verdict::kDropped);
  EXPECT_TRUE(rate.take_notice());
}

TEST(ChatMessageRate, HeldBytesAreBounded) {
  ManualClock clock;
  MessageRateOptions o = small();
  o.max_held = 100;
  o.max_held_bytes = 10;
  MessageRate rate(o, clock);
  for (int i = 0; i < 3; ++i) (void)rate.offer("m");
  EXPECT_EQ(rate.offer(std::string(8, 'a')), MessageRate::Verdict::kHeld);
  EXPECT_EQ(rate.offer(std::string(8, 'b')), MessageRate::Verdict::kDropped);
}

TEST(ChatMessageRate, ZeroMeansNoLimit) {
  ManualClock clock;
  MessageRateOptions o;
  o.per_second = 0;
  MessageRate rate(o, clock);
  for (int i = 0; i < 10000; ++i) ASSERT_EQ(rate.offer("m"), MessageRate::Verdict::kSend);
}

}  // namespace
}  // namespace sockscope::chat
