// Public. The destination of an IPv4 header cut inside its options, as Wireshark 4.0
// finds it: before it reads the destination it searches the options for a loose or
// strict source route, whose last address is the packet's final destination (RFC 791
// 3.1), and a read of that search past what was captured ends the header there. For the
// Destination column (ipv4.cpp) and ip.dst (the filters' fields).
#pragma once

#include "capture/byte_reader.h"
#include "net/ip_address.h"

namespace sockscope::capture {

enum class CutDestination {
  kNone,    // the search read past the capture: no destination
  kHeader,  // it ended (end of options, a bad length, no route): the header's, ip.dst
  kRoute,   // a source route's last address: the column's, with no ip.dst item
};

// `header`: the captured bytes of an IPv4 header (version 4, a header length of 20 or
// more) that holds at least its fixed 20 bytes and fewer than its header length, or all
// of it (ipv4.cpp: a whole header's destination, never kNone then).
CutDestination cut_ipv4_destination(Bytes header, net::IpAddress& route);

}  // namespace sockscope::capture
