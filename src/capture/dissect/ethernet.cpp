// Ethernet II (its VLAN tags: vlan.cpp).
#include "capture/dissect/dissect.h"

namespace sockscope::capture {

void dissect_ethernet(Bytes bytes, Packet& p) {
  ByteReader r(bytes);
  r.copy(reinterpret_cast<std::byte*>(p.eth_dst.data()), 6);
  r.copy(reinterpret_cast<std::byte*>(p.eth_src.data()), 6);
  std::uint16_t type = r.u16();
  if (!r.ok()) return mark_truncated(p, "Ethernet header");
  p.protos |= kProtoEth;
  p.has_mac = true;
  if (type < 0x0600) return;  // 802.3 length field: LLC, not dissected
  dissect_ethertype(type, r.rest(), p);
}

}  // namespace sockscope::capture
