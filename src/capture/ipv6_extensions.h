// Public. The extension headers after a captured IPv6 header, walked as Wireshark names
// them in frame.protocols: hop-by-hop (0), routing (43), destination options (60) and
// fragment (44), at most eight, and the options of the first and last, as packet-ipv6.c
// reads them. For the filters' fields and frame.protocols; the dissector keeps its own
// walk of the headers, which also checks the payload length, and reads the options with
// walk_ipv6_options to know where Wireshark's reading fails.
#pragma once

#include <algorithm>
#include <cstddef>
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

// The destination of IPv6 header `l` as Wireshark's columns (and ICMPv6's checksum) take
// it: a routing header with segments left names the final one, which the type 0 (its
// last address), 2 (the home address) and 4 (the first segment, before the others are
// read) dissectors put there once they have read it.
inline net::IpAddress ipv6_routed_destination(const IpLayer& l) {
  net::IpAddress dst = l.dst;
  walk_ipv6_extensions(l, [&dst](std::uint8_t type, Bytes h) {
    if (type != 43 || h.size() < 8) return true;
    const auto at = [&h](std::size_t i) { return static_cast<std::uint8_t>(h[i]); };
    const std::size_t count = at(1) / 2u;  // type 0's addresses
    std::size_t from = 0;
    if (at(2) == 0 && count > 0 && h.size() >= 8 + count * 16) from = 8 + (count - 1) * 16;
    // (within the data its dissector was given)
    if ((at(2) == 2 || at(2) == 4) && h.size() >= 24 && at(1) >= 2) from = 8;
    if (at(3) > 0 && from != 0)
      for (std::size_t k = 0; k < 16; ++k) dst.bytes[k] = at(from + k);
    return true;
  });
  return dst;
}

// One option of a hop-by-hop or destination options header, as packet-ipv6.c's
// dissect_opts reads it.
struct Ipv6Option {
  std::uint8_t type = 0;
  std::uint8_t length = 0;  // (0 for Pad1, which has none)
  // Whether the bytes its dissector reads past the type and length were captured, and
  // those bytes (Wireshark knows a few types: it reads their value whatever the length
  // says; the others are read as `length` bytes)
  bool value_captured = false;
  Bytes value;
  // What was captured of those bytes (all of them when value_captured): Wireshark adds
  // a value's fields one by one, those before the cut.
  Bytes captured;
  // What the option's dissector left unread of its length, and whether it was captured
  bool unread_captured = false;
  Bytes unread;
};

// How many bytes Wireshark 4.0's dissector of option `type` reads past its type and
// length bytes, or -1: as many as the length says (unknown types, PadN, the variable ones).
inline int ipv6_option_reads(std::uint8_t type) {
  switch (type) {
    case 0x04:  // tunnel encapsulation limit
      return 1;
    case 0x05:  // router alert
      return 2;
    case 0xC2:  // jumbo payload
    case 0x30:  // minimum path MTU
    case 0x63:  // RPL
    case 0x41:  // tunnel payload forwarding
      return 4;
    case 0x0F:  // performance and diagnostic metrics
      return 10;
    case 0xC9:  // home address
      return 16;
    case 0xEE:  // depth-first forwarding
      return 3;
    default:
      return -1;
  }
}

// Calls `each(option)` for each option of the hop-by-hop or destination options header
// `h` (its captured bytes, from the header on to the end of the captured datagram) that
// claims `len` bytes: an option may run past the header's end, as the dissector is given
// the whole rest. Returns 0, or where the first read that was not captured ends (counted
// from the header's start): nothing after it is read (the last option given may lack its
// value or unread bytes).
template <typename Each>
std::size_t walk_ipv6_options(Bytes h, std::size_t len, Each each) {
  if (h.size() < 2) return 2;  // its next header and length first
  std::size_t off = 2;
  while (off < len) {
    if (off + 2 > h.size()) return off + 2;  // every option's type and length are read
    Ipv6Option o;
    o.type = static_cast<std::uint8_t>(h[off]);
    if (o.type == 0) {  // Pad1
      o.value_captured = o.unread_captured = true;
      each(o);
      off += 1;
      continue;
    }
    o.length = static_cast<std::uint8_t>(h[off + 1]);
    off += 2;
    const int reads = ipv6_option_reads(o.type);
    const std::size_t n = reads < 0 ? o.length : static_cast<std::size_t>(reads);
    o.value_captured = off + n <= h.size();
    if (o.value_captured) o.value = h.subspan(off, n);
    o.captured = h.subspan(off, std::min(n, h.size() - off));
    const std::size_t end = off + std::max<std::size_t>(n, o.length);
    o.unread_captured = o.value_captured && end <= h.size();
    if (o.unread_captured) o.unread = h.subspan(off + n, end - off - n);
    each(o);
    if (!o.value_captured) return off + n;
    if (!o.unread_captured) return end;
    off = end;
  }
  return 0;
}

// The source of IPv6 header `l` as Wireshark's columns (and ICMPv6's checksum) take it: a
// home address option (mobile IPv6) names it, once its dissector has read it.
inline net::IpAddress ipv6_home_source(const IpLayer& l) {
  net::IpAddress src = l.src;
  walk_ipv6_extensions(l, [&src](std::uint8_t type, Bytes h) {
    if ((type != 0 && type != 60) || h.size() < 2) return true;
    return walk_ipv6_options(h, (static_cast<std::size_t>(h[1]) + 1u) * 8u,
                             [&src](const Ipv6Option& o) {
                               if (o.type != 0xC9 || !o.value_captured) return;
                               for (std::size_t k = 0; k < 16; ++k)
                                 src.bytes[k] = static_cast<std::uint8_t>(o.value[k]);
                             }) == 0;
  });
  return src;
}

// The innermost IPv6 header whose datagram was dissected, if it gave the packet's
// addresses (Packet::src and dst).
inline const IpLayer* addressing_ipv6_layer(const Packet& p) {
  if (p.src.family != AF_INET6) return nullptr;
  const IpLayer* l = nullptr;
  for (int i = 0; i < p.ip_layer_count; ++i)
    if (!p.ip_layers[i].datagram.empty()) l = &p.ip_layers[i];
  if (l == nullptr || l->src.family != AF_INET6 || l->dst != p.dst || l->src != p.src)
    return nullptr;
  return l;
}

// The packet's source and destination as Wireshark's IPv6 dissector leaves them
// (pinfo->src and dst) once that header's home address option and routing header have
// named the real ones: what its columns show and what its TCP and UDP conversations
// (tcp.stream, udp.stream) are keyed by.
inline net::IpAddress conversation_source(const Packet& p) {
  const IpLayer* l = addressing_ipv6_layer(p);
  return l != nullptr ? ipv6_home_source(*l) : p.src;
}
inline net::IpAddress conversation_destination(const Packet& p) {
  const IpLayer* l = addressing_ipv6_layer(p);
  return l != nullptr ? ipv6_routed_destination(*l) : p.dst;
}

}  // namespace sockscope::capture
