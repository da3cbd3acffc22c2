// GRE (IP protocol 47; RFC 2784, the key and sequence number of RFC 2890, PPTP's
// version 1 of RFC 2637): flags and version, protocol type, the optional checksum/offset,
// key, sequence and acknowledgment numbers, routing entries skipped. IPv4 and IPv6
// payloads, PPP (PPTP) and bridged Ethernet (gretap) are dissected as further layers, as
// Wireshark does; other payloads are not.
#include <algorithm>

#include "capture/dissect/dissect.h"

namespace sockscope::capture {

namespace {
constexpr std::uint16_t kGreChecksum = 0x8000, kGreRouting = 0x4000, kGreKey = 0x2000,
                        kGreSeq = 0x1000, kGreAck = 0x0080;

// The GRE protocol types Wireshark 4.0 hands to a dissector (`tshark -G decodes`).
bool wireshark_knows(std::uint16_t type) {
  static constexpr std::uint16_t kKnown[] = {254,   257,   2048,  2054,  8192,  8193,  8939,  25600,
                                             25944, 25945, 33079, 34525, 34827, 34878, 34887, 34888,
                                             34945, 35006, 35026, 35081, 35151, 47082};
  if (type >= 33280 && type <= 33632 && type % 16 == 0) return true;  // 802.11 frames
  for (std::uint16_t k : kKnown)
    if (k == type) return true;
  return false;
}
}  // namespace

bool read_gre_header(ByteReader& r, GreHeader& g) {
  g.flags_ver = r.u16();
  g.proto = r.u16();
  const std::uint16_t f = g.flags_ver;
  const bool v1 = (f & 7) == 1;
  if (f & (kGreChecksum | kGreRouting)) {
    g.checksum = r.u16();
    g.offset = r.u16();
  }
  if (f & kGreKey) g.key = r.u32();
  if (f & kGreSeq) g.seq = r.u32();
  if (v1 && (f & kGreAck)) g.ack = r.u32();
  if (f & kGreRouting) {
    // Source route entries: family (2), offset (1), length (1), information; a zero
    // family and length end the list.
    for (int entries = 0; r.ok() && entries < 64; ++entries) {
      std::uint16_t family = r.u16();
      r.skip(1);
      std::uint8_t length = r.u8();
      if (family == 0 && length == 0) break;
      r.skip(length);
    }
  }
  return r.ok();
}

void dissect_gre(Bytes bytes, std::uint32_t claimed, Packet& p) {
  ByteReader r(bytes);
  GreHeader g;
  if (!read_gre_header(r, g)) return mark_truncated(p, "GRE header");
  g.header_len = static_cast<std::uint8_t>(std::min<std::size_t>(r.offset(), 255));
  g.bytes = bytes;
  p.protos |= kProtoGre;
  // Every GRE header is kept, in wire order (a tunnel in a tunnel gives gre.key#2); one
  // nested deeper than we keep is not dissected further.
  if (p.gre_count >= kMaxGreLayers) return;
  GreHeader& slot = p.gre[p.gre_count++];
  slot = g;
  // Version 0 carries an Ethernet protocol type; PPTP's version 1 carries PPP.
  if ((g.flags_ver & 7) == 0 && (g.proto == 0x0800 || g.proto == 0x86dd)) {
    slot.payload_dissected = true;
    if (g.proto == 0x0800)
      dissect_ipv4(r.rest(), p);
    else
      dissect_ipv6(r.rest(), p);
    return;
  }
  // PPP: Wireshark hands it the payload unless the packet is a bare PPTP acknowledgment
  // (no sequence number, nothing after the header). One PPP layer per packet is kept.
  if (g.proto == 0x880b && ((g.flags_ver & kGreSeq) || r.remaining() > 0) && !p.has(kProtoPpp)) {
    slot.payload_dissected = true;
    // The PPP frame's reported length: the IP payload's, as far as the wire held it.
    const std::size_t reported = std::min<std::size_t>(claimed, reported_size(bytes, p));
    return dissect_ppp(r.rest(), reported > r.offset() ? reported - r.offset() : 0, p);
  }
  if ((g.flags_ver & 7) == 0 && g.proto == 0x6558 && bridged_gre(p) == nullptr) {
    // Ethernet bridged over GRE: a second Ethernet header, its VLAN tags, then its
    // ethertype as for the outer one. The eth fields get a second occurrence; the outer
    // header stays the packet's own (p.eth_src, p.ethertype).
    slot.eth = r.rest();
    r.copy(reinterpret_cast<std::byte*>(slot.eth_dst.data()), 6);
    r.copy(reinterpret_cast<std::byte*>(slot.eth_src.data()), 6);
    const std::uint16_t type = r.u16();
    if (!r.ok()) return mark_truncated(p, "Ethernet header");
    slot.ethertype = type;  // eth.type is the header's own field (0x8100 before a VLAN tag)
    slot.inner_type = type;
    slot.payload_dissected = true;
    if (type < 0x0600) return;  // 802.3 length field: LLC, not dissected
    const std::uint16_t outer = p.ethertype;
    const std::uint8_t own_tags = p.vlan_count;
    dissect_ethertype(type, r.rest(), p);
    p.ethertype = outer;
    for (int i = own_tags; i < p.vlan_count; ++i) {
      p.vlan[static_cast<std::size_t>(i)].bridged = true;
      slot.inner_type = p.vlan[static_cast<std::size_t>(i)].type;  // after the last tag
    }
    return;
  }
  // Other payloads (MPLS, ...) are not dissected. A protocol type Wireshark 4.0 has no
  // dissector for goes to its "data" dissector, as here.
  if (!wireshark_knows(g.proto) && r.remaining() > 0) {
    slot.payload_is_data = true;
    p.payload = r.rest();
    p.payload_len = static_cast<std::uint32_t>(p.payload.size());
    p.protos |= kProtoData;
  }
}

}  // namespace sockscope::capture
