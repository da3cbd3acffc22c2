// HostFanout: every writer gets every host once; a large host reaches writers of
// different streams on different threads, writers of one stream in their order on one
// thread; a writer's exception comes back to the caller after all threads are done.
#include "scan/output/host_fanout.h"

#include <gtest/gtest.h>

#include <mutex>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace sockscope::scan {
namespace {

struct Log {
  std::mutex mutex;
  std::vector<std::pair<int, std::thread::id>> calls;  // writer, thread
};

class Recorder final : public ResultWriter {
 public:
  Recorder(int id, Log& log, bool fail = false) : id_(id), log_(log), fail_(fail) {}
  void host(const HostReport&) override {
    {
      std::lock_guard lock(log_.mutex);
      log_.calls.emplace_back(id_, std::this_thread::get_id());
    }
    if (fail_) throw std::runtime_error("disk full");
  }

 private:
  int id_;
  Log& log_;
  bool fail_;
};

HostReport host_of(std::size_t results) {
  HostReport h;
  h.results.resize(results);
  return h;
}

std::thread::id thread_of(const Log& log, int writer) {
  for (const auto& [id, thread] : log.calls)
    if (id == writer) return thread;
  return {};
}

TEST(HostFanout, SmallHostsStayOnTheCallingThreadInOrder) {
  std::ostringstream a, b;
  Log log;
  HostFanout fan;
  fan.add(std::make_unique<Recorder>(0, log), &a);
  fan.add(std::make_unique<Recorder>(1, log), &b);
  fan.host(host_of(10));
  ASSERT_EQ(log.calls.size(), 2u);
  EXPECT_EQ(log.calls[0], std::make_pair(0, std::this_thread::get_id()));
  EXPECT_EQ(log.calls[1], std::make_pair(1, std::this_thread::get_id()));
}

TEST(HostFanout, LargeHostsGoToEachStreamOnItsOwnThread) {
  std::ostringstream a, b;
  Log log;
  HostFanout fan;
  fan.add(std::make_unique<Recorder>(0, log), &a);
  fan.add(std::make_unique<Recorder>(1, log), &b);
  fan.add(std::make_unique<Recorder>(2, log), &a);  // shares stream a with writer 0
  ASSERT_EQ(fan.size(), 3u);
  fan.host(host_of(HostFanout::kParallelFrom));
  ASSERT_EQ(log.calls.size(), 3u);
  EXPECT_EQ(thread_of(log, 0), std::this_thread::get_id());
  EXPECT_EQ(thread_of(log, 2), std::this_thread::get_id());
  EXPECT_NE(thread_of(log, 1), std::this_thread::get_id());
  // On one stream, the order the writers were added in.
  std::vector<int> on_a;
  for (const auto& [id, thread] : log.calls)
    if (id != 1) on_a.push_back(id);
  EXPECT_EQ(on_a, (std::vector<int>{0, 2}));
}

// On threads, every other stream is written before the failure comes back; on the
// calling thread, writers run in order and the first failure stops them, as before.
TEST(HostFanout, AWritersFailureReachesTheCaller) {
  for (bool large : {false, true}) {
    std::ostringstream a, b;
    Log log;
    HostFanout fan;
    fan.add(std::make_unique<Recorder>(0, log), &a);
    fan.add(std::make_unique<Recorder>(1, log, true), &b);
    fan.add(std::make_unique<Recorder>(2, log), &a);
    EXPECT_THROW(fan.host(host_of(large ? HostFanout::kParallelFrom : 1)), std::runtime_error);
    if (large) {
      EXPECT_EQ(log.calls.size(), 3u);  // stream a was written in full
    }
  }
}

}  // namespace
}  // namespace sockscope::scan
