// ICMPv6: type, code, echo id/seq, the target of neighbour discovery, quoted headers of
// errors.
#include <algorithm>

#include "capture/dissect/dissect.h"
#include "capture/icmpv6_nd.h"

namespace sockscope::capture {

namespace {

// Where the first read of an MLDv2 report (RFC 3810 5.2) past `m`'s captured bytes ends,
// 0 when every read is there: the reserved field and the record count, then each record's
// type, aux data length, source count, multicast address, sources and aux data.
std::size_t mldv2_report_failed_read(Bytes m) {
  const std::size_t cap = m.size();
  auto u8 = [m](std::size_t at) { return static_cast<std::size_t>(m[at]); };
  if (cap < 8) return first_failed_read(cap, {6, 8});
  std::size_t at = 8;
  for (std::size_t records = u8(4 + 2) << 8 | u8(4 + 3); records > 0; --records) {
    if (at + 20 > cap) return first_failed_read(cap - at, {1, 2, 4, 20}) + at;
    const std::size_t aux = u8(at + 1) * 4, sources = u8(at + 2) << 8 | u8(at + 3);
    at += 20;
    for (std::size_t k = 0; k < sources; ++k, at += 16)
      if (at + 16 > cap) return at + 16;
    if (aux > 0 && at + aux > cap) return at + aux;
    at += aux;
  }
  return 0;
}

}  // namespace

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
  // (each field is a read of its own: the first that fails decides, dissect.h's mark_cut)
  if (!r.ok())
    return mark_cut(p, "ICMPv6 header", first_failed_read(bytes.size(), {2, 4}), reported);
  if (i.type == 128 || i.type == 129) {
    i.id = r.u16();
    i.has_id = r.ok();
    i.seq = r.u16();
    i.has_seq = r.ok();
    if (!r.ok())
      return mark_cut(p, "ICMPv6 echo header", first_failed_read(bytes.size(), {6, 8}), reported);
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
    if (!r.ok())
      return mark_cut(p, "ICMPv6 neighbour discovery", first_failed_read(bytes.size(), {8, 24}),
                      reported);
    p.payload = r.rest();  // the options: the summary names the link-layer address
  } else if (i.type == 133) {
    r.skip(4);  // reserved
    if (!r.ok()) return mark_cut(p, "ICMPv6 router solicitation", 8, reported);
    p.payload = r.rest();
  } else if (i.type == 143) {
    // An MLDv2 report: Wireshark reads every record its count announces, field by field.
    const std::size_t failed = mldv2_report_failed_read(bytes);
    if (failed != 0) return mark_cut(p, "ICMPv6 MLDv2 report", failed, reported);
  } else if (i.type == 134 && bytes.size() < 16) {
    // (hop limit, flags, router lifetime, reachable time, retransmission timer)
    return mark_cut(p, "ICMPv6 router advertisement",
                    first_failed_read(bytes.size(), {5, 6, 8, 12, 16}), reported);
  }
  // Wireshark walks neighbour discovery's options to the message's end: one the snap
  // length cut stops it there.
  if (nd_options_offset(i.type) != 0 && bytes.size() < claimed && p.truncated == nullptr)
    mark_truncated(p, "ICMPv6");
}

}  // namespace sockscope::capture
