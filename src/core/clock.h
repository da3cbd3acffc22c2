// Public. The clock as a parameter, so engines with deadlines can be tested without
// waiting: production code passes SteadyClock, tests pass a ManualClock.
#pragma once

#include <chrono>

namespace sockscope {

using Duration = std::chrono::steady_clock::duration;
using TimePoint = std::chrono::steady_clock::time_point;

class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
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
