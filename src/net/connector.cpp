#include "net/connector.h"

#include <fcntl.h>
#include <poll.h>

#include <cerrno>

#include "net/wait.h"

namespace sockscope::net {

ConnectStatus classify_connect_errno(int error) {
  switch (error) {
    case 0:
      return ConnectStatus::kConnected;
    case ECONNREFUSED:
    case ECONNRESET:
      return ConnectStatus::kRefused;
    case ETIMEDOUT:
      return ConnectStatus::kTimeout;
    case EHOSTUNREACH:
    case ENETUNREACH:
    case EHOSTDOWN:
    case ENETDOWN:
    case EADDRNOTAVAIL:
      return ConnectStatus::kUnreachable;
    default:
      return ConnectStatus::kError;
  }
}

const char* connect_status_word(ConnectStatus status) {
  switch (status) {
    case ConnectStatus::kConnected:
      return "open";
    case ConnectStatus::kRefused:
      return "refused";
    case ConnectStatus::kTimeout:
      return "timeout";
    case ConnectStatus::kUnreachable:
      return "unreachable";
    case ConnectStatus::kInterrupted:
      return "interrupted";
    case ConnectStatus::kError:
      return "error";
  }
  return "error";
}

ConnectResult connect_with_deadline(const Endpoint& to, Duration timeout, const Clock& clock,
                                    SysCalls& sys) {
  ConnectResult result;
  TimePoint deadline = clock.now() + timeout;
  SysResult s = sys.socket(to.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s.value < 0) {
    result.error = s.error;
    return result;
  }
  UniqueFd fd(static_cast<int>(s.value));
  SysResult c = sys.connect(fd.get(), to.sockaddr_ptr(), to.length());
  if (c.value < 0 && c.error != EINPROGRESS) {
    result.status = classify_connect_errno(c.error);
    result.error = c.error;
    return result;
  }
  if (c.value < 0) {
    WaitResult w = wait_for(fd.get(), POLLOUT, deadline, clock, sys);
    if (w.status == WaitStatus::kTimeout) {
      result.status = ConnectStatus::kTimeout;
      result.error = ETIMEDOUT;
      return result;
    }
    if (w.status == WaitStatus::kInterrupted) {
      result.status = ConnectStatus::kInterrupted;
      result.error = EINTR;
      return result;
    }
    if (w.status == WaitStatus::kError) {
      result.error = w.error;
      return result;
    }
    SysResult so = sys.getsockopt_error(fd.get());
    int err = so.value < 0 ? so.error : static_cast<int>(so.value);
    if (err != 0) {
      result.status = classify_connect_errno(err);
      result.error = err;
      return result;
    }
  }
  result.status = ConnectStatus::kConnected;
  result.fd = std::move(fd);
  return result;
}

HostConnectResult connect_to_host(std::string_view host, std::uint16_t port, Duration timeout,
                                  const Clock& clock) {
  HostConnectResult result;
  TimePoint deadline = clock.now() + timeout;
  Resolution resolution = resolve(host, port, Transport::kTcp);
  if (resolution.endpoints.empty()) {
    result.resolve_error = resolution.error;
    return result;
  }
  result.resolved = true;
  for (const auto& endpoint : resolution.endpoints) {
    result.peer = endpoint;
    result.connection = connect_with_deadline(endpoint, deadline - clock.now(), clock);
    ConnectStatus s = result.connection.status;
    if (s != ConnectStatus::kRefused && s != ConnectStatus::kUnreachable) break;
  }
  return result;
}

}  // namespace sockscope::net
