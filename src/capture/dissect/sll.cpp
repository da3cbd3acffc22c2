// Linux cooked capture, v1 (16-byte header) and v2 (20 bytes), as `-i any` produces.
#include "capture/dissect/sll.h"

#include "capture/dissect/dissect.h"

namespace sockscope::capture {
namespace {

void take_address(ByteReader& r, std::uint8_t addr_len, Packet& p) {
  std::array<std::byte, 8> addr{};
  r.copy(addr.data(), 8);
  if (addr_len == 6 && r.ok()) {
    for (int i = 0; i < 6; ++i) p.eth_src[i] = static_cast<std::uint8_t>(addr[i]);
    p.has_mac = true;
  }
}

// A header cut short: by the snap length, or (the frame ends there) malformed.
void cut_header(Packet& p, const char* what) {
  if (p.caplen < p.len) return mark_truncated(p, what);
  mark_malformed(p, what);
}

// The protocol field: an ethertype, or Linux's own numbers below 0x0600, of which
// ETH_P_ETHERNET (3) says a whole Ethernet frame follows and ETH_P_802_2 (4) an LLC PDU.
void dissect_protocol(std::uint16_t proto, Bytes rest, Packet& p) {
  if (proto == 0x0003) return dissect_ethernet(rest, p);
  if (proto == 0x0004)
    return dissect_llc(rest, static_cast<std::uint32_t>(reported_size(rest, p)), p);
  if (proto < 0x0600) return;  // Novell 802.3, CAN, ...: not dissected
  dissect_ethertype(proto, rest, p);
}

}  // namespace

void dissect_sll(Bytes bytes, Packet& p) {
  ByteReader r(bytes);
  r.skip(4);  // packet type, ARPHRD type
  auto addr_len = static_cast<std::uint8_t>(r.u16());
  take_address(r, addr_len, p);
  std::uint16_t proto = r.u16();
  if (!r.ok()) return cut_header(p, "Linux cooked header");
  p.protos |= kProtoSll;
  dissect_protocol(proto, r.rest(), p);
}

void dissect_sll2(Bytes bytes, Packet& p) {
  ByteReader r(bytes);
  std::uint16_t proto = r.u16();
  r.skip(2 + 4 + 2 + 1);  // reserved, interface index, ARPHRD type, packet type
  std::uint8_t addr_len = r.u8();
  take_address(r, addr_len, p);
  if (!r.ok()) return cut_header(p, "Linux cooked v2 header");
  p.protos |= kProtoSll;
  dissect_protocol(proto, r.rest(), p);
}

bool sll_header(const Packet& p, SllHeader& out) {
  if (p.linktype != kLinkSll && p.linktype != kLinkSll2) return false;
  out = SllHeader{};
  ByteReader r(p.data);
  out.v2 = p.linktype == kLinkSll2;
  if (out.v2) {
    out.protocol = r.u16();
    out.has.protocol = r.ok();
    r.skip(2);  // reserved
    out.ifindex = r.u32();
    out.has.ifindex = r.ok();
    out.hatype = r.u16();
    out.has.hatype = r.ok();
    out.pkttype = r.u8();
    out.has.pkttype = r.ok();
    out.halen = r.u8();
    out.has.halen = r.ok();
    out.address = r.take(8);
    out.has.address = r.ok();
  } else {
    out.pkttype = r.u16();
    out.has.pkttype = r.ok();
    out.hatype = r.u16();
    out.has.hatype = r.ok();
    out.halen = r.u16();
    out.has.halen = r.ok();
    out.address = r.take(8);
    out.has.address = r.ok();
    out.protocol = r.u16();
    out.has.protocol = r.ok();
  }
  return true;
}

}  // namespace sockscope::capture
