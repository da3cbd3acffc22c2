// The probing core with a scripted Prober and a ManualClock: retransmission, timeouts,
// loss detection, the rate ceiling, shards and exclusion, without a network or waiting.
#include "scan/engine.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>

#include "scripted_prober.h"

namespace sockscope::scan {
namespace {

using std::chrono::milliseconds;

struct Outcome {
  std::map<std::pair<std::string, std::uint16_t>, PortResult> results;
  std::vector<std::string> hosts_done;
  EngineStats stats;
};

Outcome run(ScriptedProber& prober, ManualClock& clock, const net::TargetList& targets,
            std::vector<std::uint16_t> ports, TimingOptions timing = {},
            std::uint64_t shard_index = 0, std::uint64_t shard_count = 1,
            const net::TargetList* exclude = nullptr) {
  Outcome out;
  WorkSpace space;
  space.targets = &targets;
  space.exclude = exclude;
  space.ports = std::move(ports);
  space.shard_index = shard_index;
  space.shard_count = shard_count;
  EngineEvents events;
  events.on_result = [&](const PortResult& r) {
    auto key = std::make_pair(r.target.address.to_string(), r.port);
    EXPECT_EQ(out.results.count(key), 0u) << "reported twice";
    out.results[key] = r;
  };
  events.on_host_done = [&](std::uint64_t, const net::Target& t) {
    out.hosts_done.push_back(t.address.to_string());
  };
  Engine engine(prober, timing, clock);
  out.stats = engine.run(space, events);
  return out;
}

std::pair<std::string, std::uint16_t> key(const char* host, std::uint16_t port) {
  return {host, port};
}

net::TargetList hosts(std::initializer_list<const char*> specs) {
  net::TargetList l;
  for (auto s : specs) l.add(s, [](std::string_view) { return std::nullopt; });
  return l;
}

TEST(Engine, AnswersAndTimeoutsWithoutWaiting) {
  ManualClock clock;
  ScriptedProber prober(clock);
  prober.silent = {7};
  TimingOptions timing;
  timing.max_retries = 2;
  Outcome r = run(prober, clock, hosts({"192.0.2.1"}), {5, 7, 10}, timing);
  ASSERT_EQ(r.results.size(), 3u);
  EXPECT_EQ(r.results[key("192.0.2.1", 10)].state, PortState::kOpen);
  EXPECT_EQ(r.results[key("192.0.2.1", 5)].reason, "reset");
  EXPECT_EQ(r.results[key("192.0.2.1", 7)].reason, "no-response");
  EXPECT_EQ(prober.sends[7], 3);  // first probe + 2 retransmissions
  EXPECT_EQ(prober.sends[5], 1);
  EXPECT_EQ(r.stats.retransmits, 2u);
  // Measured RTT is 2 ms, so the silent port costs 3 x the 100 ms floor, not 3 x 1 s.
  EXPECT_LT(r.stats.elapsed, milliseconds(1100));
  EXPECT_EQ(r.hosts_done, (std::vector<std::string>{"192.0.2.1"}));
}

TEST(Engine, RetransmissionRecoversLossAndCountsDrops) {
  ManualClock clock;
  ScriptedProber prober(clock);
  prober.lose_first = {3, 4};
  Outcome r = run(prober, clock, hosts({"192.0.2.1"}), {1, 2, 3, 4, 20});
  EXPECT_EQ(r.results[key("192.0.2.1", 3)].reason, "reset");
  EXPECT_EQ(r.results[key("192.0.2.1", 4)].reason, "reset");
  EXPECT_EQ(r.results[key("192.0.2.1", 20)].state, PortState::kOpen);
  EXPECT_EQ(r.stats.drops, 2u);
}

TEST(Engine, MaxRateIsACeiling) {
  ManualClock clock;
  ScriptedProber prober(clock);
  TimingOptions timing;
  timing.max_rate = 50;
  std::vector<std::uint16_t> ports;
  for (std::uint16_t p = 1; p <= 200; ++p) ports.push_back(p);
  Outcome r = run(prober, clock, hosts({"192.0.2.1"}), ports, timing);
  EXPECT_EQ(r.results.size(), 200u);
  const auto& t = prober.send_times;
  for (std::size_t i = 0; i < t.size(); ++i) {
    std::size_t n = 0;
    for (std::size_t j = i; j < t.size() && t[j] - t[i] < std::chrono::seconds(1); ++j) ++n;
    ASSERT_LE(n, 50u) << "window starting at probe " << i;
  }
  EXPECT_GE(r.stats.elapsed, std::chrono::milliseconds(3900));  // 200 probes at 50/s
}

TEST(Engine, ShardsAreDisjointAndCoverTheSpace) {
  net::TargetList targets = hosts({"192.0.2.0/29"});
  std::vector<std::uint16_t> ports = {1, 2, 3, 10, 11};
  std::set<std::pair<std::string, std::uint16_t>> seen;
  std::size_t total = 0;
  for (std::uint64_t i = 0; i < 3; ++i) {
    ManualClock clock;
    ScriptedProber prober(clock);
    Outcome r = run(prober, clock, targets, ports, {}, i, 3);
    for (auto& [k, v] : r.results) seen.insert(k);
    total += r.results.size();
  }
  EXPECT_EQ(total, 8u * 5u);        // disjoint
  EXPECT_EQ(seen.size(), 8u * 5u);  // and together, everything
}

TEST(Engine, ExcludedHostsAreNeverProbed) {
  ManualClock clock;
  ScriptedProber prober(clock);
  net::TargetList exclude = hosts({"192.0.2.1-2"});
  Outcome r = run(prober, clock, hosts({"192.0.2.0/30"}), {80}, {}, 0, 1, &exclude);
  EXPECT_EQ(r.results.size(), 2u);
  EXPECT_EQ(r.results.count(key("192.0.2.1", 80)), 0u);
  EXPECT_EQ(r.hosts_done, (std::vector<std::string>{"192.0.2.0", "192.0.2.3"}));
}

TEST(Engine, ConcurrencyBoundsProbesInFlight) {
  ManualClock clock;
  ScriptedProber prober(clock);
  prober.delay = milliseconds(50);
  TimingOptions timing;
  timing.concurrency = 7;
  std::vector<std::uint16_t> ports;
  for (std::uint16_t p = 1; p <= 100; ++p) ports.push_back(p);
  Outcome r = run(prober, clock, hosts({"192.0.2.1"}), ports, timing);
  EXPECT_EQ(r.results.size(), 100u);
  EXPECT_LE(r.stats.max_in_flight, 7u);
}

TEST(Engine, PairsAnEarlierRunFinishedAreSkippedAndTheirHostsStillReported) {
  ManualClock clock;
  ScriptedProber prober(clock);
  net::TargetList targets = hosts({"192.0.2.1-2"});
  WorkSpace space;
  space.targets = &targets;
  space.ports = {1, 2, 3};
  std::vector<std::uint64_t> asked;
  // 192.0.2.1 is wholly done; of 192.0.2.2 only port 2.
  space.already_done = [&](std::uint64_t index, const net::IpAddress& a, std::uint16_t port) {
    asked.push_back(index);
    return a.to_string() == "192.0.2.1" || port == 2;
  };
  std::vector<std::string> results, done;
  EngineEvents events;
  events.on_result = [&](const PortResult& r) {
    results.push_back(r.target.address.to_string() + ":" + std::to_string(r.port));
  };
  events.on_host_done = [&](std::uint64_t, const net::Target& t) {
    done.push_back(t.address.to_string());
  };
  Engine engine(prober, {}, clock);
  EngineStats stats = engine.run(space, events);
  std::sort(results.begin(), results.end());
  EXPECT_EQ(results, (std::vector<std::string>{"192.0.2.2:1", "192.0.2.2:3"}));
  EXPECT_EQ(prober.sends.size(), 2u);  // ports 1 and 3, once each
  EXPECT_EQ(stats.skipped, 4u);
  EXPECT_EQ(stats.finished, 6u);
  EXPECT_EQ(asked, (std::vector<std::uint64_t>{0, 0, 0, 1, 1, 1}));
  EXPECT_EQ(done, (std::vector<std::string>{"192.0.2.1", "192.0.2.2"}));
}

// Sends in each whole simulated second [k, k+1) of the run, the last partial one dropped.
std::vector<std::size_t> sends_per_second(const std::vector<TimePoint>& times, Duration elapsed) {
  std::vector<std::size_t> counts(
      static_cast<std::size_t>(std::chrono::duration_cast<std::chrono::seconds>(elapsed).count()));
  for (TimePoint t : times) {
    auto k = static_cast<std::size_t>(
        std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count());
    if (k < counts.size()) ++counts[k];
  }
  return counts;
}

// Congested target: it takes 100 probes per second and drops the rest, and a third of
// the ports never answer, so the window collapses and pacing halves again and again.
// (Loss that does not depend on the rate does not slow the scan: see below.)
Outcome lossy_run(ManualClock& clock, ScriptedProber& prober, TimingOptions timing) {
  std::vector<std::uint16_t> ports;
  prober.limit = 100;
  for (std::uint16_t p = 1; p <= 3000; ++p) {
    ports.push_back(p);
    if (p % 3 == 2) prober.silent.insert(p);
  }
  timing.max_retries = 2;
  return run(prober, clock, hosts({"192.0.2.1"}), ports, timing);
}

TEST(Engine, LossSlowsTheScanBelowWhatMinRateWouldKeep) {
  ManualClock clock;
  ScriptedProber prober(clock);
  Outcome r = lossy_run(clock, prober, {});
  EXPECT_EQ(r.results.size(), 3000u);
  auto counts = sends_per_second(prober.send_times, r.stats.elapsed);
  ASSERT_GE(counts.size(), 2u);
  EXPECT_LT(*std::min_element(counts.begin(), counts.end()), 200u);
  EXPECT_EQ(r.stats.floor_sends, 0u);
}

TEST(Engine, MinRateKeepsTheFloorDespiteLossAndMaxRateStaysTheCeiling) {
  ManualClock clock;
  ScriptedProber prober(clock);
  TimingOptions timing;
  timing.min_rate = 200;
  timing.max_rate = 260;
  Outcome r = lossy_run(clock, prober, timing);
  EXPECT_EQ(r.results.size(), 3000u);
  EXPECT_GT(r.stats.floor_sends, 0u);
  auto counts = sends_per_second(prober.send_times, r.stats.elapsed);
  ASSERT_GE(counts.size(), 5u);
  // The last whole second may run out of work (only retransmissions left).
  for (std::size_t k = 0; k + 1 < counts.size(); ++k) EXPECT_GE(counts[k], 200u) << "second " << k;
  const auto& t = prober.send_times;
  for (std::size_t i = 0; i < t.size(); ++i) {
    std::size_t n = 0;
    for (std::size_t j = i; j < t.size() && t[j] - t[i] < std::chrono::seconds(1); ++j) ++n;
    ASSERT_LE(n, 260u) << "window starting at probe " << i;
  }
}

std::size_t count_state(const Outcome& r, PortState state) {
  std::size_t n = 0;
  for (const auto& [k, v] : r.results) n += v.state == state;
  return n;
}

std::vector<std::uint16_t> port_range(std::uint16_t first, std::uint16_t last) {
  std::vector<std::uint16_t> ports;
  for (std::uint32_t p = first; p <= last; ++p) ports.push_back(static_cast<std::uint16_t>(p));
  return ports;
}

// 30% of all probes lost at random: slowing down cannot help, so the cut is undone and
// the scan finishes in about the time its retransmission rounds need (a dozen rounds of
// the 100 ms minimum timeout), every port right. (Before: pacing halved again on every
// round that still showed loss, down to 10 probes per second.) Two ports never answer:
// they get the retries 30% loss needs for 2,000 pairs (10 or 11 tries, as the measured
// share settles), not loss_retries.
TEST(Engine, RandomLossDoesNotSlowTheScanAndRetriesGetEveryAnswer) {
  ManualClock clock;
  ScriptedProber prober(clock);
  prober.loss = 0.3;
  prober.silent = {7, 1999};
  Outcome r = run(prober, clock, hosts({"192.0.2.1"}), port_range(1, 2000));
  ASSERT_EQ(r.results.size(), 2000u);
  EXPECT_EQ(count_state(r, PortState::kFiltered), 2u);
  EXPECT_EQ(count_state(r, PortState::kOpen), 200u);
  EXPECT_GE(r.stats.loss_cuts, 1u);
  EXPECT_GE(r.stats.loss_undone, 1u);
  EXPECT_LT(r.stats.elapsed, std::chrono::milliseconds(2500));
  for (std::uint16_t port : {std::uint16_t{7}, std::uint16_t{1999}}) {
    EXPECT_GE(prober.sends[port], 10) << port;  // loss_retries alone would be 7 tries
    EXPECT_LE(prober.sends[port], 11) << port;  // max_loss_retries: 10 retries at most
  }
}

// Mostly filtered ports (silent: they say nothing about loss) and 30% random loss on the
// rest: the tail of retransmissions to silent ports is not left paced.
TEST(Engine, RandomLossAmongMostlyFilteredPortsDoesNotSlowTheTail) {
  ManualClock clock;
  ScriptedProber prober(clock);
  prober.loss = 0.3;
  for (std::uint16_t p = 101; p <= 400; ++p) prober.silent.insert(p);
  Outcome r = run(prober, clock, hosts({"192.0.2.1"}), port_range(1, 400));
  ASSERT_EQ(r.results.size(), 400u);
  EXPECT_EQ(count_state(r, PortState::kFiltered), 300u);
  // One experiment at half the rate, undone when answers dry up, then the rounds of 300
  // silent probes that 30% loss needs: 11 tries (before: cut after cut, down to 12
  // probes/s: 141 s).
  EXPECT_LT(r.stats.elapsed, std::chrono::milliseconds(4500));
  for (std::uint16_t port : {std::uint16_t{101}, std::uint16_t{400}}) {
    EXPECT_GE(prober.sends[port], 10) << port;  // loss_retries alone would be 7 tries
    EXPECT_LE(prober.sends[port], 11) << port;
  }
  EXPECT_EQ(r.stats.loss_undone, r.stats.loss_cuts);
}

// A target that drops what exceeds 200 probes per second: the scan slows to about that
// rate (the cuts are kept), and retransmissions get nearly every answer (a probe can
// still meet an empty bucket seven times in a row: 1% of the ports may stay filtered).
TEST(Engine, ARateLimitSlowsTheScanDown) {
  ManualClock clock;
  ScriptedProber prober(clock);
  prober.limit = 200;
  Outcome r = run(prober, clock, hosts({"192.0.2.1"}), port_range(1, 3000));
  ASSERT_EQ(r.results.size(), 3000u);
  EXPECT_LE(count_state(r, PortState::kFiltered), 30u);
  // Near the limit a cut may not help enough to tell, and is undone; most are kept.
  EXPECT_GT(r.stats.loss_cuts, 2 * r.stats.loss_undone);
  auto counts = sends_per_second(prober.send_times, r.stats.elapsed);
  ASSERT_GE(counts.size(), 8u);
  // After the first seconds' overshoot, sends stay near the limit (not 3000 at once).
  std::size_t most = *std::max_element(counts.begin() + 3, counts.end());
  EXPECT_LT(most, 600u);
  EXPECT_LT(r.stats.retransmits, 3000u);
}

// Random loss on top of a rate limit: the limit still slows the scan down.
TEST(Engine, RandomLossOnTopOfARateLimitStillSlowsDown) {
  ManualClock clock;
  ScriptedProber prober(clock);
  prober.limit = 200;
  prober.loss = 0.2;
  Outcome r = run(prober, clock, hosts({"192.0.2.1"}), port_range(1, 3000));
  ASSERT_EQ(r.results.size(), 3000u);
  EXPECT_LE(count_state(r, PortState::kFiltered), 30u);
  auto counts = sends_per_second(prober.send_times, r.stats.elapsed);
  ASSERT_GE(counts.size(), 8u);
  std::size_t most = *std::max_element(counts.begin() + 3, counts.end());
  EXPECT_LT(most, 800u);
}

}  // namespace
}  // namespace sockscope::scan
