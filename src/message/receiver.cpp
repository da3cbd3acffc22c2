#include "message/receiver.h"

#include <poll.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cerrno>

#include "net/socket_ops.h"
#include "net/wait.h"
#include "net/write_all.h"

namespace sockscope::message {

Listener Listener::open(const net::Endpoint& at) {
  Listener l;
  net::ListenOptions options;
  options.backlog = 64;
  l.fd_ = net::listen_tcp(at, options);
  l.local_ = net::local_endpoint(l.fd_.get());
  return l;
}

Accepted accept_sender(const Listener& listener, std::optional<TimePoint> deadline,
                       const Clock& clock) {
  Accepted result;
  for (;;) {
    net::WaitResult w = net::wait_for(listener.fd(), POLLIN, deadline, clock);
    if (w.status == net::WaitStatus::kTimeout) {
      result.status = AcceptStatus::kTimeout;
      return result;
    }
    if (w.status == net::WaitStatus::kInterrupted) {
      result.status = AcceptStatus::kInterrupted;
      return result;
    }
    if (w.status == net::WaitStatus::kError) {
      result.error = w.error;
      return result;
    }
    sockaddr_storage ss{};
    socklen_t len = sizeof(ss);
    int fd = ::accept4(listener.fd(), reinterpret_cast<sockaddr*>(&ss), &len,
                       SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      // A sender that gave up between poll and accept, or a transient shortage: wait again.
      if (errno == EAGAIN || errno == EINTR || errno == ECONNABORTED || errno == EMFILE ||
          errno == ENFILE || errno == ENOBUFS || errno == ENOMEM || errno == EPROTO) {
        continue;
      }
      result.error = errno;
      return result;
    }
    result.status = AcceptStatus::kConnected;
    result.fd.reset(fd);
    result.peer = net::Endpoint::from_sockaddr(reinterpret_cast<sockaddr*>(&ss), len);
    return result;
  }
}

Received receive_message(int fd, const ReceiveOptions& options, const Clock& clock) {
  Received result;
  MessageAssembler assembler(options.rule, clock);
  std::array<char, 4096> buffer{};
  Completion state = Completion::kIncomplete;
  while (state == Completion::kIncomplete) {
    net::WaitResult w = net::wait_for(fd, POLLIN, assembler.deadline(), clock);
    if (w.status == net::WaitStatus::kInterrupted) {
      result.status = ReceiveStatus::kInterrupted;
      return result;
    }
    if (w.status == net::WaitStatus::kTimeout) {
      state = assembler.status();
      if (state == Completion::kIncomplete) continue;  // poll rounded the deadline down
      break;
    }
    if (w.status == net::WaitStatus::kError) {
      state = assembler.end_of_stream();
      break;
    }
    ssize_t n = ::recv(fd, buffer.data(), buffer.size(), 0);
    if (n < 0 && (errno == EAGAIN || errno == EINTR)) continue;
    if (n <= 0) {  // closed, half-closed or reset: what arrived is the message
      state = assembler.end_of_stream();
      break;
    }
    state = assembler.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
  }
  if (state == Completion::kLimit) {
    // One short look past the limit to tell a flood from an exact fit; what follows is
    // dropped unread when we close.
    Duration look = std::min<Duration>(options.rule.quiet_gap, std::chrono::milliseconds(100));
    if (net::wait_for(fd, POLLIN, clock.now() + look, clock).status == net::WaitStatus::kReady) {
      ssize_t n = ::recv(fd, buffer.data(), buffer.size(), MSG_DONTWAIT);
      if (n > 0) assembler.feed(std::string_view(buffer.data(), static_cast<std::size_t>(n)));
    }
  }
  result.how = state;
  result.dropped_bytes = assembler.dropped_bytes();
  if (state == Completion::kSilent) {
    result.status = ReceiveStatus::kSilent;
    return result;
  }
  if (assembler.empty()) {
    result.status = ReceiveStatus::kEmpty;
    return result;
  }
  result.status = ReceiveStatus::kReceived;
  result.text = std::string(assembler.text());
  result.receipt_sent =
      net::write_all(fd, kEndMarker, clock.now() + options.receipt_timeout, clock) == 0;
  return result;
}

}  // namespace sockscope::message
