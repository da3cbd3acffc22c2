// The loss response on its own: a cut once per round, undone when the answered share
// does not improve at the halved rate (random loss), kept when it does (congestion) or
// when there are too few answers to tell, floors, and the retry budget.
#include "scan/congestion.h"

#include <gtest/gtest.h>

namespace sockscope::scan {
namespace {

using std::chrono::milliseconds;

// `n` first probes sent under the current epoch, `answered` of them answered, the rest
// silent at their first timeout.
void resolve(Congestion& c, int n, int answered) {
  std::uint32_t e = c.epoch();
  for (int i = 0; i < n; ++i) c.on_send(e);
  for (int i = 0; i < n; ++i) i < answered ? c.on_answer(e) : c.on_silent(e);
}

TimePoint at(int ms) { return TimePoint{} + milliseconds(ms); }

TEST(Congestion, RandomLossUndoesTheCutAndIsThenTolerated) {
  Congestion c({}, 1000);
  resolve(c, 200, 140);  // 70% answered: 30% loss
  double cwnd = c.cwnd();
  EXPECT_EQ(c.rate(), 0);
  c.on_drop(at(150), at(300), 4000);
  EXPECT_TRUE(c.testing());
  EXPECT_EQ(c.rate(), 2000);  // half the recent rate
  EXPECT_DOUBLE_EQ(c.cwnd(), cwnd / 2);
  resolve(c, 100, 70);  // the same share at half the rate
  EXPECT_FALSE(c.testing());
  EXPECT_EQ(c.undone(), 1u);
  EXPECT_EQ(c.rate(), 0);  // unpaced again
  EXPECT_GE(c.cwnd(), cwnd);
  EXPECT_NEAR(c.tolerated(), 0.7, 0.001);
  // More loss at that level: no more cuts.
  resolve(c, 100, 68);
  c.on_drop(at(900), at(1000), 4000);
  EXPECT_FALSE(c.testing());
  EXPECT_EQ(c.cuts(), 1u);
}

TEST(Congestion, LossThatFallsWithTheRateKeepsTheCutAndCutsAgainNextRound) {
  Congestion c({}, 100000);
  resolve(c, 400, 100);  // 25% answered: far above a rate limit
  c.on_drop(at(150), at(300), 4000);
  EXPECT_EQ(c.rate(), 2000);
  resolve(c, 100, 50);  // 50% answered at half the rate: congestion
  EXPECT_FALSE(c.testing());
  EXPECT_EQ(c.undone(), 0u);
  EXPECT_GE(c.rate(), 2000);  // kept (and grows by one per answer)
  EXPECT_LT(c.rate(), 2100);
  EXPECT_LT(c.tolerated(), 0);
  // A drop of a probe retransmitted before the cut: same round, no second cut.
  c.on_drop(at(290), at(400), 2000);
  EXPECT_EQ(c.cuts(), 1u);
  // One retransmitted after it: the next round still loses, cut again.
  c.on_drop(at(350), at(450), 2000);
  EXPECT_EQ(c.cuts(), 2u);
  EXPECT_LE(c.rate(), 1050);
}

TEST(Congestion, DropsDuringTheExperimentDoNotCutAgain) {
  Congestion c({}, 1000);
  resolve(c, 200, 100);
  c.on_drop(at(100), at(200), 1000);
  for (int i = 0; i < 50; ++i) c.on_drop(at(210 + i), at(300 + i), 1000);
  EXPECT_EQ(c.cuts(), 1u);
  EXPECT_EQ(c.rate(), 500);
}

TEST(Congestion, TooFewAnswersToTellCountsAsCongestionAfterWaitingForMore) {
  // A UDP target answering a few ICMP errors per second: 2% answered either way.
  Congestion c({}, 10000);
  resolve(c, 500, 10);
  c.on_drop(at(100), at(200), 1000);
  resolve(c, 500, 10);
  c.tick(at(200 + 999), milliseconds(100));
  EXPECT_TRUE(c.testing());  // waits for answers up to ten timeouts
  c.tick(at(200 + 1000), milliseconds(100));
  EXPECT_FALSE(c.testing());
  EXPECT_EQ(c.undone(), 0u);
  EXPECT_LE(c.rate(), 520);
}

TEST(Congestion, TooFewAnswersOnceLossIsKnownRandomUndoesTheCut) {
  // Late in a scan of mostly filtered ports: the retransmission rounds answer little.
  Congestion c({}, 10000);
  resolve(c, 200, 140);
  c.on_drop(at(100), at(200), 1000);
  resolve(c, 100, 70);
  ASSERT_EQ(c.undone(), 1u);
  resolve(c, 400, 100);  // the share falls (filtered ports are what is left)
  c.on_drop(at(900), at(1000), 1000);
  ASSERT_TRUE(c.testing());
  resolve(c, 60, 5);
  c.tick(at(1300), milliseconds(100));  // three timeouts, but only 5 answers: wait
  EXPECT_TRUE(c.testing());
  c.tick(at(2000), milliseconds(100));
  EXPECT_FALSE(c.testing());
  EXPECT_EQ(c.undone(), 2u);
  EXPECT_EQ(c.rate(), 0);
}

TEST(Congestion, SmallRoundsAreJudgedAfterThreeTimeouts) {
  Congestion c({}, 10000);
  resolve(c, 200, 140);
  c.on_drop(at(100), at(200), 1000);
  resolve(c, 40, 28);  // a small retransmission round, same share
  c.tick(at(400), milliseconds(100));
  EXPECT_TRUE(c.testing());
  c.tick(at(500), milliseconds(100));
  EXPECT_FALSE(c.testing());
  EXPECT_EQ(c.undone(), 1u);
}

TEST(Congestion, LossGrowingPastTheToleratedLevelCutsAgain) {
  Congestion c({}, 100000);
  resolve(c, 200, 140);
  c.on_drop(at(100), at(200), 4000);
  resolve(c, 100, 70);
  ASSERT_EQ(c.undone(), 1u);
  resolve(c, 400, 140);  // 35% answered now: the rate has grown into a limit
  c.on_drop(at(900), at(1000), 4000);
  EXPECT_TRUE(c.testing());
  EXPECT_EQ(c.cuts(), 2u);
}

TEST(Congestion, FloorsUnderTheWindowAndTheRate) {
  TimingOptions timing;
  timing.initial_window = 4;
  Congestion c(timing, 1000000);
  for (int round = 0; round < 20; ++round) {
    resolve(c, 100, 10);
    c.on_drop(at(round * 100 + 50), at(round * 100 + 60), 30);
    resolve(c, 100, 40);  // better each time: congestion
  }
  EXPECT_EQ(c.cuts(), 20u);
  EXPECT_GE(c.cwnd(), Congestion::kMinWindow);
  EXPECT_GE(c.rate(), Congestion::kMinRate);
  EXPECT_LT(c.rate(), Congestion::kMinRate + 100);  // the growth of the last round
}

TEST(Congestion, WindowStaysWithinConcurrency) {
  TimingOptions timing;
  timing.concurrency = 1;
  Congestion c(timing, 1000);
  resolve(c, 50, 50);
  EXPECT_EQ(c.window(), 1u);
  c.on_drop(at(10), at(20), 100);
  EXPECT_EQ(c.window(), 1u);
}

TEST(Congestion, RetriesGrowWithMeasuredRandomLossUpToTheCap) {
  TimingOptions timing;  // max_retries 1, loss_retries 6, random_loss_retries 10
  Congestion c(timing, 1000);
  resolve(c, 200, 140);
  EXPECT_EQ(c.retries(), 1);  // no loss seen yet
  c.on_drop(at(100), at(200), 4000);
  EXPECT_EQ(c.retries(), 6);  // loss, cause unknown
  resolve(c, 100, 70);
  ASSERT_GE(c.tolerated(), 0);
  // 1 drop per 211 answers so far: few retries needed, never fewer than loss_retries.
  EXPECT_EQ(c.retries(), 6);
  for (int i = 0; i < 90; ++i) c.on_drop(at(300), at(400), 4000);  // 91 drops: d = 0.3
  // 1000 pairs * 0.3^tries < 0.01 needs 10 tries: 9 retries.
  EXPECT_EQ(c.retries(), 9);
  for (int i = 0; i < 600; ++i) c.on_drop(at(300), at(400), 4000);  // d = 0.77
  EXPECT_EQ(c.retries(), 10);
}

TEST(Congestion, MaxRetriesFromTheUserIsACeiling) {
  TimingOptions timing;
  timing.max_retries = timing.loss_retries = timing.random_loss_retries = 2;  // --max-retries 2
  Congestion c(timing, 1000);
  resolve(c, 200, 140);
  c.on_drop(at(100), at(200), 4000);
  resolve(c, 100, 70);
  for (int i = 0; i < 90; ++i) c.on_drop(at(300), at(400), 4000);
  ASSERT_GE(c.tolerated(), 0);
  EXPECT_EQ(c.retries(), 2);
}

}  // namespace
}  // namespace sockscope::scan
