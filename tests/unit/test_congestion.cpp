// The loss response on its own: a cut once per round, undone when the answered share
// does not improve at the halved rate (random loss), kept when it does (congestion) or
// when there are too few answers to tell, floors, and the retry budget.
#include "scan/congestion.h"

#include <gtest/gtest.h>

namespace sockscope::scan {
namespace {

using std::chrono::milliseconds;

constexpr Duration kTimeout = milliseconds(100);

TimePoint at(int ms) {
  return TimePoint{} + milliseconds(ms);
}

// `n` first probes sent in `epoch` answered.
void answer(Congestion& c, std::uint32_t epoch, int n) {
  for (int i = 0; i < n; ++i) c.on_answer(epoch);
}

// `n` probes sent in `lost` were lost; their retransmissions, sent in `resent` at
// `when` ms, were answered.
void lose(Congestion& c, std::uint32_t lost, std::uint32_t resent, int n, int when) {
  for (int i = 0; i < n; ++i) c.on_drop(resent, lost, at(when), at(when + 1), 4000);
}

// Runs an experiment that starts with a cut at `t0` ms: the probes sent before it
// (epoch `before`) get `before_lost` more losses shown, the experiment's own probes
// `answered` answers and `lost` losses. Returns when it has been judged.
void experiment(Congestion& c, std::uint32_t before, int before_lost, int answered, int lost,
                int t0) {
  std::uint32_t test = c.epoch();
  lose(c, before, test, before_lost, t0);
  answer(c, test, answered);
  c.tick(at(t0 + 250), kTimeout);  // measured two timeouts: on to settling
  ASSERT_TRUE(c.testing());
  lose(c, test, c.epoch(), lost, t0 + 260);
  c.tick(at(t0 + 500), kTimeout);  // settled two timeouts: judged
}

TEST(Congestion, RandomLossUndoesTheCutAndIsThenTolerated) {
  Congestion c({}, 1000);
  std::uint32_t e0 = c.epoch();
  answer(c, e0, 140);
  double cwnd = c.cwnd();
  EXPECT_EQ(c.rate(), 0);
  lose(c, e0, e0, 1, 10);  // the first drop: a cut
  EXPECT_TRUE(c.testing());
  EXPECT_EQ(c.rate(), 2000);  // half the recent rate
  EXPECT_DOUBLE_EQ(c.cwnd(), cwnd / 2);
  // Before: 140 answered, 60 lost. The experiment: 140 answered (59 of them the
  // retransmissions of the earlier losses), 60 lost: the same 70%.
  experiment(c, e0, 59, 81, 60, 10);
  EXPECT_FALSE(c.testing());
  EXPECT_EQ(c.undone(), 1u);
  EXPECT_EQ(c.rate(), 0);  // unpaced again
  EXPECT_GE(c.cwnd(), cwnd);
  EXPECT_NEAR(c.tolerated(), 0.7, 0.001);
  // More loss at that level: no more cuts.
  std::uint32_t e = c.epoch();
  answer(c, e, 70);
  lose(c, e, e, 30, 1000);
  EXPECT_FALSE(c.testing());
  EXPECT_EQ(c.cuts(), 1u);
}

TEST(Congestion, LossThatFallsWithTheRateKeepsTheCutAndCutsAgainNextRound) {
  Congestion c({}, 100000);
  std::uint32_t e0 = c.epoch();
  answer(c, e0, 100);
  lose(c, e0, e0, 1, 10);
  EXPECT_EQ(c.rate(), 2000);
  // Before: 25% answered, far above a rate limit; at half the rate: 70%.
  experiment(c, e0, 299, 0, 128, 10);
  EXPECT_FALSE(c.testing());
  EXPECT_EQ(c.undone(), 0u);
  EXPECT_EQ(c.rate(), 2000);  // kept
  EXPECT_LT(c.tolerated(), 0);
  // A drop of a probe retransmitted before the cut: same round, no second cut.
  std::uint32_t e = c.epoch();
  lose(c, e, e, 1, 5);
  EXPECT_EQ(c.cuts(), 1u);
  // One retransmitted after it: the next round still loses, cut again.
  lose(c, e, e, 1, 500);
  EXPECT_EQ(c.cuts(), 2u);
  EXPECT_EQ(c.rate(), 1000);
}

TEST(Congestion, DropsDuringTheExperimentDoNotCutAgain) {
  Congestion c({}, 1000);
  std::uint32_t e0 = c.epoch();
  answer(c, e0, 100);
  c.on_drop(e0, e0, at(100), at(200), 1000);
  for (int i = 0; i < 50; ++i) c.on_drop(c.epoch(), e0, at(210 + i), at(300 + i), 1000);
  EXPECT_EQ(c.cuts(), 1u);
  EXPECT_EQ(c.rate(), 500);
}

TEST(Congestion, TooFewAnswersToTellCountsAsCongestionAfterWaitingForMore) {
  // A UDP target answering a few ICMP errors per second.
  Congestion c({}, 10000);
  std::uint32_t e0 = c.epoch();
  answer(c, e0, 10);
  c.on_drop(e0, e0, at(100), at(200), 1000);
  answer(c, c.epoch(), 5);
  c.tick(at(200 + 499), kTimeout);
  EXPECT_EQ(c.epoch(), e0 + 1);  // still measuring: waits up to five timeouts for answers
  c.tick(at(200 + 500), kTimeout);
  c.tick(at(200 + 700), kTimeout);
  EXPECT_FALSE(c.testing());
  EXPECT_EQ(c.undone(), 0u);
  EXPECT_EQ(c.rate(), 500);
}

TEST(Congestion, AnswersDryingUpAtTheHalvedRateUndoTheCut) {
  Congestion c({}, 10000);
  std::uint32_t e0 = c.epoch();
  answer(c, e0, 140);
  lose(c, e0, e0, 1, 10);
  experiment(c, e0, 59, 81, 60, 10);
  ASSERT_EQ(c.undone(), 1u);
  // Worse loss later (a share below 0.6), so a cut; then few answers (a tail of mostly
  // filtered ports): undone, and no new cut while answers stay few.
  std::uint32_t e = c.epoch();
  answer(c, e, 20);
  lose(c, e, e, 80, 1000);
  ASSERT_TRUE(c.testing());
  answer(c, c.epoch(), 3);
  c.tick(at(2100), kTimeout);
  c.tick(at(2300), kTimeout);
  EXPECT_FALSE(c.testing());
  EXPECT_EQ(c.undone(), 2u);
  EXPECT_EQ(c.rate(), 0);
  EXPECT_NEAR(c.tolerated(), 0.7, 0.001);  // unchanged: nothing was measured
  std::uint32_t last = c.epoch();
  lose(c, last, last, 5, 3000);
  EXPECT_FALSE(c.testing());
  EXPECT_EQ(c.cuts(), 2u);
}

TEST(Congestion, FloorsUnderTheWindowAndTheRate) {
  TimingOptions timing;
  timing.initial_window = 4;
  Congestion c(timing, 1000000);
  for (int round = 0; round < 20; ++round) {
    std::uint32_t e = c.epoch();
    answer(c, e, 2);
    lose(c, e, e, 1, round * 1000 + 10);  // cuts
    ASSERT_TRUE(c.testing()) << round;
    experiment(c, e, 79, 0, 20, round * 1000 + 10);  // far more answered after
  }
  EXPECT_EQ(c.cuts(), 20u);
  EXPECT_EQ(c.undone(), 0u);
  EXPECT_GE(c.cwnd(), Congestion::kMinWindow);
  EXPECT_EQ(c.rate(), Congestion::kMinRate);
}

TEST(Congestion, WindowStaysWithinConcurrency) {
  TimingOptions timing;
  timing.concurrency = 1;
  Congestion c(timing, 1000);
  answer(c, c.epoch(), 50);
  EXPECT_EQ(c.window(), 1u);
  lose(c, c.epoch(), c.epoch(), 1, 10);
  EXPECT_EQ(c.window(), 1u);
}

TEST(Congestion, RetriesGrowWithMeasuredRandomLossUpToTheCap) {
  TimingOptions timing;  // max_retries 1, loss_retries 6, max_loss_retries 10
  Congestion c(timing, 1000);
  std::uint32_t e0 = c.epoch();
  answer(c, e0, 140);
  EXPECT_EQ(c.retries(), 1);  // no loss seen yet
  lose(c, e0, e0, 1, 10);
  EXPECT_EQ(c.retries(), 6);  // loss, cause unknown
  experiment(c, e0, 59, 81, 60, 10);
  ASSERT_GE(c.tolerated(), 0);
  // 120 drops to 221 first answers: d = 0.35; 1000 pairs * d^tries < 0.001 needs 14.
  EXPECT_EQ(c.retries(), 10);
  answer(c, c.epoch(), 500);  // d = 0.14: 8 tries
  EXPECT_EQ(c.retries(), 7);
  answer(c, c.epoch(), 1500);  // d = 0.05: 5 tries
  EXPECT_EQ(c.retries(), 6);   // never fewer than loss_retries
}

// The experiments can take random loss for congestion (a loaded machine delays answers
// at the halved rate less than before it): the retries still follow the measured share.
TEST(Congestion, RetriesFollowTheMeasuredLossWhenTheCutIsKept) {
  Congestion c({}, 600);
  std::uint32_t e0 = c.epoch();
  answer(c, e0, 100);
  lose(c, e0, e0, 1, 10);
  experiment(c, e0, 59, 90, 5, 10);  // 97% answered at half the rate, 63% before
  EXPECT_EQ(c.undone(), 0u);
  ASSERT_LT(c.tolerated(), 0);
  // 65 drops to 190 first answers: d = 0.25; 600 pairs * d^tries < 0.001 needs 10.
  EXPECT_EQ(c.retries(), 9);
}

TEST(Congestion, MaxRetriesFromTheUserIsACeiling) {
  TimingOptions timing;
  timing.max_retries = timing.loss_retries = timing.max_loss_retries = 2;  // --max-retries 2
  Congestion c(timing, 1000);
  std::uint32_t e0 = c.epoch();
  answer(c, e0, 140);
  lose(c, e0, e0, 1, 10);
  experiment(c, e0, 59, 81, 60, 10);
  ASSERT_GE(c.tolerated(), 0);
  EXPECT_EQ(c.retries(), 2);
}

}  // namespace
}  // namespace sockscope::scan
