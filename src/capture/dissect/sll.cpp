// Linux cooked capture, v1 (16-byte header) and v2 (20 bytes), as `-i any` produces.
#include "capture/dissect/dissect.h"

namespace sockscope::capture {
namespace {

void take_address(ByteReader& r, std::uint8_t addr_len, Packet& p) {
  std::array<std::byte, 8> addr{};
  r.copy(addr.data(), 8);
  if (addr_len == 6) {
    for (int i = 0; i < 6; ++i) p.eth_src[i] = static_cast<std::uint8_t>(addr[i]);
    p.has_mac = true;
  }
}

}  // namespace

void dissect_sll(Bytes bytes, Packet& p) {
  ByteReader r(bytes);
  r.skip(4);  // packet type, ARPHRD type
  auto addr_len = static_cast<std::uint8_t>(r.u16());
  take_address(r, addr_len, p);
  std::uint16_t proto = r.u16();
  if (!r.ok()) return mark_truncated(p, "Linux cooked header");
  p.protos |= kProtoSll;
  dissect_ethertype(proto, r.rest(), p);
}

void dissect_sll2(Bytes bytes, Packet& p) {
  ByteReader r(bytes);
  std::uint16_t proto = r.u16();
  r.skip(2 + 4 + 2 + 1);  // reserved, interface index, ARPHRD type, packet type
  std::uint8_t addr_len = r.u8();
  take_address(r, addr_len, p);
  if (!r.ok()) return mark_truncated(p, "Linux cooked v2 header");
  p.protos |= kProtoSll;
  dissect_ethertype(proto, r.rest(), p);
}

}  // namespace sockscope::capture
