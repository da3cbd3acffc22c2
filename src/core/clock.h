// Public. The clock as a parameter, so engines with deadlines can be tested without
// waiting: production code passes SteadyClock, tests pass a ManualClock.
#pragma once

#include <chrono>
#include <ctime>

namespace sockscope {

using Duration = std::chrono::steady_clock::duration;
using TimePoint = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // Calendar time (seconds since the epoch) for what outputs print, such as a scan's
  // start and end: the system's, except in a ManualClock.
  virtual std::time_t wall_time() const { return std::time(nullptr); }
};

class SteadyClock final : public Clock {
 public:
  TimePoint now() const override { return std::chrono::steady_clock::now(); }
  static const SteadyClock& instance() {
    static const SteadyClock clock;
    return clock;
  }
};

class ManualClock final : public Clock {
 public:
  TimePoint now() const override { return now_; }
  // Moves with advance(), from the epoch: tests see exact start and end times.
  std::time_t wall_time() const override {
    return static_cast<std::time_t>(
        std::chrono::duration_cast<std::chrono::seconds>(now_.time_since_epoch()).count());
  }
  void advance(Duration d) { now_ += d; }

 private:
  TimePoint now_{};
};

inline Duration seconds_to_duration(double seconds) {
  return std::chrono::duration_cast<Duration>(std::chrono::duration<double>(seconds));
}

inline double to_seconds(Duration d) {
  return std::chrono::duration<double>(d).count();
}

}  // namespace sockscope
