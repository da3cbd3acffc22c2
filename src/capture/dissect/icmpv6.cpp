// ICMPv6: type, code, echo id/seq, the target of neighbour discovery, quoted headers of
// errors.
#include <algorithm>

#include "capture/dissect/dissect.h"
#include "capture/icmpv6_nd.h"

namespace sockscope::capture {

void dissect_icmpv6(Bytes bytes, std::uint32_t claimed, Packet& p) {
  ByteReader r(bytes);
  p.l4 = bytes;  // the message, for icmpv6[...] slices
  IcmpHeader& i = p.icmp;
  i.type = r.u8();
  i.code = r.u8();
  i.checksum = r.u16();
  const std::size_t reported = std::min<std::size_t>(claimed, reported_size(bytes, p));
  // Wireshark names the protocol before it reads, then adds each field as it reads it.
  if (bytes.empty()) {
    p.partial = kProtoIcmpv6;
    p.partial_bytes = bytes;
    return mark_cut(p, "ICMPv6 header", 4, reported);
  }
  p.protos |= kProtoIcmpv6;
  if (!r.ok()) return mark_cut(p, "ICMPv6 header", 4, reported);
  if (i.type == 128 || i.type == 129) {
    i.id = r.u16();
    i.has_id = r.ok();
    i.seq = r.u16();
    i.has_seq = r.ok();
    if (!r.ok()) return mark_cut(p, "ICMPv6 echo header", 8, reported);
    i.echo = true;
    p.payload = r.rest();
    p.payload_len = static_cast<std::uint32_t>(p.payload.size());
  } else if (i.type >= 1 && i.type <= 4) {
    r.skip(4);
    if (!r.ok()) return mark_cut(p, "ICMPv6 header", 8, reported);
    // Wireshark reads the packet an error quotes, however little of it there is.
    if (r.remaining() == 0) return mark_cut(p, kIcmpv6QuoteCut, 9, reported);
    dissect_inner_ip(r.rest(), p);
  } else if (i.type == 135 || i.type == 136) {
    i.nd_flags = r.u8();
    r.skip(3);
    // The target address is kept in arp.target_ip so the summary can name it.
    p.arp.target_ip.family = AF_INET6;
    r.copy(reinterpret_cast<std::byte*>(p.arp.target_ip.bytes.data()), 16);
    if (!r.ok()) return mark_cut(p, "ICMPv6 neighbour discovery", 24, reported);
    p.payload = r.rest();  // the options: the summary names the link-layer address
  } else if (i.type == 133) {
    r.skip(4);  // reserved
    if (!r.ok()) return mark_cut(p, "ICMPv6 router solicitation", 8, reported);
    p.payload = r.rest();
  } else if (i.type == 134 && bytes.size() < 16) {  // (hop limit, flags, lifetime, timers)
    return mark_cut(p, "ICMPv6 router advertisement", 16, reported);
  }
  // Wireshark walks neighbour discovery's options to the message's end: one the snap
  // length cut stops it there.
  if (nd_options_offset(i.type) != 0 && bytes.size() < claimed && p.truncated == nullptr)
    mark_truncated(p, "ICMPv6");
}

}  // namespace sockscope::capture
