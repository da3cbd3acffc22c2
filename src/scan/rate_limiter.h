// Public. --max-rate as a hard ceiling: a token bucket sized so that no window of one
// second (half-open, [t, t+1s)) ever holds more than `max_rate` sends, however the
// caller bursts. Burst capacity is 1% of the rate (at least one token), so a loop that
// wakes every millisecond still reaches the rate; the refill is lowered to pay for it.
#pragma once

#include "core/clock.h"

namespace sockscope::scan {

class RateLimiter {
 public:
  // max_rate <= 0 means unlimited.
  RateLimiter(double max_rate, const Clock& clock);

  // Takes one token if there is one.
  bool try_acquire();
  // How long until the next token (zero when one is available or unlimited).
  Duration until_next() const;
  bool unlimited() const { return rate_ <= 0; }

 private:
  void refill() const;

  double rate_;      // refill, tokens per second
  double capacity_;  // bucket size
  const Clock& clock_;
  mutable double tokens_;
  mutable TimePoint last_;
};

}  // namespace sockscope::scan
