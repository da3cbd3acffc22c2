// Public. The extension headers after a captured IPv6 header, walked as Wireshark names
// them in frame.protocols: hop-by-hop (0), routing (43), destination options (60) and
// fragment (44), at most eight. For the filters' fields and frame.protocols; the
// dissector keeps its own walk, which also checks the payload length.
#pragma once

#include <cstdint>

#include "capture/byte_reader.h"
#include "capture/packet.h"

namespace sockscope::capture {

// Calls `each(type, bytes)` for each extension header of `l` (`bytes`: from the header
// on, to the end of what was captured); stops early when it returns false. Returns the
// protocol after the last header walked (the header's own next header when its
// datagram was not captured).
template <typename Each>
std::uint8_t walk_ipv6_extensions(const IpLayer& l, Each each) {
  std::uint8_t next = l.proto;
  ByteReader r(l.datagram);
  r.skip(40);
  for (int hops = 0; hops < 8 && r.ok(); ++hops) {
    if (next != 0 && next != 43 && next != 60 && next != 44) break;
    if (!each(next, r.rest())) break;
    const std::uint8_t following = r.u8();
    if (next == 44) {
      r.skip(7);
    } else {
      const std::uint8_t len8 = r.u8();
      r.skip((len8 + 1u) * 8u - 2);
    }
    next = following;
  }
  return next;
}

}  // namespace sockscope::capture
