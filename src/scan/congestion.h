// Internal to scan/ (engine.cpp). How hard the engine may push after answers show loss: a
// congestion window (probes in flight), an optional pacing rate (probes per second) and
// the retransmission budget, owned here and read by the Engine before every send.
//
// The problem it solves: a lost probe says nothing about *why* it was lost. When the
// target (or a box before it) drops what exceeds a rate, sending slower is the only way
// to get answers; when the link loses a share of packets at random, sending slower only
// makes the scan slower, at exactly the same loss. nmap answers with a window that drops
// at most once per round of probes and grows faster the more answers go missing (and a
// floor under it); on a LAN, where round trips take microseconds, its window hardly
// binds and its timeouts set the pace. Our pacing does bind, so it must not be cut
// again and again by loss that pacing cannot cure. So each cut is an experiment:
//
//   1. An answer only a retransmission got (a "drop") whose retransmission was sent
//      after the last cut halves the window and the pacing rate (once per round, as
//      nmap, not once per lost probe: the answers of one round arrive over a timeout).
//   2. While the halved settings hold, probes are tallied: answered, or silent at
//      their timeout. When enough have resolved, their answered share is
//      compared with the share just before the cut. Congestive loss falls when the rate
//      falls (a limit of L per second answers L/R of R probes; at R/2, twice that
//      share); random loss and filtered ports do not care.
//   3. Share clearly better: congestion, the cut stays (and the next drop may cut
//      again). Share the same: random loss; the cut is undone, and the share becomes
//      the tolerated level: later drops cut only when the share falls clearly below it
//      (the loss got worse, e.g. the rate grew into a limit). Too few answers to tell
//      (a UDP target's ICMP rate limit answers a handful per second) within ten
//      timeouts: congestion, the safe guess, unless the scan has already shown that its
//      loss is random.
//
// Retries: once loss is seen, the engine retries more (TimingOptions::loss_retries);
// once the loss is known to be random, as many as the measured drop share needs for the
// whole scan to come out right (at most TimingOptions::random_loss_retries), which costs
// time only on ports that never answer.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/clock.h"
#include "scan/timing.h"

namespace sockscope::scan {

class Congestion {
 public:
  // A tally of the probes sent while one setting held.
  struct Tally {
    std::uint64_t sent = 0;
    std::uint64_t answered = 0;
    std::uint64_t silent = 0;
    std::uint64_t resolved() const { return answered + silent; }
    double share() const {
      return resolved() ? static_cast<double>(answered) / static_cast<double>(resolved()) : 0;
    }
  };
  // Resolved probes a verdict needs on each side, and answers among them.
  static constexpr std::uint64_t kVerdictProbes = 100;
  static constexpr std::uint64_t kVerdictAnswers = 20;
  // The share at the halved rate must beat the share before by this factor to count as
  // congestion: 1.15 is 2.3 standard deviations of noise at 100 probes and 30% loss,
  // while a rate limit the scan overshoots by a third or more gives 1.33 or more.
  static constexpr double kCongestionGain = 1.15;
  // Longest an experiment waits for answers, in timeouts.
  static constexpr int kMaxTestTimeouts = 10;
  // How far below the tolerated share the current one must fall to cut again.
  static constexpr double kToleranceSlack = 0.1;
  static constexpr double kMinRate = 10;   // pacing floor, probes per second
  static constexpr double kMinWindow = 2;  // window floor (within --concurrency)

  Congestion(const TimingOptions& timing, std::uint64_t pairs);

  // Probes allowed in flight now.
  std::size_t window() const;
  double cwnd() const { return cwnd_; }
  // Pacing rate in probes per second, 0 for none; changes only in the calls below.
  double rate() const { return rate_; }
  // The setting a probe sent now is tallied under (pass it back below).
  std::uint32_t epoch() const { return epoch_; }

  // A probe (first or retransmitted) sent, silent at its timeout; a first probe
  // answered; a retransmission answered (on_drop() too).
  void on_send(std::uint32_t epoch);
  void on_silent(std::uint32_t epoch);
  void on_answer(std::uint32_t epoch);
  void on_drop_answer(std::uint32_t epoch);
  // Every turn of the engine's loop: ends an experiment that has run three timeouts on
  // what it has (late in a scan, retransmission rounds can be small).
  void tick(TimePoint now, Duration timeout);
  // An answer only a retransmission got; `resent_at` is when that retransmission left,
  // `recent_rate` the sends of the last second.
  void on_drop(TimePoint resent_at, TimePoint now, double recent_rate);
  // The prober ran out of resources with `in_flight` probes out.
  void on_busy(std::size_t in_flight);

  // Retransmissions an unanswered probe gets now.
  int retries() const;
  bool testing() const { return testing_; }
  // The answered share known to be random loss, or negative while none is.
  double tolerated() const { return tolerated_; }
  std::uint64_t cuts() const { return cuts_; }
  std::uint64_t undone() const { return undone_; }

 private:
  Tally& tally(std::uint32_t epoch) { return tallies_[epoch & 1]; }
  bool current(std::uint32_t epoch) const { return epoch == epoch_ || epoch + 1 == epoch_; }
  void next_epoch();
  void grow();
  void settle();
  void judge();

  TimingOptions timing_;
  std::uint64_t pairs_;
  double max_window_;
  double cwnd_;
  double ssthresh_;
  double rate_ = 0;
  std::uint32_t epoch_ = 0;
  std::array<Tally, 2> tallies_{};  // the current epoch and the one before
  Tally before_cut_{};              // the tally the running experiment compares with
  bool testing_ = false;
  double saved_cwnd_ = 0, saved_ssthresh_ = 0, saved_rate_ = 0;
  TimePoint last_cut_{};
  bool cut_once_ = false;
  double tolerated_ = -1;
  std::uint64_t drops_ = 0;
  std::uint64_t answers_ = 0;
  std::uint64_t cuts_ = 0;
  std::uint64_t undone_ = 0;
};

}  // namespace sockscope::scan
