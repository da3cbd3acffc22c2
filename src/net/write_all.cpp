#include "net/write_all.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>

#include "net/wait.h"

namespace sockscope::net {

int write_all(int fd, std::string_view data, TimePoint deadline, const Clock& clock) {
  while (!data.empty()) {
    ssize_t w = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (w >= 0) {
      data.remove_prefix(static_cast<std::size_t>(w));
      continue;
    }
    if (errno == EINTR) continue;
    if (errno != EAGAIN) return errno;
    WaitResult r = wait_for(fd, POLLOUT, deadline, clock);
    if (r.outcome == Outcome::kTimeout) return ETIMEDOUT;
    if (r.outcome == Outcome::kInterrupted) return EINTR;
    if (r.outcome == Outcome::kError) return r.error;
  }
  return 0;
}

}  // namespace sockscope::net
