// run_scan with a scripted prober and a ManualClock: the times a scan reports (each
// host's start, end and elapsed, the summary's end and elapsed) come from the injected
// clock, not from the system's.
#include <gtest/gtest.h>

#include "scan/scan.h"
#include "scripted_prober.h"

namespace sockscope::scan {
namespace {

using std::chrono::seconds;

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
    auto prober = std::make_unique<ScriptedProber>(clock);
    prober->delay = seconds(1);  // every answer a simulated second after its probe
    return std::unique_ptr<Prober>(std::move(prober));
  });
  ASSERT_EQ(hosts.size(), 1u);
  EXPECT_EQ(outcome.open, 1u);
  // Both answers (80 open, 22 closed) arrive one simulated second after their probes.
  EXPECT_EQ(hosts[0].start, 1'000'001);
  EXPECT_EQ(hosts[0].end, 1'000'001);
  EXPECT_EQ(hosts[0].elapsed, Duration::zero());
  EXPECT_EQ(outcome.summary.end, clock.wall_time());
  EXPECT_EQ(outcome.summary.elapsed, seconds(1));
}

}  // namespace
}  // namespace sockscope::scan
