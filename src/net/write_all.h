// Public. Writing a whole buffer to a non-blocking socket before a deadline: shared by
// every blocking client (send, the communicator's sender).
#pragma once

#include <string_view>

#include "core/clock.h"

namespace sockscope::net {

// Returns 0 when everything was written, else the errno: ETIMEDOUT when the deadline
// passed, EINTR when SIGINT/SIGTERM arrived (net/interrupt.h), or the send() error.
int write_all(int fd, std::string_view data, TimePoint deadline,
              const Clock& clock = SteadyClock::instance());

}  // namespace sockscope::net
