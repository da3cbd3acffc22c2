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
//   2. The probes sent while the halved settings hold are tallied: answered, or lost
//      (their port answered a later try), for a couple of timeouts, and a couple more
//      are left for their losses to show. Then their answered share is compared with
//      the share of the probes sent just before the cut. Congestive loss falls when
//      the rate falls (a limit of L per second answers L/R of R probes; at R/2, twice
//      that share); random loss does not care. Ports that never answer are left out
//      of both (their silence would make the share depend on the ports probed).
//   3. Share clearly better: congestion, the cut stays (and the next drop may cut
//      again). Share the same: random loss; the cut is undone, and the share becomes
//      the tolerated level: later drops cut only when the share falls clearly below it
//      (the loss got worse, e.g. the rate grew into a limit). Too few answers to tell
//      within five timeouts: if answers were plentiful before the cut, the ports that
//      answer are done (a tail of retransmissions to filtered ports, which slowing down
//      does not help): undone, and no new experiment until answers come again. If they
//      were few before too (a UDP target's ICMP rate limit answers a handful per
//      second): congestion, the safe guess, unless the loss is known to be random.
//
// Retries: once loss is seen, the engine retries more (TimingOptions::loss_retries), and
// as many as the measured drop share needs for the whole scan to come out right (at most
// TimingOptions::max_loss_retries), which costs time only on ports that never answer.
// Not only once the loss is known to be random: the experiments above can mistake it for
// congestion on a loaded machine, and a cut that cures congestion lowers the share anyway.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "core/clock.h"
#include "scan/timing.h"

namespace sockscope::scan {

class Congestion {
 public:
  // A tally of the probes sent while one setting held, counting only probes to ports
  // that answer at some point: a probe answered, or one lost (its port answered a later
  // retransmission). Ports that never answer (filtered) say nothing about loss, and
  // would make the share depend on which ports happen to be probed.
  struct Tally {
    std::uint64_t answered = 0;
    std::uint64_t lost = 0;
    std::uint64_t resolved() const { return answered + lost; }
    double share() const {
      return resolved() ? static_cast<double>(answered) / static_cast<double>(resolved()) : 0;
    }
  };
  // Resolved probes a verdict wants on each side, and answers it needs among them.
  static constexpr std::uint64_t kVerdictProbes = 100;
  static constexpr std::uint64_t kVerdictAnswers = 12;
  // The share at the halved rate must beat the share before by this factor to count as
  // congestion: random loss leaves it where it was, give or take noise (30% loss over
  // the 50 or so probes of a small retransmission round: 0.06 either way, plus a bias
  // upwards as the experiment's last losses may not show yet); a rate limit the scan
  // overshoots by a quarter or more raises it by a quarter or more (less is a loss of
  // under 20%, which retries absorb).
  static constexpr double kCongestionGain = 1.25;
  // An experiment measures for at least kMeasureTimeouts, longer (up to
  // kMaxTestTimeouts) while answers are too few, then waits kSettleTimeouts more with
  // the same settings so that the losses of its probes show (as retransmissions are
  // answered) before it is judged.
  static constexpr int kMeasureTimeouts = 2;
  static constexpr int kMaxTestTimeouts = 5;
  static constexpr int kSettleTimeouts = 2;
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
  // The setting a probe sent now is tallied under (keep it with the probe).
  std::uint32_t epoch() const { return epoch_; }

  // A first probe answered (`epoch`: when it was sent).
  void on_answer(std::uint32_t epoch);
  // An answer only a retransmission got: the retransmission was sent in `epoch` at
  // `resent_at`, the try before it in `lost_epoch`; `recent_rate`: sends in the last
  // second.
  void on_drop(std::uint32_t epoch, std::uint32_t lost_epoch, TimePoint resent_at, TimePoint now,
               double recent_rate);
  // Every turn of the engine's loop: moves a running experiment on.
  void tick(TimePoint now, Duration timeout);
  // The prober ran out of resources with `in_flight` probes out.
  void on_busy(std::size_t in_flight);

  // Retransmissions an unanswered probe gets now.
  int retries() const;
  bool testing() const { return phase_ != Phase::kIdle; }
  // The answered share known to be random loss, or negative while none is.
  double tolerated() const { return tolerated_; }
  std::uint64_t cuts() const { return cuts_; }
  std::uint64_t undone() const { return undone_; }

 private:
  enum class Phase { kIdle, kMeasuring, kSettling };
  static constexpr std::uint32_t kKept = 4;  // epochs whose tallies are kept
  Tally& tally(std::uint32_t epoch) { return tallies_[epoch % kKept]; }
  bool kept(std::uint32_t epoch) const { return epoch_ - epoch < kKept; }
  // `epoch`'s tally, topped up with the one before when it is young.
  Tally recent(std::uint32_t epoch);
  void next_epoch();
  void grow();
  void cut(TimePoint now, double recent_rate);
  void judge();

  TimingOptions timing_;
  std::uint64_t pairs_;
  double max_window_;
  double cwnd_;
  double ssthresh_;
  double rate_ = 0;
  std::uint32_t epoch_ = 0;
  std::array<Tally, kKept> tallies_{};
  Phase phase_ = Phase::kIdle;
  std::uint32_t before_ = 0;  // the epoch an experiment compares with (its own is next)
  TimePoint phase_start_{};
  double saved_cwnd_ = 0, saved_ssthresh_ = 0, saved_rate_ = 0;
  TimePoint last_cut_{};
  double tolerated_ = -1;
  bool starved_ = false;  // the last experiment ran out of answers
  std::uint64_t drops_ = 0;
  std::uint64_t answers_ = 0;
  std::uint64_t cuts_ = 0;
  std::uint64_t undone_ = 0;
};

}  // namespace sockscope::scan
