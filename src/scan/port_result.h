// Public. The answer for one host/port pair, as nmap defines states and reasons:
// TCP open (syn-ack), closed (reset / conn-refused), filtered (no-response, ICMP
// unreachable); UDP open (udp-response), closed (port-unreach), open|filtered
// (no-response), filtered (other ICMP unreachable).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "net/address.h"
#include "net/target_list.h"

namespace sockscope::scan {

enum class PortState { kOpen, kClosed, kFiltered, kOpenFiltered };

// "open", "closed", "filtered", "open|filtered".
const char* state_name(PortState state);
bool parse_state_name(std::string_view text, PortState& out);
const char* proto_name(net::Transport proto);  // "tcp" / "udp"

struct PortResult {
  std::uint64_t target_index = 0;  // position in the TargetList (for grouping per host)
  net::Target target;
  std::uint16_t port = 0;
  net::Transport proto = net::Transport::kTcp;
  PortState state = PortState::kFiltered;
  std::string reason;  // nmap's reason word: syn-ack, reset, conn-refused, no-response, ...
  int ttl = -1;        // reason_ttl: TTL of the reply, -1 when there was none
  int window = -1;     // TCP window of a SYN-ACK / RST (SYN scan), -1 otherwise
  Duration rtt{};      // time from the answered probe to its reply
  // reason_ip: who sent the ICMP error when it was not the target (a router on the way)
  std::optional<net::IpAddress> reason_ip{};
};

// Orders results by protocol, then port; results with equal keys keep their order. A
// scan's hosts come in that order already (result_slots.h): this serves the few results
// outside it, and the NDJSON writer's --open record.
void sort_by_port(std::vector<PortResult>& results);

}  // namespace sockscope::scan
