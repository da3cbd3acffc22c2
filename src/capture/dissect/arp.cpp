// ARP over Ethernet/IPv4 (hardware length 6, protocol length 4); other sizes are kept
// as counts only.
#include "capture/dissect/dissect.h"

namespace sockscope::capture {

void dissect_arp(Bytes bytes, Packet& p) {
  ByteReader r(bytes);
  ArpInfo& a = p.arp;
  a = {};
  a.htype = r.u16();
  a.ptype = r.u16();
  a.hlen = r.u8();
  a.plen = r.u8();
  a.op = r.u16();
  // (Ethernet's type names ARP, whose dissector may then have nothing to read)
  const std::size_t reported = reported_size(bytes, p);
  if (!r.ok()) {
    p.partial = kProtoArp;
    p.partial_bytes = bytes;
    return mark_cut(p, "ARP header", 8, reported);
  }
  p.protos |= kProtoArp;
  const std::size_t whole = 8u + 2u * (a.hlen + a.plen);
  a.bytes = bytes.first(std::min<std::size_t>(bytes.size(), whole));
  if (a.hlen != 6 || a.plen != 4) {
    r.skip(2u * a.hlen + 2u * a.plen);
    if (!r.ok()) mark_cut(p, "ARP addresses", whole, reported);
    return;
  }
  r.copy(reinterpret_cast<std::byte*>(a.sender_mac.data()), 6);
  a.sender_ip.family = AF_INET;
  r.copy(reinterpret_cast<std::byte*>(a.sender_ip.bytes.data()), 4);
  r.copy(reinterpret_cast<std::byte*>(a.target_mac.data()), 6);
  a.target_ip.family = AF_INET;
  r.copy(reinterpret_cast<std::byte*>(a.target_ip.bytes.data()), 4);
  if (!r.ok()) return mark_cut(p, "ARP addresses", whole, reported);
  a.addresses = true;
}

}  // namespace sockscope::capture
