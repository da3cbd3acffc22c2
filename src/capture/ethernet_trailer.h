// Public. What follows an Ethernet frame's datagram, as Wireshark 4.0's
// add_ethernet_trailer splits it: padding, a trailer, the frame check sequence it assumes.
#pragma once

#include "capture/packet.h"

namespace sockscope::capture {

// After the datagram (IPv4, IPv6 or ARP, whose length says where it ends; or an 802.3
// length) and the link header's own VLAN tags: zero padding up to the 60-byte minimum
// (bytes that are not all zero are no padding), then, in a frame of 64 bytes or more, a
// 4-byte FCS at the end and a trailer between them. After an 802.1Q tag's 802.3 length,
// Wireshark's VLAN dissector takes what follows the padding as vlan.trailer, with no FCS.
// Each holds what was captured of it.
struct EthernetTrailer {
  Bytes padding, trailer, fcs, vlan_trailer;
  // The FCS Wireshark assumes lies past what the snap length kept: it reads it anyway,
  // within the frame's length on the wire, and the packet ends in _ws.short.
  bool fcs_cut = false;
};
EthernetTrailer ethernet_trailer(const Packet& p);

}  // namespace sockscope::capture
