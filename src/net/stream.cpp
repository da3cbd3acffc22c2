#include "net/stream.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "net/wait.h"
#include "net/write_all.h"

namespace sockscope::net {

IoResult io_failure(int error) {
  return {classify_errno(error), 0, std::strerror(error)};
}

IoResult PlainStream::write_all(std::string_view data, TimePoint deadline) {
  int error = net::write_all(fd_, data, deadline, clock_);
  if (error == 0) return {Outcome::kOk, data.size(), {}};
  return io_failure(error);
}

IoResult PlainStream::read(std::span<char> buffer, TimePoint deadline) {
  for (;;) {
    WaitResult w = wait_for(fd_, POLLIN, deadline, clock_);
    if (w.outcome == Outcome::kError) return io_failure(w.error);
    if (w.outcome != Outcome::kOk) return {w.outcome, 0, {}};
    ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (n > 0) return {Outcome::kOk, static_cast<std::size_t>(n), {}};
    if (n == 0) return {Outcome::kClosed, 0, {}};
    if (errno == EAGAIN || errno == EINTR) continue;
    return io_failure(errno);
  }
}

}  // namespace sockscope::net
