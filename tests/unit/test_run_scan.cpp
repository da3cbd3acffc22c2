// run_scan with a scripted prober and a ManualClock: the times a scan reports (each
// host's start, end and elapsed, the summary's end and elapsed) come from the injected
// clock, not from the system's.
#include <gtest/gtest.h>

#include <map>

#include "scan/scan.h"

namespace sockscope::scan {
namespace {

using std::chrono::seconds;

// Answers every probe one simulated second after it was sent: port 80 open, the rest
// closed.
class OneSecondProber final : public Prober {
 public:
  explicit OneSecondProber(ManualClock& clock) : clock_(clock) {}
  net::Transport proto() const override { return net::Transport::kTcp; }
  SendStatus send(const ProbeKey& key, int, std::vector<Reply>&) override {
    due_.emplace(clock_.now() + seconds(1), key);
    return SendStatus::kSent;
  }
  void abandon(const ProbeKey&) override {}
  void wait(Duration max_wait, std::vector<Reply>& replies) override {
    TimePoint until = clock_.now() + max_wait;
    if (!due_.empty() && due_.begin()->first < until) until = due_.begin()->first;
    if (until > clock_.now()) clock_.advance(until - clock_.now());
    while (!due_.empty() && due_.begin()->first <= clock_.now()) {
      Reply r;
      r.key = due_.begin()->second;
      due_.erase(due_.begin());
      r.state = r.key.port == 80 ? PortState::kOpen : PortState::kClosed;
      r.reason = r.key.port == 80 ? "syn-ack" : "reset";
      replies.push_back(r);
    }
  }
  Reply no_response(const ProbeKey& key) const override {
    return {key, PortState::kFiltered, "no-response", -1, -1};
  }

 private:
  ManualClock& clock_;
  std::multimap<TimePoint, ProbeKey> due_;
};

TEST(RunScan, ReportsTimesFromTheInjectedClock) {
  ManualClock clock;
  clock.advance(seconds(1'000'000));  // the "epoch" of the manual clock: far from today
  ScanOptions options;
  options.targets.add("192.0.2.2", [](std::string_view) { return std::nullopt; });
  options.ports.tcp = {22, 80};
  options.types = {ScanType::kConnect};
  options.timing.fixed_timeout = seconds(5);  // the answers come well within it
  std::vector<HostReport> hosts;
  ScanEvents events;
  events.on_host = [&](const HostReport& h) { hosts.push_back(h); };
  ScanOutcome outcome = run_scan(options, events, clock, [&clock](ScanType, const Clock& given) {
    EXPECT_EQ(&given, &clock);
    return std::unique_ptr<Prober>(std::make_unique<OneSecondProber>(clock));
  });
  ASSERT_EQ(hosts.size(), 1u);
  EXPECT_EQ(outcome.open, 1u);
  // Both answers arrive one simulated second after their probes.
  EXPECT_EQ(hosts[0].start, 1'000'001);
  EXPECT_EQ(hosts[0].end, 1'000'001);
  EXPECT_EQ(hosts[0].elapsed, Duration::zero());
  EXPECT_EQ(outcome.summary.end, clock.wall_time());
  EXPECT_EQ(outcome.summary.elapsed, seconds(1));
}

}  // namespace
}  // namespace sockscope::scan
