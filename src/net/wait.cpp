#include "net/wait.h"

#include <algorithm>
#include <cerrno>
#include <chrono>

#include "net/interrupt.h"

namespace sockscope::net {

WaitResult wait_for(int fd, short events, std::optional<TimePoint> deadline, const Clock& clock,
                    SysCalls& sys) {
  for (;;) {
    if (interrupted()) return {Outcome::kInterrupted};
    // One slice at most: EINTR wakes only the thread the signal landed on, and this wait
    // may run on another (banner probes run on many), so the flag is looked at again.
    std::chrono::milliseconds slice = kInterruptCheckInterval;
    if (deadline) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - clock.now());
      if (left <= std::chrono::milliseconds::zero()) return {Outcome::kTimeout};
      slice = std::min(slice, left);
    }
    pollfd pfd{fd, events, 0};
    SysResult rc = sys.poll(&pfd, 1, static_cast<int>(slice.count()));
    if (rc.value < 0) {
      if (rc.error == EINTR) continue;  // the loop head checks the interrupt flag
      return {Outcome::kError, 0, rc.error};
    }
    if (rc.value > 0) return {Outcome::kOk, pfd.revents};
  }
}

}  // namespace sockscope::net
