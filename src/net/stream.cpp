#include "net/stream.h"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include "net/wait.h"
#include "net/write_all.h"

namespace sockscope::net {

IoResult PlainStream::write_all(std::string_view data, TimePoint deadline) {
  int error = net::write_all(fd_, data, deadline);
  if (error == 0) return {IoStatus::kOk, data.size(), {}};
  if (error == ETIMEDOUT) return {IoStatus::kTimeout, 0, {}};
  if (error == EINTR) return {IoStatus::kInterrupted, 0, {}};
  return {IoStatus::kError, 0, std::strerror(error)};
}

IoResult PlainStream::read(std::span<char> buffer, TimePoint deadline) {
  for (;;) {
    WaitResult w = wait_for(fd_, POLLIN, deadline);
    if (w.status == WaitStatus::kTimeout) return {IoStatus::kTimeout, 0, {}};
    if (w.status == WaitStatus::kInterrupted) return {IoStatus::kInterrupted, 0, {}};
    if (w.status == WaitStatus::kError) return {IoStatus::kError, 0, std::strerror(w.error)};
    ssize_t n = ::recv(fd_, buffer.data(), buffer.size(), 0);
    if (n > 0) return {IoStatus::kOk, static_cast<std::size_t>(n), {}};
    if (n == 0) return {IoStatus::kClosed, 0, {}};
    if (errno == EAGAIN || errno == EINTR) continue;
    return {IoStatus::kError, 0, std::strerror(errno)};
  }
}

}  // namespace sockscope::net
