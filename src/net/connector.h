// Public. One TCP connection attempt with a deadline, classified the way people read
// it (net/outcome.h): ok, refused, timeout, unreachable. Used by send, http, probe's
// name resolution and the communicator.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "net/address.h"
#include "net/fd.h"
#include "net/outcome.h"
#include "net/syscalls.h"

namespace sockscope::net {

struct ConnectResult {
  Outcome outcome = Outcome::kError;  // kOk, kRefused, kTimeout, kUnreachable, kInterrupted, ...
  UniqueFd fd;                        // valid (non-blocking) when kOk
  int error = 0;                      // the errno behind the outcome, when there is one
  bool bind_failed = false;           // connect_from: the local address could not be bound
};

ConnectResult connect_with_deadline(const Endpoint& to, Duration timeout,
                                    const Clock& clock = SteadyClock::instance(),
                                    SysCalls& sys = SysCalls::real());
// The same from the local address `from` (a client's --bind; port 0 for any) when given.
// A bind that fails is kError with its errno and `bind_failed` set: the caller's usage
// error, not the network's.
ConnectResult connect_from(const Endpoint& to, const std::optional<Endpoint>& from,
                           Duration timeout, const Clock& clock = SteadyClock::instance(),
                           SysCalls& sys = SysCalls::real());

struct HostConnectResult {
  bool resolved = false;  // false: the name did not resolve (see resolve_error)
  std::string resolve_error;
  Endpoint peer;  // the address the connection (or the last attempt) used
  ConnectResult connection;
};

// The time an attempt on one of `left` remaining addresses may use before `deadline`:
// an even share, so a silent first address (an IPv6 ::1 nobody listens on behind a
// firewall, say) cannot use up the time of the ones after it.
Duration attempt_budget(TimePoint deadline, std::size_t left, const Clock& clock);

// Connects to each of `endpoints` in turn before one deadline, as Python's
// socket.create_connection() does: the first success wins, otherwise the last failure
// is reported. Ctrl-C stops at once. Each address gets attempt_budget() of the time.
HostConnectResult connect_to_any(const std::vector<Endpoint>& endpoints, Duration timeout,
                                 const Clock& clock = SteadyClock::instance(),
                                 SysCalls& sys = SysCalls::real());

// Resolves `host` and runs connect_to_any() on its addresses (a name such as
// `localhost` may give ::1 and 127.0.0.1). The clients of send, http and the like
// share this rule.
HostConnectResult connect_to_host(std::string_view host, std::uint16_t port, Duration timeout,
                                  const Clock& clock = SteadyClock::instance());

}  // namespace sockscope::net
