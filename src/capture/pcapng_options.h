// Public. The options of a pcapng packet block (Packet::pcapng_options), read as
// Wireshark 4.0's wiretap reads them: comments (code 1, any number), the flags word
// (epb_flags, 2), the drop count (epb_dropcount, 4) and the packet ID (epb_packetid, 5),
// in the section's byte order. A value that runs past the block ends the walk.
#pragma once

#include <cstdint>
#include <string_view>

#include "capture/packet.h"

namespace sockscope::capture {

enum PcapngOption : std::uint16_t {
  kOptComment = 1,
  kOptEpbFlags = 2,
  kOptEpbDropCount = 4,
  kOptEpbPacketId = 5,
};

// Calls `each(code, value)` for each option up to opt_endofopt; stops early when it
// returns false.
template <typename Each>
void for_each_pcapng_option(const Packet& p, Each each) {
  const Bytes o = p.pcapng_options;
  const auto u16 = [&](std::size_t at) {
    const auto a = static_cast<std::uint32_t>(o[at]), b = static_cast<std::uint32_t>(o[at + 1]);
    return static_cast<std::uint16_t>(p.pcapng_options_big_endian ? a << 8 | b : b << 8 | a);
  };
  for (std::size_t at = 0; at + 4 <= o.size();) {
    const std::uint16_t code = u16(at), length = u16(at + 2);
    if (code == 0 || at + 4 + length > o.size()) return;
    if (!each(code, o.subspan(at + 4, length))) return;
    at += 4 + ((length + 3u) & ~3u);
  }
}

// The first option `code` that holds an unsigned number of `Bytes` bytes (4 or 8), in
// the section's byte order; false when there is none.
inline bool pcapng_number_option(const Packet& p, std::uint16_t code, std::size_t bytes,
                                 std::uint64_t& value) {
  bool found = false;
  for_each_pcapng_option(p, [&](std::uint16_t c, Bytes v) {
    if (c != code || v.size() != bytes) return true;
    value = 0;
    for (std::size_t i = 0; i < bytes; ++i) {
      const auto byte =
          static_cast<std::uint64_t>(v[p.pcapng_options_big_endian ? i : bytes - 1 - i]);
      value = value << 8 | byte;
    }
    found = true;
    return false;
  });
  return found;
}

// Whether the packet has a comment: Wireshark then adds a pkt_comment item before the
// frame's link layer (the top of -z io,phs counts it).
inline bool pcapng_has_comment(const Packet& p) {
  bool found = false;
  for_each_pcapng_option(p, [&](std::uint16_t code, Bytes) {
    found = code == kOptComment;
    return !found;
  });
  return found;
}

}  // namespace sockscope::capture
