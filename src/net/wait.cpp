#include "net/wait.h"

#include <cerrno>
#include <chrono>

#include "net/interrupt.h"

namespace sockscope::net {

WaitResult wait_for(int fd, short events, std::optional<TimePoint> deadline, const Clock& clock,
                    SysCalls& sys) {
  for (;;) {
    if (interrupted()) return {Outcome::kInterrupted};
    int timeout_ms = -1;
    if (deadline) {
      auto left = std::chrono::ceil<std::chrono::milliseconds>(*deadline - clock.now()).count();
      if (left <= 0) return {Outcome::kTimeout};
      timeout_ms = left > 1'000'000 ? 1'000'000 : static_cast<int>(left);
    }
    pollfd pfd{fd, events, 0};
    SysResult rc = sys.poll(&pfd, 1, timeout_ms);
    if (rc.value < 0) {
      if (rc.error == EINTR) continue;  // the loop head checks the interrupt flag
      return {Outcome::kError, 0, rc.error};
    }
    if (rc.value > 0) return {Outcome::kOk, pfd.revents};
  }
}

}  // namespace sockscope::net
