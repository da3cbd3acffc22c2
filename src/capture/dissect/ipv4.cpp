// IPv4: header, options skipped, fragments recognised; the transport, or a tunnelled
// IPv4/IPv6 packet (dissected as one more layer).
#include <algorithm>
#include <cstring>

#include "capture/dissect/dissect.h"
#include "capture/dissect/ip_protocol.h"
#include "capture/ipv4_cut_destination.h"

namespace sockscope::capture {

std::uint8_t read_ipv4_header(ByteReader& r, IpLayer& l) {
  l.src.family = l.dst.family = AF_INET;
  if (r.has(20)) {
    // The common case: the fixed header is all there, so one bounds check serves it.
    const auto* h = reinterpret_cast<const std::uint8_t*>(r.take(20).data());
    auto be16 = [h](int i) { return static_cast<std::uint16_t>((h[i] << 8) | h[i + 1]); };
    l.tos = h[1];
    l.total_len = be16(2);
    l.id = be16(4);
    l.frag = be16(6);
    l.ttl = h[8];
    l.proto = h[9];
    l.checksum = be16(10);
    std::memcpy(l.src.bytes.data(), h + 12, 4);
    std::memcpy(l.dst.bytes.data(), h + 16, 4);
    l.header_len = static_cast<std::uint8_t>((h[0] & 0x0f) * 4);
    return h[0] >> 4;
  }
  // Cut short: read what is there field by field; the reader turns not-ok.
  std::uint8_t vihl = r.u8();
  l.tos = r.u8();
  l.total_len = r.u16();
  l.id = r.u16();
  l.frag = r.u16();
  l.ttl = r.u8();
  l.proto = r.u8();
  l.checksum = r.u16();
  r.copy(reinterpret_cast<std::byte*>(l.src.bytes.data()), 4);
  r.copy(reinterpret_cast<std::byte*>(l.dst.bytes.data()), 4);
  l.header_len = static_cast<std::uint8_t>((vihl & 0x0f) * 4);
  return vihl >> 4;
}

namespace {
// Packet::ip_bogus of the captured start of an IPv4 header (0: none of them).
std::uint8_t ipv4_bogus(Bytes h) {
  if (h.empty()) return 0;
  const auto first = static_cast<std::uint8_t>(h[0]);
  const unsigned hlen = (first & 0x0fu) * 4u;
  if ((first >> 4) != 4) return 1;
  if (hlen < 20) return 2;
  if (h.size() >= 4 && ((static_cast<unsigned>(h[2]) << 8) | static_cast<unsigned>(h[3])) < hlen)
    return 3;
  return 0;
}
}  // namespace

void dissect_ipv4(Bytes bytes, Packet& p) {
  // Wireshark stops at a bogus version, header length or total length before it reads
  // on: the header is named (ip) with the fields read so far, and its Info says why.
  if (const std::uint8_t bogus = ipv4_bogus(bytes); bogus != 0) {
    p.partial = kProtoIp;
    p.partial_bytes = bytes;
    p.ip_bogus = bogus;
    return;
  }
  ByteReader r(bytes);
  IpLayer l;
  read_ipv4_header(r, l);  // its version is 4 (ipv4_bogus)
  // A tunnel's outer addresses stay in the columns when this inner header is cut short.
  const net::IpAddress outer_src = p.src, outer_dst = p.dst;
  p.src = l.src;
  p.dst = l.dst;
  p.tos = l.tos;
  p.ip_total_len = l.total_len;
  p.ip_id = l.id;
  p.ip_frag = l.frag;
  p.ttl = l.ttl;
  p.ip_proto = l.proto;
  p.ip_checksum = l.checksum;
  if (!r.ok()) {
    p.src = outer_src;
    p.dst = outer_dst;
    p.partial = kProtoIp;
    p.partial_bytes = bytes;
    return mark_cut(p, "IPv4 header", 20, reported_size(bytes, p));
  }

  // (a bogus version, header length or total length was caught above: ipv4_bogus)
  r.skip(l.header_len - 20u);
  if (!r.ok()) {
    // Wireshark looks through the options for a source route before it reads the
    // destination: with options cut short, the header has fields up to the source, and
    // a destination only if that search ended within what was captured.
    p.src = outer_src;
    net::IpAddress route;
    switch (cut_ipv4_destination(bytes, route)) {
      case CutDestination::kNone:
        p.dst = outer_dst;
        break;
      case CutDestination::kHeader:
        break;  // (l.dst, set above)
      case CutDestination::kRoute:
        p.dst = route;
        break;
    }
    p.partial = kProtoIp;
    p.partial_bytes = bytes;
    return mark_cut(p, "IPv4 options", l.header_len, reported_size(bytes, p));
  }
  // A source route with an address still to go names the packet's final destination
  // (RFC 791 3.1), which Wireshark reads as the destination: ip.dst, the columns, the
  // conversations (tcp.stream, udp.stream).
  if (net::IpAddress route;
      l.header_len > 20 &&
      cut_ipv4_destination(bytes.first(l.header_len), route) == CutDestination::kRoute)
    l.dst = p.dst = route;
  p.ip_header_len = l.header_len;
  p.protos |= kProtoIp;
  l.datagram = bytes.first(std::min<std::size_t>(bytes.size(), l.total_len));
  if (!add_ip_layer(p, l)) return;
  std::uint32_t claimed = p.ip_total_len - p.ip_header_len;
  Bytes rest = r.rest();
  // A total length beyond the frame's end ("IPv4 total length exceeds packet length" in
  // Wireshark) leaves the transport what the wire holds.
  const auto reported =
      static_cast<std::uint32_t>(std::min<std::size_t>(claimed, reported_size(rest, p)));
  rest = rest.first(std::min<std::size_t>(rest.size(), claimed));  // drop Ethernet padding
  p.l3 = bytes.first(std::min<std::size_t>(bytes.size(), p.ip_total_len));
  bool more_fragments = (p.ip_frag & 0x2000) != 0;
  if ((p.ip_frag & 0x1fff) != 0 || more_fragments) {
    p.fragment = true;
    p.frag.id = p.ip_id;
    p.frag.offset = (p.ip_frag & 0x1fffu) * 8u;
    p.frag.more = more_fragments;
    p.frag.data = rest;
    p.frag.whole = rest.size() == claimed;
    return;
  }
  // Wireshark hands an IPv4 payload that is empty on the wire to no dissector.
  if (reported == 0) {
    p.ip_payload_empty = true;
    return;
  }
  dissect_transport(p.ip_proto, rest, claimed, p);
}

namespace {
// Kept apart from dissect_transport, so that the common transports stay inlined there.
[[gnu::noinline]] void dissect_tunnel(std::uint8_t proto, Bytes bytes, std::uint32_t claimed,
                                      Packet& p) {
  if (proto == 4)  // IPv4 in IPv4 (ipip): Wireshark dissects every layer
    dissect_ipv4(bytes, p);
  else if (proto == 41)  // IPv6 in IPv4 (sit) or in IPv6
    dissect_ipv6(bytes, p);
  else
    dissect_gre(bytes, claimed, p);
}
}  // namespace

void dissect_transport(std::uint8_t proto, Bytes bytes, std::uint32_t claimed, Packet& p) {
  switch (proto) {
    case 6:
      dissect_tcp(bytes, claimed, p);
      break;
    case 17:
      dissect_udp(bytes, claimed, p);
      break;
    case 1:
      dissect_icmp(bytes, claimed, p);
      break;
    case 58:
      dissect_icmpv6(bytes, claimed, p);
      break;
    case 4:
    case 41:
    case 47:
      dissect_tunnel(proto, bytes, claimed, p);
      break;
    default:
      // A number no Wireshark dissector is registered for: its bytes are Wireshark's data
      // (one it has a dissector for stays undissected here, and filters say so).
      if (!wireshark_ip_protocol(proto).dissected) {
        p.ip_proto_data = true;
        p.payload = bytes;
        p.payload_len = static_cast<std::uint32_t>(bytes.size());
      }
      break;
  }
}

}  // namespace sockscope::capture
