// Ethernet II with 802.1Q/802.1ad VLAN tags skipped.
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
  for (int tags = 0; (type == 0x8100 || type == 0x88a8) && tags < 4; ++tags) {
    r.skip(2);
    type = r.u16();
    if (!r.ok()) return mark_truncated(p, "VLAN tag");
  }
  if (type < 0x0600) return;  // 802.3 length field: LLC, not dissected
  dissect_ethertype(type, r.rest(), p);
}

}  // namespace sockscope::capture
