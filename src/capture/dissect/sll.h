// Public. A Linux cooked capture header (v1, 16 bytes, or v2, 20 bytes), read from the
// frame on demand: the display filters' sll.* fields and frame.protocols need it; the
// dissector itself only keeps what the layers above use.
#pragma once

#include <cstdint>

#include "capture/packet.h"

namespace sockscope::capture {

struct SllHeader {
  std::uint16_t pkttype = 0;  // 0 to us, 1 broadcast, 2 multicast, 3 to another host, 4 sent
  std::uint16_t hatype = 0;   // ARPHRD_* (1 Ethernet, 772 loopback, 778 IP-GRE, ...)
  std::uint16_t halen = 0;    // how many bytes of `address` are the address
  Bytes address;              // the 8-byte address field
  std::uint16_t protocol = 0;
  std::uint32_t ifindex = 0;  // v2 only
  bool v2 = false;
  // A header cut short has the fields before the cut: which were captured.
  struct {
    bool pkttype = false, hatype = false, halen = false, address = false, protocol = false,
         ifindex = false;
  } has;
};

constexpr std::uint16_t kArphrdIpGre = 778;

// The header of a Linux cooked frame, whole or as much as was captured of it; false when
// the frame is of another link type.
bool sll_header(const Packet& p, SllHeader& out);

}  // namespace sockscope::capture
