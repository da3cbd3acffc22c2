// IEEE 802.1Q ("vlan") and 802.1ad ("ieee8021ad") tags: each is read into Packet::vlan,
// and what follows it goes on as an ethertype (a tag may announce another tag).
#include "capture/dissect/dissect.h"

namespace sockscope::capture {

void dissect_vlan(std::uint16_t tpid, Bytes bytes, Packet& p) {
  // Deeper stacks than we keep are not dissected (Wireshark stops at 20 tags).
  if (p.vlan_count >= kMaxVlanTags) return;
  VlanTag& tag = p.vlan[p.vlan_count++];
  tag = VlanTag{};
  tag.tpid = tpid;
  tag.bytes = bytes;
  ByteReader r(bytes);
  tag.tci = r.u16();
  tag.type = r.u16();
  // Wireshark reads the tag as one item: a frame that ends inside it is malformed, one
  // that the snap length cut there is short.
  if (!r.ok()) {
    if (p.caplen < p.len) return mark_truncated(p, "VLAN tag");
    return mark_malformed(p, "VLAN tag: the frame ends inside it");
  }
  tag.whole = true;
  if (tag.type < 0x0600) return;  // 802.3 length: LLC, not dissected
  dissect_ethertype(tag.type, r.rest(), p);
}

}  // namespace sockscope::capture
