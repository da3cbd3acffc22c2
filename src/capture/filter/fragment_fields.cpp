// The fields of IP fragments as Wireshark 4.0's single pass (tshark -Y) shows them: on
// the frame that completes a datagram, the frames of its pieces (ip.fragment, in offset
// order), how many (ip.fragment.count) and its length (ip.reassembled.length), or their
// ipv6.* twins; and on every packet with an IPv6 fragment header (tunnels included), that
// header's fields; ip.fragments, the item that lists the pieces, on the completing frame.
// A single pass never knows, on an earlier piece, the frame that will complete it:
// ip.reassembled_in and ipv6.reassembled_in are never shown.
#include <netinet/in.h>

#include "capture/byte_reader.h"
#include "capture/filter/fields.h"
#include "capture/ipv6_extensions.h"

namespace sockscope::capture::filter {
namespace {

using enum FieldId;

int put(Value* out, int n, int cap, std::uint64_t v) {
  if (n < cap) out[n].u = v;
  return n + 1;
}

// The family of the header whose datagram the packet completed: its innermost IP header.
int reassembled_family(const Packet& p) {
  if (!p.reassembled || p.ip_layer_count == 0) return 0;
  return p.ip_layers[p.ip_layer_count - 1u].src.family;
}

int reassembly_values(FieldId id, const Packet& p, Value* out, int cap) {
  const bool v6 = id >= kIpv6Fragment;
  if (id == kIpReassembledIn || id == kIpv6ReassembledIn) return 0;
  if (reassembled_family(p) != (v6 ? AF_INET6 : AF_INET)) return 0;
  switch (id) {
    case kIpFragments:
    case kIpv6Fragments:
    case kIpReassembledData:
    case kIpv6ReassembledData:
      return put(out, 0, cap, 1);  // present (the bytes: reassembled_payload)
    case kIpFragment:
    case kIpv6Fragment: {
      int n = 0;
      for (std::uint32_t frame : p.frag_frames) n = put(out, n, cap, frame);
      return n;
    }
    case kIpFragmentCount:
    case kIpv6FragmentCount:
      return put(out, 0, cap, p.frag_frames.size());
    default:
      return put(out, 0, cap, p.reassembled_len);
  }
}

// Each IPv6 fragment header of the packet (every IPv6 header's extension chain, tunnels
// included): `each(header)` with the captured bytes from the header on; stops early
// when it returns false.
template <typename Each>
void for_each_fraghdr(const Packet& p, Each each) {
  bool more = true;
  for (int i = 0; more && i < p.ip_layer_count; ++i) {
    const IpLayer& l = p.ip_layers[i];
    if (l.src.family != AF_INET6) continue;
    walk_ipv6_extensions(l, [&](std::uint8_t type, Bytes header) {
      if (type == 44 && header.size() >= 8) more = each(header);
      return more;
    });
  }
}

int fraghdr_values(FieldId id, const Packet& p, Value* out, int cap) {
  int n = 0;
  for_each_fraghdr(p, [&](Bytes h) {
    ByteReader r(h);
    const std::uint8_t following = r.u8();
    const std::uint8_t reserved = r.u8();
    const std::uint16_t off = r.u16();
    const std::uint32_t ident = r.u32();
    switch (id) {
      case kIpv6Fraghdr:
        n = put(out, n, cap, 1);
        break;
      case kIpv6FraghdrNxt:
        n = put(out, n, cap, following);
        break;
      case kIpv6FraghdrReservedOctet:
        n = put(out, n, cap, reserved);
        break;
      case kIpv6FraghdrOffset:
        n = put(out, n, cap, off >> 3);
        break;
      case kIpv6FraghdrReservedBits:
        n = put(out, n, cap, (off >> 1) & 3u);
        break;
      case kIpv6FraghdrMore:
        n = put(out, n, cap, off & 1u);
        break;
      default:
        n = put(out, n, cap, ident);
        break;
    }
    return true;
  });
  return n;
}

}  // namespace

int fragment_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  if (id >= kIpv6Fraghdr) return fraghdr_values(id, p, out, cap);
  return reassembly_values(id, p, out, cap);
}

Bytes reassembled_payload(FieldId id, const Packet& p) {
  const bool v6 = id >= kIpv6Fragment;
  return reassembled_family(p) == (v6 ? AF_INET6 : AF_INET) ? p.reassembled_data : Bytes{};
}

Bytes ipv6_fraghdr_bytes(const Packet& p) {
  Bytes first;
  for_each_fraghdr(p, [&](Bytes h) {
    first = h;
    return false;
  });
  return first;
}

std::uint64_t fragment_field_max(FieldId id) {
  switch (id) {
    case kIpv6FraghdrNxt:
    case kIpv6FraghdrReservedOctet:
      return 0xff;
    case kIpv6FraghdrOffset:
    case kIpv6FraghdrReservedBits:
      return 0xffff;
    case kIpv6FraghdrMore:
      return UINT64_MAX;  // a boolean
    default:
      return 0xffffffff;
  }
}

}  // namespace sockscope::capture::filter
