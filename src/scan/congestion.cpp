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

void Congestion::on_send(std::uint32_t epoch) {
  if (current(epoch)) ++tally(epoch).sent;
}

void Congestion::on_answer(std::uint32_t epoch) {
  ++answers_;
  if (current(epoch)) ++tally(epoch).answered;
  // No growth while an experiment runs: the halved setting is what is being measured.
  if (!testing_) grow();
  settle();
}

void Congestion::on_drop_answer(std::uint32_t epoch) {
  if (current(epoch)) ++tally(epoch).answered;
  settle();
}

void Congestion::on_silent(std::uint32_t epoch) {
  if (current(epoch)) ++tally(epoch).silent;
  settle();
}

void Congestion::tick(TimePoint now, Duration timeout) {
  if (!testing_) return;
  const Tally& t = tally(epoch_);
  Duration ran = now - last_cut_;
  // Late in a scan only retransmission rounds are left, one per timeout, and they may
  // be small: after three timeouts, fewer probes do. When answers stay too few (most
  // ports filtered, an ICMP limit), wait for more, but not past kMaxTestTimeouts: then
  // judge() decides on what there is.
  if ((ran >= timeout * 3 && t.resolved() >= kVerdictProbes / 4 &&
       t.answered >= kVerdictAnswers) ||
      ran >= timeout * kMaxTestTimeouts)
    judge();
}

// Slow start, then congestion avoidance, as TCP and nmap do; the pacing rate, once there
// is one, grows by one probe per second per answer (additive increase).
void Congestion::grow() {
  cwnd_ += cwnd_ < ssthresh_ ? 1.0 : 1.0 / cwnd_;
  cwnd_ = std::min(cwnd_, max_window_);
  if (rate_ > 0) rate_ += 1;
}

void Congestion::settle() {
  const Tally& t = tally(epoch_);
  if (testing_) {
    if (t.resolved() >= kVerdictProbes && t.answered >= kVerdictAnswers) judge();
  } else if (t.resolved() >= 4 * kVerdictProbes) {
    // Keep the tally recent, so that loss growing later (the rate reaching a limit)
    // is not diluted by a long clean past.
    next_epoch();
  }
}

void Congestion::next_epoch() {
  ++epoch_;
  tally(epoch_) = {};  // the slot held the epoch before last
}

void Congestion::on_drop(TimePoint resent_at, TimePoint now, double recent_rate) {
  ++drops_;
  if (testing_) return;  // the experiment decides; these drops were sent before it
  // Once per round: the answers of one round of probes arrive spread over a timeout,
  // and all of them show the same loss. Only a retransmission sent after the last cut
  // can show loss at the setting that cut made.
  if (cut_once_ && resent_at <= last_cut_) return;
  // The current tally: this epoch, topped up with the one before when it is young.
  Tally t = tally(epoch_);
  if (t.resolved() < kVerdictProbes) {
    const Tally& older = tally(epoch_ - 1);
    t.sent += older.sent, t.answered += older.answered, t.silent += older.silent;
  }
  if (tolerated_ >= 0 &&
      (t.resolved() < kVerdictProbes || t.share() >= tolerated_ - kToleranceSlack))
    return;  // loss at the level already known to be random
  saved_cwnd_ = cwnd_, saved_ssthresh_ = ssthresh_, saved_rate_ = rate_;
  ssthresh_ = std::min(max_window_, std::max(kMinWindow, cwnd_ / 2));
  cwnd_ = ssthresh_;
  // A window means little when round trips take microseconds (an ICMP rate limit counts
  // per second), so the rate is halved too: half the recent sends, or of the pacing.
  double base = rate_ > 0 ? std::min(rate_, recent_rate) : recent_rate;
  rate_ = std::max(kMinRate, base / 2);
  last_cut_ = now;
  cut_once_ = true;
  ++cuts_;
  before_cut_ = t;
  testing_ = true;
  next_epoch();
}

void Congestion::judge() {
  testing_ = false;
  const Tally& after = tally(epoch_);
  const Tally& before = before_cut_;
  bool enough = before.resolved() >= kVerdictProbes / 4 && before.answered >= kVerdictAnswers &&
                after.resolved() >= kVerdictProbes / 4 && after.answered >= kVerdictAnswers;
  // Too few answers to tell: congestion, the safe guess, unless this scan has already
  // shown that its loss is random (then more of the same is the likelier reading).
  bool congestion =
      enough ? after.share() > before.share() * kCongestionGain : tolerated_ < 0;
  if (congestion) return;  // keep the cut
  // Random loss (or filtered ports): slowing down did not help, so undo the cut.
  cwnd_ = std::max(cwnd_, saved_cwnd_);
  ssthresh_ = std::max(ssthresh_, saved_ssthresh_);
  rate_ = saved_rate_;
  double share = std::min(before.share(), after.share());
  tolerated_ = tolerated_ >= 0 ? std::min(tolerated_, share) : share;
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
  if (tolerated_ < 0 || timing_.random_loss_retries <= retries) return retries;
  // Random loss: enough tries that, at the measured chance d that a probe which is
  // answered at all loses its first try, fewer than 1 in 100 scans of this size get a
  // port wrong: pairs * d^tries < 0.01.
  double d = static_cast<double>(drops_) / static_cast<double>(drops_ + answers_);
  if (d <= 0) return retries;
  if (d >= 0.9) return timing_.random_loss_retries;
  double tries = std::ceil(std::log(0.01 / static_cast<double>(pairs_)) / std::log(d));
  return std::clamp(static_cast<int>(tries) - 1, retries, timing_.random_loss_retries);
}

}  // namespace sockscope::scan
