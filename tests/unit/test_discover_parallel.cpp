// grab_all's bounds, with a fake grab that records how many run at once.
#include "discover/parallel_grab.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <mutex>
#include <thread>

namespace sockscope::discover {
namespace {

using namespace std::chrono_literals;

struct Recorder {
  std::mutex mutex;
  std::map<std::string, int> now;
  std::map<std::string, int> peak_per_host;
  int total = 0;
  int peak_total = 0;

  GrabResult grab(const GrabTarget& t) {
    {
      std::lock_guard lock(mutex);
      peak_per_host[t.host] = std::max(peak_per_host[t.host], ++now[t.host]);
      peak_total = std::max(peak_total, ++total);
    }
    std::this_thread::sleep_for(20ms);
    {
      std::lock_guard lock(mutex);
      --now[t.host];
      --total;
    }
    GrabResult r;
    r.status = GrabStatus::kBanner;
    r.reply = t.host + ":" + std::to_string(t.port);
    return r;
  }
};

std::vector<GrabTarget> targets(int hosts, int ports) {
  std::vector<GrabTarget> out;
  for (int h = 0; h < hosts; ++h) {
    for (int p = 1; p <= ports; ++p) {
      out.push_back({"192.0.2." + std::to_string(h + 1), static_cast<std::uint16_t>(p)});
    }
  }
  return out;
}

TEST(GrabAll, BoundsPerHostAndInAll) {
  Recorder rec;
  auto list = targets(3, 10);
  auto results = grab_all(list, {8, 2, 0, {}}, [&](const GrabTarget& t) { return rec.grab(t); });
  ASSERT_EQ(results.size(), list.size());
  for (std::size_t i = 0; i < list.size(); ++i) {  // in the order asked
    EXPECT_EQ(results[i].reply, list[i].host + ":" + std::to_string(list[i].port));
  }
  EXPECT_LE(rec.peak_total, 6);  // 3 hosts x 2, under the 8 threads
  EXPECT_GE(rec.peak_total, 2);
  for (const auto& [host, peak] : rec.peak_per_host) EXPECT_LE(peak, 2) << host;
}

TEST(GrabAll, OneHostStillRunsInParallel) {
  Recorder rec;
  auto start = std::chrono::steady_clock::now();
  auto results =
      grab_all(targets(1, 8), {32, 4, 0, {}}, [&](const GrabTarget& t) { return rec.grab(t); });
  EXPECT_EQ(results.size(), 8u);
  EXPECT_LE(rec.peak_per_host["192.0.2.1"], 4);
  EXPECT_GE(rec.peak_per_host["192.0.2.1"], 2);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 150ms);  // not 8 x 20 ms one by one
}

TEST(GrabAll, RateSpacesTheStarts) {
  Recorder rec;
  auto start = std::chrono::steady_clock::now();
  (void)grab_all(targets(5, 2), {32, 4, 100, {}}, [&](const GrabTarget& t) { return rec.grab(t); });
  // 10 starts at 100 a second: the last starts 90 ms after the first.
  EXPECT_GE(std::chrono::steady_clock::now() - start, 90ms);
}

TEST(GrabAll, AStopCutsThePacedStartsShort) {
  // One start every 2 s: without the stop, the fourth would start 6 s after the first.
  std::atomic<bool> stop{false};
  std::atomic<int> grabbed{0};
  ParallelOptions options{32, 4, 0.5, [&] { return stop.load(); }};
  auto start = std::chrono::steady_clock::now();
  auto results = grab_all(targets(1, 4), options, [&](const GrabTarget&) {
    if (stop.load()) return GrabResult{};  // as service detection's grab answers a stop
    ++grabbed;
    stop = true;  // Ctrl-C during the first grab
    GrabResult r;
    r.status = GrabStatus::kBanner;
    return r;
  });
  EXPECT_EQ(results.size(), 4u);
  EXPECT_EQ(grabbed.load(), 1);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 1s);
}

TEST(GrabAll, Empty) {
  EXPECT_TRUE(grab_all({}, {}, [](const GrabTarget&) { return GrabResult{}; }).empty());
}

}  // namespace
}  // namespace sockscope::discover
