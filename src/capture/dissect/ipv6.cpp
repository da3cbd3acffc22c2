// IPv6: fixed header and the extension-header chain (hop-by-hop, routing, fragment,
// destination options) up to the transport header.
#include <algorithm>
#include <cstdint>

#include "capture/dissect/dissect.h"
#include "capture/ipv6_extensions.h"

namespace sockscope::capture {

namespace {

// Where the first read of Wireshark's dissector of extension header `type` (hop-by-hop,
// routing or destination options; `h`: its captured bytes and what follows) that was not
// captured ends, from the header's start; 0 if every read was, the header whole.
std::size_t ext_header_fails(std::uint8_t type, Bytes h) {
  if (type == 43) {  // next header, length, type, segments left, then the type's data
    if (h.size() < 4) return h.size() + 1;
    const std::size_t len = (static_cast<std::size_t>(h[1]) + 1u) * 8u;
    // where the reads of a type's dissector end: type 2's home address, type 4's segments
    // (as many as its last entry says, 256 for 255), which may run past the header
    std::size_t reads = 0;
    if (h[2] == std::byte{2}) reads = 24;
    if (h[2] == std::byte{4}) {
      if (h.size() < 5) return std::min<std::size_t>(5, len);
      reads = 8 + (static_cast<std::size_t>(h[4]) + 1u) * 16u;
    }
    // past the header: a read past the data the dissector was given, malformed however
    // much was captured (unless the capture ended first)
    if (reads > len) return h.size() >= len ? SIZE_MAX : len;
  } else if (const std::size_t fail = walk_ipv6_options(
                 h, h.size() >= 2 ? (static_cast<std::size_t>(h[1]) + 1u) * 8u : 0,
                 [](const Ipv6Option&) {})) {
    return fail;
  }
  const std::size_t len = (static_cast<std::size_t>(h[1]) + 1u) * 8u;
  return len > h.size() ? len : 0;  // what follows starts past the capture
}

}  // namespace

void dissect_ipv6(Bytes bytes, Packet& p) {
  // A tunnel's outer addresses stay in the columns when this inner header is unusable.
  const net::IpAddress outer_src = p.src, outer_dst = p.dst;
  ByteReader r(bytes);
  std::uint32_t vtcfl = r.u32();
  std::uint16_t payload_len = r.u16();
  std::uint8_t next = r.u8();
  p.ttl = r.u8();
  p.src.family = p.dst.family = AF_INET6;
  r.copy(reinterpret_cast<std::byte*>(p.src.bytes.data()), 16);
  r.copy(reinterpret_cast<std::byte*>(p.dst.bytes.data()), 16);
  if (!r.ok()) {
    p.src = outer_src;
    p.dst = outer_dst;
    p.partial = kProtoIpv6;
    p.partial_bytes = bytes;
    return mark_cut(p, "IPv6 header", 40, reported_size(bytes, p));
  }
  if ((vtcfl >> 28) != 6) {
    p.src = outer_src;
    p.dst = outer_dst;
    return mark_malformed(p, "IPv6: version field is not 6");
  }
  p.protos |= kProtoIpv6;
  IpLayer layer;
  layer.src = p.src;
  layer.dst = p.dst;
  layer.proto = next;
  layer.ttl = p.ttl;
  layer.header_len = 40;
  layer.tos = static_cast<std::uint8_t>((vtcfl >> 20) & 0xff);
  layer.total_len = static_cast<std::uint16_t>(std::min<std::uint32_t>(payload_len + 40u, 0xffff));
  layer.datagram = bytes.first(std::min<std::size_t>(bytes.size(), payload_len + 40u));
  if (!add_ip_layer(p, layer)) return;
  IpLayer& added = p.ip_layers[p.ip_layer_count - 1];
  p.tos = static_cast<std::uint8_t>((vtcfl >> 20) & 0xff);
  p.ipv6_flow = vtcfl & 0xfffff;
  p.ip_header_len = 40;
  p.ip_total_len = static_cast<std::uint16_t>(std::min<std::uint32_t>(payload_len + 40u, 0xffff));
  std::uint32_t claimed = payload_len;
  p.l3 = bytes.first(std::min<std::size_t>(bytes.size(), payload_len + 40u));
  for (int hops = 0; hops < 8; ++hops) {
    if (next == 0 || next == 43 || next == 60) {
      const Bytes h = r.rest();
      const std::size_t fail = ext_header_fails(next, h);
      std::uint8_t following = r.u8();
      std::uint8_t len8 = r.u8();
      std::uint32_t ext = (len8 + 1u) * 8u;
      r.skip(ext - 2);
      if (fail != 0) {
        // (Wireshark sizes its ipv6 item to span the extension headers once it has read
        // them all: an exception in one leaves it 40 bytes long)
        added.ext_len = 0;
        // a read past what the packet holds (the payload length left, within the frame's
        // length) is malformed; one past what was captured only, short
        const std::size_t wire_rest = h.size() + (p.len > p.caplen ? p.len - p.caplen : 0u);
        if (fail > std::min<std::size_t>(claimed, wire_rest))
          return mark_malformed(p, "IPv6: extension header beyond the packet");
        return mark_truncated(p, "IPv6 extension header");
      }
      if (claimed < ext) {
        added.ext_len = 0;
        return mark_malformed(p, "IPv6: extension header beyond payload length");
      }
      claimed -= ext;
      next = following;
      added.ext_len =
          static_cast<std::uint16_t>(std::min<std::uint32_t>(added.ext_len + ext, 0xffff));
    } else if (next == 44) {
      std::uint8_t following = r.u8();
      r.skip(1);
      std::uint16_t off = r.u16();
      std::uint32_t ident = r.u32();
      if (!r.ok()) return mark_truncated(p, "IPv6 fragment header");
      if (claimed < 8) return mark_malformed(p, "IPv6: fragment header beyond payload length");
      claimed -= 8;
      next = following;
      if ((off & 0xfff8) != 0 || (off & 1) != 0) {
        // a piece of a datagram: Wireshark's ipv6 item spans the fragment header only on
        // the frame that completes it (IpReassembler::add)
        p.ip_proto = next;
        p.fragment = true;
        p.frag.id = ident;
        p.frag.offset = off & 0xfff8u;
        p.frag.more = (off & 1) != 0;
        Bytes rest = r.rest();
        p.frag.data = rest.first(std::min<std::size_t>(rest.size(), claimed));
        p.frag.whole = p.frag.data.size() == claimed;
        return;
      }
      added.ext_len = static_cast<std::uint16_t>(std::min(added.ext_len + 8, 0xffff));
    } else {
      break;
    }
  }
  p.ip_proto = next;
  Bytes rest = r.rest();
  rest = rest.first(std::min<std::size_t>(rest.size(), claimed));
  // (a payload the frame ends before goes to the transport all the same, unlike IPv4's:
  // it reads what the wire holds, reported_size)
  dissect_transport(next, rest, claimed, p);
}

}  // namespace sockscope::capture
