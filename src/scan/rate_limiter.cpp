#include "scan/rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace sockscope::scan {

// Sends in any half-open window of length W are at most capacity + ceil(rate * W) - 1
// (a full bucket at the start, then what refills strictly inside the window). With
// W = 1 s: capacity + rate - 1 <= max_rate  <=>  rate = max_rate - capacity + 1.
RateLimiter::RateLimiter(double max_rate, const Clock& clock) : clock_(clock) {
  if (max_rate <= 0) {
    rate_ = 0, capacity_ = 0;
  } else if (max_rate < 1) {
    rate_ = max_rate, capacity_ = 1;  // slower than one per second: pure pacing
  } else {
    capacity_ = std::max(1.0, std::floor(max_rate / 100));
    rate_ = std::floor(max_rate) - capacity_ + 1;
  }
  tokens_ = capacity_;
  last_ = clock_.now();
}

void RateLimiter::refill() const {
  TimePoint now = clock_.now();
  if (now <= last_) return;
  tokens_ = std::min(capacity_, tokens_ + to_seconds(now - last_) * rate_);
  last_ = now;
}

bool RateLimiter::try_acquire() {
  if (unlimited()) return true;
  refill();
  if (tokens_ < 1.0) return false;
  tokens_ -= 1.0;
  return true;
}

Duration RateLimiter::until_next() const {
  if (unlimited()) return Duration::zero();
  refill();
  if (tokens_ >= 1.0) return Duration::zero();
  // Round up, and never zero, so that waking at that time finds the token (a deficit
  // below a nanosecond would otherwise round to "now" forever).
  Duration d =
      std::chrono::ceil<std::chrono::microseconds>(seconds_to_duration((1.0 - tokens_) / rate_));
  return std::max<Duration>(d, std::chrono::microseconds(1));
}

RateFloor::RateFloor(double min_rate, const Clock& clock)
    : rate_(min_rate * 1.01), capacity_(std::max(1.0, std::floor(min_rate / 10))), clock_(clock) {
  last_ = clock_.now();
}

void RateFloor::refill() const {
  TimePoint now = clock_.now();
  if (now <= last_) return;
  tokens_ = std::min(capacity_, tokens_ + to_seconds(now - last_) * rate_);
  last_ = now;
}

bool RateFloor::owed() const {
  refill();
  return tokens_ >= 1.0;
}

Duration RateFloor::until_owed() const {
  refill();
  if (tokens_ >= 1.0) return Duration::zero();
  Duration d =
      std::chrono::ceil<std::chrono::microseconds>(seconds_to_duration((1.0 - tokens_) / rate_));
  return std::max<Duration>(d, std::chrono::microseconds(1));
}

void RateFloor::note_send() {
  refill();
  tokens_ = std::max(0.0, tokens_ - 1.0);
}

}  // namespace sockscope::scan
