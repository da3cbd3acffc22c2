#include "net/connector.h"

#include <fcntl.h>
#include <poll.h>

#include <cerrno>

#include "net/wait.h"

namespace sockscope::net {

ConnectResult connect_with_deadline(const Endpoint& to, Duration timeout, const Clock& clock,
                                    SysCalls& sys) {
  return connect_from(to, std::nullopt, timeout, clock, sys);
}

ConnectResult connect_from(const Endpoint& to, const std::optional<Endpoint>& from,
                           Duration timeout, const Clock& clock, SysCalls& sys) {
  ConnectResult result;
  TimePoint deadline = clock.now() + timeout;
  SysResult s = sys.socket(to.family(), SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (s.value < 0) {
    result.error = s.error;
    return result;
  }
  UniqueFd fd(static_cast<int>(s.value));
  if (from) {
    SysResult b = sys.bind(fd.get(), from->sockaddr_ptr(), from->length());
    if (b.value < 0) {
      result.error = b.error;
      result.bind_failed = true;
      return result;
    }
  }
  SysResult c = sys.connect(fd.get(), to.sockaddr_ptr(), to.length());
  if (c.value < 0 && c.error != EINPROGRESS) {
    result.outcome = classify_errno(c.error);
    result.error = c.error;
    return result;
  }
  if (c.value < 0) {
    WaitResult w = wait_for(fd.get(), POLLOUT, deadline, clock, sys);
    if (w.outcome != Outcome::kOk) {
      result.outcome = w.outcome;
      result.error = w.outcome == Outcome::kTimeout       ? ETIMEDOUT
                     : w.outcome == Outcome::kInterrupted ? EINTR
                                                          : w.error;
      return result;
    }
    SysResult so = sys.getsockopt_error(fd.get());
    int err = so.value < 0 ? so.error : static_cast<int>(so.value);
    if (err != 0) {
      result.outcome = classify_errno(err);
      result.error = err;
      return result;
    }
  }
  result.outcome = Outcome::kOk;
  result.fd = std::move(fd);
  return result;
}

Duration attempt_budget(TimePoint deadline, std::size_t left, const Clock& clock) {
  Duration remaining = deadline - clock.now();
  if (remaining <= Duration::zero()) return Duration::zero();
  return left <= 1 ? remaining : remaining / static_cast<Duration::rep>(left);
}

HostConnectResult connect_to_any(const std::vector<Endpoint>& endpoints, Duration timeout,
                                 const Clock& clock, SysCalls& sys) {
  HostConnectResult result;
  result.resolved = !endpoints.empty();
  TimePoint deadline = clock.now() + timeout;
  for (std::size_t i = 0; i < endpoints.size(); ++i) {
    result.peer = endpoints[i];
    Duration budget = attempt_budget(deadline, endpoints.size() - i, clock);
    result.connection = connect_with_deadline(endpoints[i], budget, clock, sys);
    Outcome o = result.connection.outcome;
    if (o == Outcome::kOk || o == Outcome::kInterrupted) break;
  }
  return result;
}

HostConnectResult connect_to_host(std::string_view host, std::uint16_t port, Duration timeout,
                                  const Clock& clock) {
  TimePoint deadline = clock.now() + timeout;  // resolving counts against the time too
  Resolution resolution = resolve(host, port, Transport::kTcp);
  if (resolution.endpoints.empty()) {
    HostConnectResult result;
    result.resolve_error = resolution.error;
    return result;
  }
  return connect_to_any(resolution.endpoints, deadline - clock.now(), clock);
}

}  // namespace sockscope::net
