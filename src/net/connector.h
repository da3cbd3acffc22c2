// Public. One TCP connection attempt with a deadline, classified the way people read
// it: open, refused, timeout, unreachable. Used by send, probe and the communicator.
#pragma once

#include <string>

#include "core/clock.h"
#include "net/address.h"
#include "net/fd.h"
#include "net/syscalls.h"

namespace sockscope::net {

enum class ConnectStatus { kConnected, kRefused, kTimeout, kUnreachable, kInterrupted, kError };

struct ConnectResult {
  ConnectStatus status = ConnectStatus::kError;
  UniqueFd fd;    // valid (non-blocking) when kConnected
  int error = 0;  // the errno behind the status, when there is one
};

// Maps a connect()/SO_ERROR errno to a status.
ConnectStatus classify_connect_errno(int error);

// "refused", "timeout", "unreachable", ... (the probe lab's words).
const char* connect_status_word(ConnectStatus status);

ConnectResult connect_with_deadline(const Endpoint& to, Duration timeout,
                                    const Clock& clock = SteadyClock::instance(),
                                    SysCalls& sys = SysCalls::real());

struct HostConnectResult {
  bool resolved = false;  // false: the name did not resolve (see resolve_error)
  std::string resolve_error;
  Endpoint peer;  // the address the connection (or the last attempt) used
  ConnectResult connection;
};

// Resolves `host` and connects to its addresses in order before one deadline, moving to
// the next address only when one refuses or is unreachable at once (a silent one uses
// up the time). The clients of send, http and the like share this rule.
HostConnectResult connect_to_host(std::string_view host, std::uint16_t port, Duration timeout,
                                  const Clock& clock = SteadyClock::instance());

}  // namespace sockscope::net
