// ICMP (v4): type, code, echo id/seq; errors quote the offending IP header, which is
// dissected as the packet's inner headers.
#include "capture/dissect/dissect.h"

namespace sockscope::capture {

namespace {
bool is_error_type(std::uint8_t type) {
  return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}
}  // namespace

void dissect_icmp(Bytes bytes, Packet& p) {
  ByteReader r(bytes);
  IcmpHeader& i = p.icmp;
  i.type = r.u8();
  i.code = r.u8();
  i.checksum = r.u16();
  if (!r.ok()) return mark_truncated(p, "ICMP header");
  p.protos |= kProtoIcmp;
  if (i.type == 0 || i.type == 8 || i.type == 13 || i.type == 14) {
    i.id = r.u16();
    i.seq = r.u16();
    if (!r.ok()) return mark_truncated(p, "ICMP echo header");
    i.echo = true;
    p.payload = r.rest();
    p.payload_len = static_cast<std::uint32_t>(p.payload.size());
    if (p.payload_len > 0) p.protos |= kProtoData;
  } else if (is_error_type(i.type)) {
    r.skip(4);
    if (!r.ok()) return mark_truncated(p, "ICMP header");
    dissect_inner_ip(r.rest(), p);
  }
}

void dissect_inner_ip(Bytes bytes, Packet& p) {
  ByteReader r(bytes);
  std::uint8_t first = r.u8();
  if (!r.ok()) return;
  InnerHeaders& in = p.inner;
  std::size_t header_len = 0;
  if ((first >> 4) == 4) {
    header_len = (first & 0x0f) * 4u;
    r.skip(8);
    in.proto = r.u8();
    r.skip(2);
    in.src.family = in.dst.family = AF_INET;
    r.copy(reinterpret_cast<std::byte*>(in.src.bytes.data()), 4);
    r.copy(reinterpret_cast<std::byte*>(in.dst.bytes.data()), 4);
    if (!r.ok() || header_len < 20) return;
    r.skip(header_len - 20);
  } else if ((first >> 4) == 6) {
    r.skip(5);
    in.proto = r.u8();
    r.skip(1);
    in.src.family = in.dst.family = AF_INET6;
    r.copy(reinterpret_cast<std::byte*>(in.src.bytes.data()), 16);
    r.copy(reinterpret_cast<std::byte*>(in.dst.bytes.data()), 16);
  } else {
    return;
  }
  if (!r.ok()) return;
  in.present = true;
  if (in.proto == 6 || in.proto == 17) {
    in.sport = r.u16();
    in.dport = r.u16();
    if (!r.ok()) in.proto = 0;
    // The quoted UDP header is 8 bytes; Wireshark dissects what follows as data.
    if (in.proto == 17) {
      r.skip(4);
      in.has_data = r.ok() && r.remaining() > 0;
    }
  }
}

}  // namespace sockscope::capture
