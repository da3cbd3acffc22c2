// Public. Waiting on one descriptor with a deadline: the building block of every
// blocking client (send, probe, communicator). Nothing waits forever unless asked to.
#pragma once

#include <optional>

#include "core/clock.h"
#include "net/outcome.h"
#include "net/syscalls.h"

namespace sockscope::net {

struct WaitResult {
  Outcome outcome;    // kOk (ready), kTimeout, kInterrupted or kError
  short revents = 0;  // poll revents when kReady
  int error = 0;      // errno when kError
};

// Waits until `fd` reports one of `events` (POLLIN/POLLOUT), the deadline passes, or
// SIGINT/SIGTERM arrives (see interrupt.h; seen within kInterruptCheckInterval on any
// thread). No deadline = wait until ready or interrupted.
WaitResult wait_for(int fd, short events, std::optional<TimePoint> deadline,
                    const Clock& clock = SteadyClock::instance(), SysCalls& sys = SysCalls::real());

}  // namespace sockscope::net
