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

void TokenBucket::set_rate(double rate, double capacity) {
  refill();  // what was earned at the old rate
  rate_ = rate;
  capacity_ = capacity;
  tokens_ = std::min(tokens_, capacity_);
}

namespace {

struct Ceiling {
  double rate, capacity;
};

// How much the time a probe leaves may vary after its token was taken: -sS probes go
// through a queue to sender threads, whose wake-ups vary by milliseconds on a busy
// machine. Tokens taken a little over a second apart could then leave within one
// second, so the ceiling holds over windows of 1 s + kSendJitter of token time.
constexpr double kSendJitter = 0.02;  // seconds

// Sends in any half-open window of length W are at most capacity + ceil(rate * W) - 1
// (a full bucket at the start, then what refills strictly inside the window). With
// W = 1 s + kSendJitter: capacity + rate * W - 1 <= max_rate  <=>
// rate = (max_rate - capacity + 1) / W (a hair less, so rounding cannot tip ceil over).
Ceiling ceiling_of(double max_rate) {
  if (max_rate <= 0) return {0, 0};
  if (max_rate < 1) return {max_rate, 1};  // slower than one per second: pure pacing
  double capacity = std::max(1.0, std::floor(max_rate / 100));
  return {(std::floor(max_rate) - capacity + 1) / (1 + kSendJitter + 1e-9), capacity};
}

TokenBucket ceiling_bucket(double max_rate, const Clock& clock) {
  Ceiling c = ceiling_of(max_rate);
  return {c.rate, c.capacity, c.capacity, clock};  // starts full
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

void RateLimiter::set_max_rate(double max_rate) {
  Ceiling c = ceiling_of(max_rate);
  unlimited_ = max_rate <= 0;
  bucket_.set_rate(c.rate, c.capacity);
}

Duration RateLimiter::until_next() const {
  return unlimited_ ? Duration::zero() : bucket_.until_token();
}

RateFloor::RateFloor(double min_rate, const Clock& clock)
    : bucket_(min_rate * 1.01, std::max(1.0, std::floor(min_rate / 10)), 0, clock) {}

}  // namespace sockscope::scan
