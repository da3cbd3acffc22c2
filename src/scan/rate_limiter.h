// Public. --max-rate as a hard ceiling: a token bucket sized so that no window of one
// second (half-open, [t, t+1s)) ever holds more than `max_rate` sends, however the
// caller bursts, and with 20 ms to spare for the probes' varying way out (a queue and
// sender threads), so the ceiling also holds on the wire. Burst capacity is 1% of the
// rate (at least one token), so a loop that wakes every millisecond still reaches the
// rate; the refill is lowered to pay for it and for the spare.
// RateFloor is its mirror image for --min-rate.
#pragma once

#include "core/clock.h"

namespace sockscope::scan {

// The bucket both are made of: tokens refilled at `rate` per second up to `capacity`.
class TokenBucket {
 public:
  TokenBucket(double rate, double capacity, double initial, const Clock& clock);
  bool has_token() const;
  // Takes one token, or empties the bucket when less than one is left.
  void take();
  // How long until there is a token (zero when there is one); never "now" when short of
  // one, so that waking at that time finds it. `rate` must be positive.
  Duration until_token() const;
  // A new rate and capacity from now on; the tokens earned so far stay (up to the new
  // capacity), so changing the rate never hands out a fresh burst.
  void set_rate(double rate, double capacity);

 private:
  void refill() const;

  double rate_;
  double capacity_;
  const Clock& clock_;
  mutable double tokens_;
  mutable TimePoint last_;
};

class RateLimiter {
 public:
  // max_rate <= 0 means unlimited.
  RateLimiter(double max_rate, const Clock& clock);

  // Takes one token if there is one.
  bool try_acquire();
  // How long until the next token (zero when one is available or unlimited).
  Duration until_next() const;
  bool unlimited() const { return unlimited_; }
  // Moves the ceiling (> 0), keeping the tokens already earned (TokenBucket::set_rate).
  void set_max_rate(double max_rate);

 private:
  bool unlimited_;
  TokenBucket bucket_;
};

// --min-rate as a floor: a bucket that fills at the floor rate and that every send
// drains. While sends keep up it stays empty; when congestion control, pacing or the
// window hold sends back, it fills, and owed() tells the engine to send anyway. It
// fills 1% above the floor (the ceiling's mirror image) so that timer granularity and
// window edges still leave at least `min_rate` sends in every one-second window, and
// holds up to a tenth of a second's worth, so a stall (a busy machine) is made up at
// once instead of costing that second its floor.
class RateFloor {
 public:
  RateFloor(double min_rate, const Clock& clock);
  // A send is owed to keep the floor.
  bool owed() const { return bucket_.has_token(); }
  // How long until one is owed (zero when one is).
  Duration until_owed() const { return bucket_.until_token(); }
  // Every send, owed or not, counts towards the floor.
  void note_send() { bucket_.take(); }

 private:
  TokenBucket bucket_;
};

}  // namespace sockscope::scan
