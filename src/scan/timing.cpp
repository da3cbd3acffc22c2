#include "scan/timing.h"

#include <algorithm>
#include <string>

#include "core/error.h"

namespace sockscope::scan {

using std::chrono::milliseconds;
using std::chrono::seconds;

TimingOptions timing_template(int level) {
  TimingOptions t;
  switch (level) {
    case 0:  // paranoid: one probe at a time, five minutes apart
      t.concurrency = 1, t.initial_window = 1, t.max_rate = 1.0 / 300,
      t.initial_timeout = seconds(5);
      t.max_retries = 10;
      break;
    case 1:  // sneaky: fifteen seconds apart
      t.concurrency = 1, t.initial_window = 1, t.max_rate = 1.0 / 15,
      t.initial_timeout = seconds(5);
      t.max_retries = 10;
      break;
    case 2:  // polite: 0.4 s apart
      t.concurrency = 1, t.initial_window = 1, t.max_rate = 2.5, t.max_retries = 10;
      break;
    case 3:  // normal: the defaults above
      break;
    case 4:  // aggressive
      t.initial_timeout = milliseconds(500), t.max_timeout = milliseconds(1250), t.max_retries = 6;
      t.concurrency = 4096, t.initial_window = 256;
      break;
    case 5:  // insane
      t.initial_timeout = milliseconds(250), t.max_timeout = milliseconds(300),
      t.min_timeout = milliseconds(50);
      t.max_retries = 2, t.concurrency = 8192, t.initial_window = 1024;
      break;
    default:
      throw usage_error("bad timing template '-T" + std::to_string(level) +
                        "': expected -T0 to -T5");
  }
  return t;
}

std::optional<double> concurrency_rate_cap(const TimingOptions& t, Duration per_probe) {
  double held = std::chrono::duration<double>(per_probe).count();
  if (t.min_rate <= 0 || held <= 0) return std::nullopt;
  double cap = static_cast<double>(std::max<std::size_t>(1, t.concurrency)) / held;
  if (cap >= t.min_rate) return std::nullopt;
  return cap;
}

void RttEstimator::sample(Duration rtt) {
  if (rtt < Duration::zero()) rtt = Duration::zero();
  if (samples_++ == 0) {
    srtt_ = rtt;
    rttvar_ = rtt / 2;
    return;
  }
  Duration delta = srtt_ > rtt ? srtt_ - rtt : rtt - srtt_;
  rttvar_ = (rttvar_ * 3 + delta) / 4;
  srtt_ = (srtt_ * 7 + rtt) / 8;
}

Duration RttEstimator::timeout() const {
  if (options_.fixed_timeout) return *options_.fixed_timeout;
  if (samples_ == 0) return options_.initial_timeout;
  Duration t = srtt_ + rttvar_ * 4;
  return std::clamp(t, options_.min_timeout, options_.max_timeout);
}

}  // namespace sockscope::scan
