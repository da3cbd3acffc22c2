// Test helper (not a test): a Prober that answers from a script in a ManualClock's time,
// for the engine and run_scan tests.
#pragma once

#include <algorithm>
#include <chrono>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "core/clock.h"
#include "scan/prober.h"

namespace sockscope::scan {

// Answers per port: open/closed after `delay`; ports in `silent` never answer;
// ports in `lose_first` lose their first probe. `loss`: every probe is lost with this
// chance (random loss, seeded: the same run every time). `limit`: the target takes at
// most this many probes per second (a token bucket holding a tenth of a second's worth,
// in simulated time) and drops the rest (congestion).
class ScriptedProber final : public Prober {
 public:
  ScriptedProber(ManualClock& clock) : clock_(clock) {}
  net::Transport proto() const override { return net::Transport::kTcp; }
  SendStatus send(const ProbeKey& key, int attempt, std::vector<Reply>&) override {
    ++sends[key.port];
    send_times.push_back(clock_.now());
    max_attempt = std::max(max_attempt, attempt);
    if (silent.count(key.port) || (attempt == 0 && lose_first.count(key.port)))
      return SendStatus::kSent;
    if (loss > 0 && std::uniform_real_distribution<double>(0, 1)(rng) < loss)
      return SendStatus::kSent;
    if (limit > 0) {
      if (!limit_started) limit_tokens = limit / 10, limit_started = true;
      double elapsed = std::chrono::duration<double>(clock_.now() - limit_last).count();
      limit_last = clock_.now();
      limit_tokens = std::min(limit / 10, limit_tokens + elapsed * limit);
      if (limit_tokens < 1) return SendStatus::kSent;
      limit_tokens -= 1;
    }
    due.emplace(clock_.now() + delay, key);
    return SendStatus::kSent;
  }
  void abandon(const ProbeKey&) override {}
  void wait(Duration max_wait, std::vector<Reply>& replies) override {
    TimePoint until = clock_.now() + max_wait;
    if (!due.empty() && due.begin()->first < until) until = due.begin()->first;
    if (until > clock_.now()) clock_.advance(until - clock_.now());
    while (!due.empty() && due.begin()->first <= clock_.now()) {
      ProbeKey k = due.begin()->second;
      due.erase(due.begin());
      Reply r;
      r.key = k;
      bool open = k.port % 10 == 0;
      r.state = open ? PortState::kOpen : PortState::kClosed;
      r.reason = open ? "syn-ack" : "reset";
      replies.push_back(r);
    }
  }
  Reply no_response(const ProbeKey& key) const override {
    return {key, PortState::kFiltered, "no-response", -1, -1};
  }

  ManualClock& clock_;
  Duration delay = std::chrono::milliseconds(2);
  std::set<std::uint16_t> silent, lose_first;
  double loss = 0;
  double limit = 0;
  double limit_tokens = 0;
  TimePoint limit_last{};
  bool limit_started = false;  // the bucket starts full
  std::mt19937 rng{42};
  std::map<std::uint16_t, int> sends;
  std::multimap<TimePoint, ProbeKey> due;
  std::vector<TimePoint> send_times;
  int max_attempt = 0;
};

}  // namespace sockscope::scan
