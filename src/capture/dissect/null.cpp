// BSD loopback (LINKTYPE_NULL, family in the writer's byte order) and OpenBSD loopback
// (LINKTYPE_LOOP, network order). IPv6 has a different family number on each BSD.
#include "capture/dissect/dissect.h"

namespace sockscope::capture {
namespace {
bool is_ipv6_family(std::uint32_t f) {
  return f == 10 || f == 24 || f == 28 || f == 30;
}
}  // namespace

void dissect_null(Bytes bytes, Packet& p, bool network_order) {
  ByteReader r(bytes);
  ByteReader r2(bytes);
  std::uint32_t be = r.u32();
  std::uint32_t le = r2.u32le();
  if (!r.ok()) return mark_truncated(p, "loopback header");
  p.protos |= kProtoNull;
  // LINKTYPE_NULL is in the capturing host's order, which the file does not record:
  // accept whichever reading is a known family (what tcpdump does).
  std::uint32_t family = network_order ? be : (le <= 0xffff ? le : be);
  if (family == 2) return dissect_ipv4(r.rest(), p);
  if (is_ipv6_family(family)) return dissect_ipv6(r.rest(), p);
}

}  // namespace sockscope::capture
