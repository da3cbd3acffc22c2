// Public. ICMPv6 neighbour discovery's options (RFC 4861 §4.6), as Wireshark 4.0's
// packet-icmpv6.c walks them: the summary line names the link-layer addresses in them,
// and the display filter's icmpv6.opt.* fields read each one.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "capture/packet.h"

namespace sockscope::capture {

// Where the options start in an ND message of this type (from the ICMPv6 type byte),
// 0 for a type that carries none: Router Solicitation 8, Router Advertisement 16,
// Neighbor Solicitation and Advertisement 24, Redirect 40.
constexpr std::size_t nd_options_offset(std::uint8_t type) {
  switch (type) {
    case 133:
      return 8;
    case 134:
      return 16;
    case 135:
    case 136:
      return 24;
    case 137:
      return 40;
    default:
      return 0;
  }
}

// The captured options of an ICMPv6 ND message (empty when it has none or they were
// not captured).
inline Bytes nd_options(const Packet& p) {
  if (!p.has(kProtoIcmpv6) || p.l4.empty()) return {};
  const std::size_t at = nd_options_offset(static_cast<std::uint8_t>(p.l4[0]));
  return at == 0 || p.l4.size() <= at ? Bytes{} : p.l4.subspan(at);
}

// One option: its type, its length byte (units of 8 bytes) and what was captured of it
// from its type byte on (at most length * 8 bytes).
struct NdOption {
  std::uint8_t type = 0;
  std::uint8_t length = 0;
  Bytes bytes;
};

// Calls `each(option)` for each option in order. Like Wireshark, stops after an option of
// length 0 (which it reports as invalid and cannot step over) and after one the capture
// cut (its fields up to the cut are still there); an option whose type and length bytes
// were not both captured is not seen.
template <typename Each>
void for_each_nd_option(Bytes options, Each each) {
  while (options.size() >= 2) {
    NdOption o;
    o.type = static_cast<std::uint8_t>(options[0]);
    o.length = static_cast<std::uint8_t>(options[1]);
    const std::size_t len = std::size_t{o.length} * 8;
    o.bytes = options.first(len == 0 ? 2 : std::min(len, options.size()));
    each(o);
    if (len == 0 || len > options.size()) return;
    options = options.subspan(len);
  }
}

// The address of a source (type 1) or target (type 2) link-layer address option: an
// Ethernet address in an 8-byte option, an EUI-64 in a 16-byte one whose last 6 bytes are
// zero (`named`: the summary line names these two, "from 02:.."), else all of the option
// after its type and length. Empty when the option has length 0 or was cut before it.
struct NdLinkAddress {
  Bytes bytes;
  bool named = false;
};
inline NdLinkAddress nd_link_address(const NdOption& o) {
  NdLinkAddress a;
  if (o.length == 0) return a;
  std::size_t n = std::size_t{o.length} * 8 - 2;
  if (o.length == 1) {
    n = 6;
    a.named = true;
  } else if (o.length == 2 && o.bytes.size() >= 16 &&
             std::all_of(o.bytes.begin() + 10, o.bytes.begin() + 16,
                         [](std::byte b) { return b == std::byte{0}; })) {
    n = 8;
    a.named = true;
  }
  if (o.bytes.size() < 2 + n) return {};
  a.bytes = o.bytes.subspan(2, n);
  return a;
}

}  // namespace sockscope::capture
