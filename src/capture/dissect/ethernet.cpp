// Ethernet II (its VLAN tags: vlan.cpp).
#include "capture/dissect/dissect.h"

namespace sockscope::capture {

void dissect_ethernet(Bytes bytes, Packet& p) {
  ByteReader r(bytes);
  r.copy(reinterpret_cast<std::byte*>(p.eth_dst.data()), 6);
  r.copy(reinterpret_cast<std::byte*>(p.eth_src.data()), 6);
  std::uint16_t type = r.u16();
  if (!r.ok()) return mark_cut(p, "Ethernet header", 14, reported_size(bytes, p));
  p.protos |= kProtoEth;
  p.has_mac = true;
  // Wireshark 4.0 reads 1..1500 as an 802.3 length (LLC, or raw IPX), 1501..1535 as an
  // invalid length/type whose bytes are data, and 0 and the rest as an ethertype.
  if (type >= 1 && type <= 1500) {
    p.ethertype = type;
    p.eth_kind = EthKind::kLength;
    return dissect_ieee8023(type, r.rest(), p);
  }
  if (type > 1500 && type < 0x0600) {
    p.ethertype = type;
    p.eth_kind = EthKind::kInvalidLengthType;
    return take_as_ether_data(r.rest(), p);
  }
  dissect_ethertype(type, r.rest(), p);
}

}  // namespace sockscope::capture
