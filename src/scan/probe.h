// Public. One TCP port, one answer: the port-probing lab's probe_tcp(), done right.
// It runs on the probing core `scan` uses (scan/engine.h with scan/connect_prober.h):
// one pair, one fixed timeout, no retransmission, the answer in the lab's words.
#pragma once

#include <string>

#include "core/clock.h"
#include "net/connector.h"

namespace sockscope::scan {

struct ProbeOptions {
  std::string host;
  std::uint16_t port = 0;
  Duration timeout = std::chrono::seconds(3);
};

struct ProbeResult {
  bool open = false;
  std::string
      reason;  // "" when open; refused | timeout | name_error | unreachable | interrupted | error
  net::Endpoint address;  // what was connected to (unset on name_error)
  Duration elapsed{};
};

ProbeResult probe_tcp(const ProbeOptions& options, const Clock& clock = SteadyClock::instance());

}  // namespace sockscope::scan
