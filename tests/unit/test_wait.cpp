// wait_for's slices, through a fake SysCalls: no descriptor, no network.
#include "net/wait.h"

#include <gtest/gtest.h>

#include <cerrno>
#include <vector>

#include "net/interrupt.h"

namespace sockscope::net {
namespace {

// Each poll passes its whole timeout on the manual clock, quietly, until poll number
// `ready_at` (1-based; 0: never) reports the descriptor ready.
class SlicedPollRecorder final : public SysCalls {
 public:
  ManualClock* clock = nullptr;
  std::size_t ready_at = 0;
  std::vector<int> timeouts_ms;

  SysResult socket(int, int, int) override { return {-1, ENOSYS}; }
  SysResult bind(int, const sockaddr*, socklen_t) override { return {-1, ENOSYS}; }
  SysResult connect(int, const sockaddr*, socklen_t) override { return {-1, ENOSYS}; }
  SysResult poll(pollfd* fds, nfds_t, int timeout_ms) override {
    timeouts_ms.push_back(timeout_ms);
    if (timeouts_ms.size() == ready_at) {
      fds[0].revents = fds[0].events;
      return {1, 0};
    }
    clock->advance(std::chrono::milliseconds(timeout_ms));
    return {0, 0};
  }
  SysResult getsockopt_error(int) override { return {0, 0}; }
  SysResult close(int) override { return {0, 0}; }
};

const int kSliceMs = static_cast<int>(kInterruptCheckInterval.count());

// A signal interrupts only the thread it lands on; a wait on another thread must look at
// the flag again within kInterruptCheckInterval, so no one poll sleeps longer.
TEST(WaitFor, PollsInSlicesThatAddUpToTheDeadline) {
  ManualClock clock;
  SlicedPollRecorder sys;
  sys.clock = &clock;
  TimePoint start = clock.now();
  Duration wait = 2 * kInterruptCheckInterval + std::chrono::milliseconds(50);
  WaitResult w = wait_for(7, POLLIN, start + wait, clock, sys);
  EXPECT_EQ(w.outcome, Outcome::kTimeout);
  EXPECT_EQ(clock.now() - start, wait);
  EXPECT_EQ(sys.timeouts_ms, (std::vector<int>{kSliceMs, kSliceMs, 50}));
}

TEST(WaitFor, NoDeadlineStillPollsInSlices) {
  ManualClock clock;
  SlicedPollRecorder sys;
  sys.clock = &clock;
  sys.ready_at = 3;
  WaitResult w = wait_for(7, POLLIN, std::nullopt, clock, sys);
  EXPECT_EQ(w.outcome, Outcome::kOk);
  EXPECT_EQ(w.revents, POLLIN);
  EXPECT_EQ(sys.timeouts_ms, (std::vector<int>{kSliceMs, kSliceMs, kSliceMs}));
}

}  // namespace
}  // namespace sockscope::net
