#include "scan/congestion.h"

#include <algorithm>
#include <cmath>

namespace sockscope::scan {

Congestion::Congestion(const TimingOptions& timing, std::uint64_t pairs)
    : timing_(timing),
      pairs_(std::max<std::uint64_t>(1, pairs)),
      max_window_(static_cast<double>(std::max<std::size_t>(1, timing.concurrency))),
      cwnd_(std::min(max_window_,
                     static_cast<double>(std::max<std::size_t>(1, timing.initial_window)))),
      ssthresh_(max_window_) {}

std::size_t Congestion::window() const {
  return static_cast<std::size_t>(std::clamp(cwnd_, 1.0, max_window_));
}

void Congestion::on_answer(std::uint32_t epoch) {
  ++answers_;
  if (kept(epoch)) ++tally(epoch).answered;
  if (phase_ != Phase::kIdle) return;  // the halved setting is what is being measured
  grow();
  // Keep the tally recent, so that loss growing later (the rate reaching a limit) is
  // not diluted by a long clean past.
  if (tally(epoch_).resolved() >= 4 * kVerdictProbes) next_epoch();
}

// Slow start, then congestion avoidance, as TCP and nmap do; the pacing rate, once there
// is one, grows by one probe per second per answer (additive increase).
void Congestion::grow() {
  cwnd_ += cwnd_ < ssthresh_ ? 1.0 : 1.0 / cwnd_;
  cwnd_ = std::min(cwnd_, max_window_);
  if (rate_ > 0) rate_ += 1;
}

void Congestion::next_epoch() {
  ++epoch_;
  tally(epoch_) = {};  // the slot held an epoch no longer kept
}

Congestion::Tally Congestion::recent(std::uint32_t epoch) {
  Tally t = kept(epoch) ? tally(epoch) : Tally{};
  if (t.resolved() < kVerdictProbes && kept(epoch - 1)) {
    const Tally& older = tally(epoch - 1);
    t.answered += older.answered, t.lost += older.lost;
  }
  return t;
}

void Congestion::on_drop(std::uint32_t epoch, std::uint32_t lost_epoch, TimePoint resent_at,
                         TimePoint now, double recent_rate) {
  ++drops_;
  if (kept(epoch)) ++tally(epoch).answered;
  if (kept(lost_epoch)) ++tally(lost_epoch).lost;
  if (phase_ != Phase::kIdle) return;  // the experiment decides
  // Once per round: the answers of one round of probes arrive spread over a timeout,
  // and all of them show the same loss. Only a retransmission sent after the last cut
  // can show loss at the setting that cut made.
  if (cuts_ > 0 && resent_at <= last_cut_) return;
  Tally t = recent(epoch_);
  if (tolerated_ >= 0 &&
      (t.resolved() < kVerdictProbes || t.share() >= tolerated_ - kToleranceSlack))
    return;  // loss at the level already known to be random
  // The last experiment ran out of answers: another one would too, until enough ports
  // answer again to judge it.
  if (starved_ && t.answered < kVerdictAnswers) return;
  cut(now, recent_rate);
}

void Congestion::cut(TimePoint now, double recent_rate) {
  saved_cwnd_ = cwnd_, saved_ssthresh_ = ssthresh_, saved_rate_ = rate_;
  ssthresh_ = std::min(max_window_, std::max(kMinWindow, cwnd_ / 2));
  cwnd_ = ssthresh_;
  // A window means little when round trips take microseconds (an ICMP rate limit counts
  // per second), so the rate is halved too: half the recent sends, or of the pacing.
  double base = rate_ > 0 ? std::min(rate_, recent_rate) : recent_rate;
  rate_ = std::max(kMinRate, base / 2);
  last_cut_ = phase_start_ = now;
  ++cuts_;
  before_ = epoch_;
  next_epoch();  // the experiment's own
  phase_ = Phase::kMeasuring;
}

void Congestion::tick(TimePoint now, Duration timeout) {
  Duration ran = now - phase_start_;
  if (phase_ == Phase::kMeasuring) {
    // Late in a scan only retransmission rounds are left, one per timeout, and few of
    // them may go to ports that answer: measure longer then (an ICMP rate limit that
    // answers a few per second, or mostly filtered ports), up to kMaxTestTimeouts.
    bool answers = tally(before_ + 1).answered >= kVerdictAnswers;
    if ((ran >= timeout * kMeasureTimeouts && answers) || ran >= timeout * kMaxTestTimeouts) {
      phase_ = Phase::kSettling;
      phase_start_ = now;
      next_epoch();  // same settings, not measured
    }
  } else if (phase_ == Phase::kSettling && ran >= timeout * kSettleTimeouts) {
    judge();
  }
}

void Congestion::judge() {
  phase_ = Phase::kIdle;
  Tally before = recent(before_);
  const Tally& after = tally(before_ + 1);
  bool before_enough = before.answered >= kVerdictAnswers;
  bool enough = before_enough && after.answered >= kVerdictAnswers;
  bool congestion;
  if (enough) {
    congestion = after.share() > before.share() * kCongestionGain;
    starved_ = false;
  } else if (before_enough) {
    // Answers dried up at the halved setting: the ports that answer are nearly all
    // done (what is left are retransmissions to filtered ports, which a lower rate
    // does not help). Undo; no new experiment until enough ports answer again.
    congestion = false;
    starved_ = true;
  } else {
    // Few answers at any rate (a UDP target's ICMP rate limit): congestion, the safe
    // guess, unless this scan has already shown that its loss is random.
    congestion = tolerated_ < 0;
  }
  if (congestion) return;  // keep the cut
  // Random loss: slowing down did not help, so undo the cut.
  cwnd_ = std::max(cwnd_, saved_cwnd_);
  ssthresh_ = std::max(ssthresh_, saved_ssthresh_);
  rate_ = saved_rate_;
  if (enough) {
    double share = std::min(before.share(), after.share());
    tolerated_ = tolerated_ >= 0 ? std::min(tolerated_, share) : share;
  }
  ++undone_;
  next_epoch();
}

void Congestion::on_busy(std::size_t in_flight) {
  cwnd_ = std::max(1.0, static_cast<double>(in_flight) * 0.75);
}

int Congestion::retries() const {
  int retries = timing_.max_retries;
  if (drops_ == 0) return retries;
  // Once answers have shown loss, a silent port may just be a lost probe: try harder.
  retries = std::max(retries, timing_.loss_retries);
  if (timing_.max_loss_retries <= retries) return retries;
  // Enough tries that, at the measured chance d that a probe which is answered at all
  // loses its first try, fewer than 1 in 1000 scans of this size get a port wrong:
  // pairs * d^tries < 0.001. (1 in 100 was too loose: at 30% loss, d measured 0.28 gave 9
  // tries, and 595 closed ports * 0.3^9 made one 'filtered' in about 1 scan in 85, as CI
  // saw; the cap, nmap's 10 retries, bounds what a filtered port costs.) Whatever the
  // experiments concluded: on a loaded machine they can take random loss for congestion
  // (CI saw 30% random loss keep 3 cuts, and with loss_retries' 7 tries, 595 * 0.3^7 put
  // a port wrong in 1 scan in 8), and where a cut does cure congestion the share of
  // drops falls with it, and so do the tries.
  double d = static_cast<double>(drops_) / static_cast<double>(drops_ + answers_);
  if (d >= 0.9) return timing_.max_loss_retries;
  double tries = std::ceil(std::log(0.001 / static_cast<double>(pairs_)) / std::log(d));
  return std::clamp(static_cast<int>(tries) - 1, retries, timing_.max_loss_retries);
}

}  // namespace sockscope::scan
