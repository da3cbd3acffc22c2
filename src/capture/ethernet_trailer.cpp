#include "capture/ethernet_trailer.h"

#include <algorithm>

namespace sockscope::capture {

EthernetTrailer ethernet_trailer(const Packet& p) {
  EthernetTrailer t;
  // The link header: Ethernet's, or Linux cooked's (whose ethertype dissector adds the
  // padding too); then the header's own VLAN tags, the trailer still Ethernet's.
  std::size_t link = 0;
  if (p.linktype == kLinkEthernet && p.has(kProtoEth))
    link = 14;
  else if ((p.linktype == kLinkSll || p.linktype == kLinkSll2) && p.has(kProtoSll) &&
           !p.has(kProtoEth))
    link = p.linktype == kLinkSll2 ? 20 : 16;
  if (link == 0) return t;
  const OwnVlans own = own_vlans(p, p.ethertype);
  if (own.cut) return t;
  std::size_t datagram = 0;
  const bool cooked = link != 14;
  if (own.type < 0x0600) {  // an 802.3 length (a cooked header's goes to LLC, not here)
    // (after 802.1ad a length is an unknown ethertype: data to the end, no trailer)
    if (cooked || (own.count == 0 && p.eth_kind != EthKind::kLength) ||
        (own.last != nullptr && own.last->tpid == 0x88a8))
      return t;
    datagram = own.type;
  } else if (own.type == 0x0806 && p.has(kProtoArp)) {
    datagram = 8u + 2u * (p.arp.hlen + p.arp.plen);
  } else if ((own.type == 0x0800 || own.type == 0x86dd) && p.ip_layer_count > 0) {
    const IpLayer& l = p.ip_layers[0];
    datagram = l.total_len;
    if (l.header_len == 0 || datagram < l.header_len) return t;
  } else {
    return t;
  }
  std::size_t tags = 0;
  for (int i = 0; i < own.count; ++i) tags += p.vlan[static_cast<std::size_t>(i)].size();
  const std::size_t frame_len = p.len, end = link + tags + datagram;
  // (no trailer unless its first byte was captured: Wireshark's tvb_offset_exists)
  if (end >= p.data.size() || end >= frame_len) return t;
  Bytes rest = p.data.subspan(end);
  if (end < 60 && frame_len >= 60 && rest.size() >= 60 - end) {
    const Bytes pad = rest.first(60 - end);
    if (std::all_of(pad.begin(), pad.end(), [](std::byte b) { return b == std::byte{0}; })) {
      t.padding = pad;
      rest = rest.subspan(pad.size());
    }
  }
  if (cooked) return t;  // (Linux cooked: the padding alone)
  if (own.count > 0 && own.type < 0x0600) {
    t.vlan_trailer = rest;
    return t;
  }
  // What the rest is on the wire: the FCS is its last 4 bytes there, whatever was captured.
  const std::size_t reported = frame_len - (p.data.size() - rest.size());
  if (frame_len >= 64 && reported >= 4) {
    if (rest.size() < reported) {
      t.fcs_cut = true;
      rest = rest.first(std::min(rest.size(), reported - 4));
    } else {
      t.fcs = rest.last(4);
      rest = rest.first(rest.size() - 4);
    }
  }
  t.trailer = rest;
  return t;
}

}  // namespace sockscope::capture
