#include "scan/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace sockscope::scan {

TokenBucket::TokenBucket(double rate, double capacity, double initial, const Clock& clock)
    : rate_(rate), capacity_(capacity), clock_(clock), tokens_(initial), last_(clock.now()) {}

void TokenBucket::refill() const {
  TimePoint now = clock_.now();
  if (now <= last_) return;
  tokens_ = std::min(capacity_, tokens_ + to_seconds(now - last_) * rate_);
  last_ = now;
}

bool TokenBucket::has_token() const {
  refill();
  return tokens_ >= 1.0;
}

void TokenBucket::take() {
  refill();
  tokens_ = std::max(0.0, tokens_ - 1.0);
}

Duration TokenBucket::until_token() const {
  refill();
  if (tokens_ >= 1.0) return Duration::zero();
  // Round up, and never zero, so that waking at that time finds the token (a deficit
  // below a nanosecond would otherwise round to "now" forever).
  Duration d =
      std::chrono::ceil<std::chrono::microseconds>(seconds_to_duration((1.0 - tokens_) / rate_));
  return std::max<Duration>(d, std::chrono::microseconds(1));
}

namespace {

// Sends in any half-open window of length W are at most capacity + ceil(rate * W) - 1
// (a full bucket at the start, then what refills strictly inside the window). With
// W = 1 s: capacity + rate - 1 <= max_rate  <=>  rate = max_rate - capacity + 1.
TokenBucket ceiling_bucket(double max_rate, const Clock& clock) {
  if (max_rate <= 0) return {0, 0, 0, clock};
  if (max_rate < 1) return {max_rate, 1, 1, clock};  // slower than one per second: pure pacing
  double capacity = std::max(1.0, std::floor(max_rate / 100));
  return {std::floor(max_rate) - capacity + 1, capacity, capacity, clock};
}

}  // namespace

RateLimiter::RateLimiter(double max_rate, const Clock& clock)
    : unlimited_(max_rate <= 0), bucket_(ceiling_bucket(max_rate, clock)) {}

bool RateLimiter::try_acquire() {
  if (unlimited_) return true;
  if (!bucket_.has_token()) return false;
  bucket_.take();
  return true;
}

Duration RateLimiter::until_next() const {
  return unlimited_ ? Duration::zero() : bucket_.until_token();
}

RateFloor::RateFloor(double min_rate, const Clock& clock)
    : bucket_(min_rate * 1.01, std::max(1.0, std::floor(min_rate / 10)), 0, clock) {}

}  // namespace sockscope::scan
