// Internal to scan/. Our address on the route to each target, as the kernel picks it
// for a socket bound to the wildcard address (net::route_source: a connected UDP socket,
// nothing sent), asked once per target and remembered. The raw ICMP reader of -sU uses
// it to check that an error quotes a datagram that left from us, not someone else's to
// the same address and port.
#pragma once

#include <cstddef>
#include <optional>
#include <unordered_map>

#include "net/target_list.h"

namespace sockscope::scan {

class RouteSources {
 public:
  // nullopt when the routing table has no route to `dst` (nothing can have left for it).
  std::optional<net::IpAddress> source_for(const net::IpAddress& dst);
  // The remembered routes are forgotten past this many targets (asked again when needed):
  // errors quoting many random addresses must not grow the table without end.
  static constexpr std::size_t kMaxEntries = 1 << 16;

 private:
  // target -> our address on its route (family AF_UNSPEC: no route)
  std::unordered_map<net::IpAddress, net::IpAddress, net::IpAddressHash> sources_;
  // The last target asked for and its answer: scans go port by port, so nearly every
  // probe asks for the target before it, and this spares the hash lookup.
  net::IpAddress last_dst_;
  std::optional<net::IpAddress> last_src_;
  bool have_last_ = false;
};

}  // namespace sockscope::scan
