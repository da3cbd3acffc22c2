// Public. How long to wait for a probe's answer and how hard to push: nmap's RTT-adaptive
// timeout (srtt + 4 * rttvar, clamped) and its -T0..-T5 presets, as plain values.
#pragma once

#include <cstddef>
#include <optional>

#include "core/clock.h"

namespace sockscope::scan {

struct TimingOptions {
  Duration initial_timeout = std::chrono::seconds(1);
  Duration min_timeout = std::chrono::milliseconds(100);
  Duration max_timeout = std::chrono::seconds(10);
  std::optional<Duration> fixed_timeout;  // --timeout: no adaptation
  int max_retries = 1;                    // retransmissions of unanswered probes
  // ... once answers have shown that probes get lost (not with --max-retries)
  int loss_retries = 6;
  // ... at most, as many as the measured share of lost probes needs (congestion.h; not
  // with --max-retries either); nmap's default --max-retries.
  int max_loss_retries = 10;
  double max_rate = 0;              // probes per second, 0 = no ceiling
  double min_rate = 0;              // keep at least this rate despite congestion
  std::size_t concurrency = 2048;   // probes in flight at most
  std::size_t initial_window = 64;  // congestion window at the start
};

// -T0 (paranoid) .. -T5 (insane); throws usage_error for anything else.
TimingOptions timing_template(int level);

// What `concurrency` probes in flight can carry when each holds its slot for `per_probe`
// (the measured round trip, or the timeout when nothing answers): concurrency / per_probe
// probes per second. Returns that cap when it is below the --min-rate floor (which the
// engine never lets past --concurrency), else nullopt: nothing to say.
std::optional<double> concurrency_rate_cap(const TimingOptions& t, Duration per_probe);

// RFC 6298 smoothing of round-trip samples (what nmap's timing.cc does for each host).
class RttEstimator {
 public:
  explicit RttEstimator(const TimingOptions& options) : options_(options) {}
  void sample(Duration rtt);
  // The current per-probe timeout.
  Duration timeout() const;
  Duration srtt() const { return srtt_; }
  Duration rttvar() const { return rttvar_; }
  bool has_samples() const { return samples_ > 0; }

 private:
  TimingOptions options_;
  Duration srtt_{};
  Duration rttvar_{};
  std::size_t samples_ = 0;
};

}  // namespace sockscope::scan
