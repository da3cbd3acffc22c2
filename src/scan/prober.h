// Public. The scan type as a type: a Prober sends one kind of probe (TCP connect, raw
// SYN, UDP datagram) and turns what comes back into states. The Engine owns the
// schedule (which pair next, when to retransmit, how fast); a Prober owns the sockets.
// Neither prints. Tests drive the Engine with a scripted Prober and a ManualClock.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "core/clock.h"
#include "net/ip_address.h"
#include "scan/types.h"

namespace sockscope::scan {

// One host/port pair of the scan (the protocol is the prober's).
using ProbeKey = net::IpEndpoint;
using ProbeKeyHash = net::IpEndpointHash;

// What a probe's answer says about its port.
struct Reply {
  ProbeKey key;
  PortState state = PortState::kFiltered;
  const char* reason = "no-response";
  int ttl = -1;
  int window = -1;
  // An ICMP error's sender when it is not the probed address (a router, a firewall):
  // nmap's reason_ip. Empty for every other answer.
  std::optional<net::IpAddress> reason_ip{};
};

enum class SendStatus {
  kSent,      // in flight; an answer may come through wait()
  kAnswered,  // answered at once (appended to the replies), nothing in flight
  kBusy,      // out of a local resource (descriptors, ports, buffer): try again later
};

class Prober {
 public:
  virtual ~Prober() = default;
  virtual net::Transport proto() const = 0;
  // Sends probe number `attempt` (0 = first) for `key`.
  virtual SendStatus send(const ProbeKey& key, int attempt, std::vector<Reply>& replies) = 0;
  // The engine gave up on or is about to retransmit `key`: release what it holds.
  virtual void abandon(const ProbeKey& key) = 0;
  // Blocks up to `max_wait` for answers and appends them (answers to keys the engine no
  // longer waits for are ignored by the engine).
  virtual void wait(Duration max_wait, std::vector<Reply>& replies) = 0;
  // The verdict for a probe never answered: TCP filtered, UDP open|filtered.
  virtual Reply no_response(const ProbeKey& key) const = 0;
};

}  // namespace sockscope::scan
