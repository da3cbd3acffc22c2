// IEEE 802.1Q ("vlan") and 802.1ad ("ieee8021ad") tags: each is read into Packet::vlan,
// and what follows it goes on as an ethertype (a tag may announce another tag). An
// 802.1ad tag announcing another 802.1ad tag is read with it, as one layer (Q-in-Q).
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
  if (tpid == 0x88a8 && tag.type == 0x88a8) {  // Q-in-Q: one layer of both tags
    tag.qinq = true;
    tag.ctci = r.u16();
    tag.qinq_fields = r.ok();
    tag.type = r.u16();
    if (!r.ok()) {
      tag.cut_after = true;
      tag.type = 0;
      if (p.caplen < p.len) return mark_truncated(p, "802.1ad tags");
      return mark_malformed(p, "802.1ad tags: the frame ends inside them");
    }
  }
  // After 802.1Q an 802.3 length announces LLC; 802.1ad hands any type to the ethertype
  // table, where a length is an unknown type (data).
  if (tag.type < 0x0600 && tpid == 0x8100) return dissect_ieee8023(tag.type, r.rest(), p);
  dissect_ethertype(tag.type, r.rest(), p);
}

}  // namespace sockscope::capture
