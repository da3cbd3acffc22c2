#include "capture/ipv4_cut_destination.h"

#include <sys/socket.h>

#include <cstddef>
#include <cstdint>

namespace sockscope::capture {

// Measured against tshark 4.0 (tests/data/make_short_frames.py): the search reads each
// option's type and length, skips the option by its length without reading it, and stops
// at end of options or at a length below 2 or past the options; a source route's pointer
// is read, and one below 4, not a multiple of 4 or past the route (exhausted) leaves the
// header's destination; a valid one reads the route's last 4 bytes.
CutDestination cut_ipv4_destination(Bytes header, net::IpAddress& route) {
  const auto byte = [header](std::size_t i) { return static_cast<std::uint8_t>(header[i]); };
  const std::size_t end = (static_cast<std::size_t>(byte(0)) & 0x0fu) * 4u;
  std::size_t at = 20;
  while (at < end) {
    if (at >= header.size()) return CutDestination::kNone;
    const std::uint8_t type = byte(at);
    if (type == 0) break;  // end of options
    if (type == 1) {       // no operation
      ++at;
      continue;
    }
    if (at + 1 >= header.size()) return CutDestination::kNone;
    const std::size_t len = byte(at + 1);
    if (len < 2 || len > end - at) break;
    if (type == 0x83 || type == 0x89) {  // loose or strict source route
      if (at + 2 >= header.size()) return CutDestination::kNone;
      const std::size_t pointer = byte(at + 2);
      if (pointer < 4 || pointer % 4 != 0 || pointer > len) break;
      if (at + len > header.size()) return CutDestination::kNone;
      route = net::IpAddress{};
      route.family = AF_INET;
      for (std::size_t k = 0; k < 4; ++k) route.bytes[k] = byte(at + len - 4 + k);
      return CutDestination::kRoute;
    }
    at += len;
  }
  return CutDestination::kHeader;
}

}  // namespace sockscope::capture
