// Internal to scan/. What an ICMP or ICMPv6 error about one of our probes says about the
// probed port, by nmap's rules (its raw scan engine), so every reader of ICMP errors (raw
// socket or socket error queue, UDP or TCP) gives nmap's state and reason word:
//   ICMP 3/3, ICMPv6 1/4 port unreachable: UDP closed when the target itself sent it,
//     filtered otherwise (a router in between) and for TCP;
//   ICMP 3/0,1,2,9,10,13 and 11 (time exceeded), ICMPv6 1/0,1,2,3,5,6: filtered;
//   ICMPv6 4/0 parameter problem (bad field): open; 4/1: filtered;
//   anything else (other codes, redirects, packet too big): says nothing.
#pragma once

#include <cstdint>
#include <optional>

#include "net/address.h"
#include "net/fd.h"
#include "scan/types.h"

namespace sockscope::scan {

struct IcmpVerdict {
  PortState state;
  const char* reason;  // nmap's word: port-unreach, admin-prohibited, no-route, ...
};

// `family` AF_INET: ICMP type/code; AF_INET6: ICMPv6 type/code. `from_target`: the
// error's sender is the probed address.
std::optional<IcmpVerdict> icmp_verdict(net::Transport proto, int family, std::uint8_t type,
                                        std::uint8_t code, bool from_target);

// A raw ICMP (AF_INET) or ICMPv6 socket, non-blocking, that the kernel lets through only
// the error types icmp_verdict() acts on (not the host's echo or neighbour discovery
// traffic), with room for a fast scan's burst of them and, for ICMPv6, the hop limit
// beside each (IPV6_RECVHOPLIMIT). Empty when the kernel refuses (errno says why).
net::UniqueFd open_icmp_error_socket(int family);

}  // namespace sockscope::scan
