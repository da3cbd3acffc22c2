// The ICMPv6 display-filter fields after type, code and checksum, as Wireshark 4.0's
// packet-icmpv6.c adds them: the reserved word of errors and solicitations, Packet Too
// Big's MTU, Parameter Problem's pointer, the neighbour discovery messages' flags,
// timers and target addresses, and each option's type, length and value (link-layer
// addresses, MTU, prefix information, nonce), and MLDv2 Report's records. Read from Packet::l4 (the
// message as captured): a field the capture cut is absent, as the exception Wireshark meets there
// stops its tree.
#include <netinet/in.h>

#include <cstring>

#include "capture/filter/fields.h"
#include "capture/icmpv6_nd.h"

namespace sockscope::capture::filter {
namespace {

using enum FieldId;

std::uint64_t be(Bytes b, std::size_t at, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t k = 0; k < n; ++k) v = (v << 8) | static_cast<std::uint8_t>(b[at + k]);
  return v;
}

int put_u(Value* out, int n, int cap, std::uint64_t v) {
  if (n < cap) out[n].u = v;
  return n + 1;
}

int put_bytes(Value* out, int n, int cap, Bytes b) {
  if (n < cap) out[n].s = {reinterpret_cast<const char*>(b.data()), b.size()};
  return n + 1;
}

int put_ipv6(Value* out, int n, int cap, Bytes b, std::size_t at) {
  if (n < cap) {
    out[n].ip = net::IpAddress{};
    out[n].ip.family = AF_INET6;
    std::memcpy(out[n].ip.bytes.data(), b.data() + at, 16);
  }
  return n + 1;
}

// A field of `size` bytes at `at` in the message, when the type is `type` and the bytes
// were captured: its value (masked and shifted down for a flag), else no occurrence.
int fixed(Bytes m, std::uint8_t type, std::size_t at, std::size_t size, std::uint64_t mask,
          Value* out, int cap) {
  if (static_cast<std::uint8_t>(m[0]) != type || m.size() < at + size) return 0;
  std::uint64_t v = be(m, at, size);
  if (mask != 0) {
    v &= mask;
    while ((mask & 1u) == 0) {
      mask >>= 1;
      v >>= 1;
    }
  }
  return put_u(out, 0, cap, v);
}

int option_values(FieldId id, Bytes options, Value* out, int cap) {
  int n = 0;
  for_each_nd_option(options, [&](const NdOption& o) {
    const Bytes b = o.bytes;
    const auto has = [&b](std::size_t end) { return b.size() >= end; };
    switch (id) {
      case kIcmpv6Opt:
      case kIcmpv6OptType:
        n = put_u(out, n, cap, o.type);
        break;
      case kIcmpv6OptLength:
        n = put_u(out, n, cap, o.length);
        break;
      case kIcmpv6OptLinkaddr:
      case kIcmpv6OptSrcLinkaddr:
      case kIcmpv6OptTargetLinkaddr: {
        if (o.type != 1 && o.type != 2) break;
        if (id == kIcmpv6OptSrcLinkaddr && o.type != 1) break;
        if (id == kIcmpv6OptTargetLinkaddr && o.type != 2) break;
        const Bytes a = nd_link_address(o).bytes;
        if (!a.empty()) n = put_bytes(out, n, cap, a);
        break;
      }
      case kIcmpv6OptMtu:
        if (o.type == 5 && has(8)) n = put_u(out, n, cap, be(b, 4, 4));
        break;
      case kIcmpv6OptNonce:
        if (o.type == 14 && o.length > 0 && has(std::size_t{o.length} * 8))
          n = put_bytes(out, n, cap, b.subspan(2));
        break;
      default: {  // prefix information
        if (o.type != 3) break;
        if (id == kIcmpv6OptPrefixLength && has(3)) n = put_u(out, n, cap, be(b, 2, 1));
        const std::uint64_t flags = has(4) ? be(b, 3, 1) : 0;
        if (id == kIcmpv6OptPrefixFlag && has(4)) n = put_u(out, n, cap, flags);
        if (id == kIcmpv6OptPrefixFlagL && has(4)) n = put_u(out, n, cap, (flags >> 7) & 1u);
        if (id == kIcmpv6OptPrefixFlagA && has(4)) n = put_u(out, n, cap, (flags >> 6) & 1u);
        if (id == kIcmpv6OptPrefixFlagR && has(4)) n = put_u(out, n, cap, (flags >> 5) & 1u);
        if (id == kIcmpv6OptPrefixFlagReserved && has(4)) n = put_u(out, n, cap, flags & 0x1fu);
        if (id == kIcmpv6OptPrefixValidLifetime && has(8)) n = put_u(out, n, cap, be(b, 4, 4));
        if (id == kIcmpv6OptPrefixPreferredLifetime && has(12)) n = put_u(out, n, cap, be(b, 8, 4));
        if (id == kIcmpv6OptPrefix && has(32)) n = put_ipv6(out, n, cap, b, 16);
        break;
      }
    }
  });
  return n;
}

// MLDv2 Report (type 143): the number of records and each record's type, auxiliary data
// length, source count, multicast address and sources, as far as they were captured.
int mld_report_values(FieldId id, Bytes m, Value* out, int cap) {
  if (static_cast<std::uint8_t>(m[0]) != 143 || m.size() < 8) return 0;
  const std::uint64_t records = be(m, 6, 2);
  if (id == kIcmpv6MldrNbMcastRecords) return put_u(out, 0, cap, records);
  int n = 0;
  std::size_t at = 8;
  for (std::uint64_t r = 0; r < records && m.size() >= at + 4; ++r) {
    const std::uint64_t aux = be(m, at + 1, 1), sources = be(m, at + 2, 2);
    if (id == kIcmpv6MldrMarRecordType) n = put_u(out, n, cap, be(m, at, 1));
    if (id == kIcmpv6MldrMarAuxDataLen) n = put_u(out, n, cap, aux);
    if (id == kIcmpv6MldrMarNbSources) n = put_u(out, n, cap, sources);
    if (id == kIcmpv6MldrMarMulticastAddress && m.size() >= at + 20)
      n = put_ipv6(out, n, cap, m, at + 4);
    for (std::uint64_t s = 0; id == kIcmpv6MldrMarSourceAddress && s < sources; ++s)
      if (m.size() >= at + 36 + s * 16) n = put_ipv6(out, n, cap, m, at + 20 + s * 16);
    at += 20 + sources * 16 + aux * 4;
  }
  return n;
}

}  // namespace

int icmpv6_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  if (!p.has(kProtoIcmpv6) || p.l4.size() < 4) return 0;
  const Bytes m = p.l4;
  const auto type = static_cast<std::uint8_t>(m[0]);
  switch (id) {
    case kIcmpv6Reserved:
      if (type == 143 && m.size() >= 6) return put_bytes(out, 0, cap, m.subspan(4, 2));
      // MLD's query, report and done: two reserved bytes after the maximum response delay
      if (type >= 130 && type <= 132)
        return m.size() >= 8 ? put_bytes(out, 0, cap, m.subspan(6, 2)) : 0;
      if ((type != 1 && type != 3 && type != 133 && type != 135 && type != 137) || m.size() < 8)
        return 0;
      return put_bytes(out, 0, cap, m.subspan(4, 4));
    case kIcmpv6Mtu:
      return fixed(m, 2, 4, 4, 0, out, cap);
    case kIcmpv6Pointer:
      return fixed(m, 4, 4, 4, 0, out, cap);
    case kIcmpv6NdNsTarget:
    case kIcmpv6NdNaTarget:
      if (type != (id == kIcmpv6NdNsTarget ? 135 : 136) || m.size() < 24) return 0;
      return put_ipv6(out, 0, cap, m, 8);
    case kIcmpv6NdRdTarget:
      return type == 137 && m.size() >= 24 ? put_ipv6(out, 0, cap, m, 8) : 0;
    case kIcmpv6NdNaFlag:
      return fixed(m, 136, 4, 4, 0, out, cap);
    case kIcmpv6NdNaFlagR:
      return fixed(m, 136, 4, 4, 0x80000000u, out, cap);
    case kIcmpv6NdNaFlagS:
      return fixed(m, 136, 4, 4, 0x40000000u, out, cap);
    case kIcmpv6NdNaFlagO:
      return fixed(m, 136, 4, 4, 0x20000000u, out, cap);
    case kIcmpv6NdNaFlagRsv:
      return fixed(m, 136, 4, 4, 0x1fffffffu, out, cap);
    case kIcmpv6NdRaCurHopLimit:
      return fixed(m, 134, 4, 1, 0, out, cap);
    case kIcmpv6NdRaFlag:
      return fixed(m, 134, 5, 1, 0, out, cap);
    case kIcmpv6NdRaFlagM:
      return fixed(m, 134, 5, 1, 0x80, out, cap);
    case kIcmpv6NdRaFlagO:
      return fixed(m, 134, 5, 1, 0x40, out, cap);
    case kIcmpv6NdRaFlagH:
      return fixed(m, 134, 5, 1, 0x20, out, cap);
    case kIcmpv6NdRaFlagPrf:
      return fixed(m, 134, 5, 1, 0x18, out, cap);
    case kIcmpv6NdRaFlagP:
      return fixed(m, 134, 5, 1, 0x04, out, cap);
    case kIcmpv6NdRaFlagRsv:
      return fixed(m, 134, 5, 1, 0x03, out, cap);
    case kIcmpv6NdRaRouterLifetime:
      return fixed(m, 134, 6, 2, 0, out, cap);
    case kIcmpv6NdRaReachableTime:
      return fixed(m, 134, 8, 4, 0, out, cap);
    case kIcmpv6NdRaRetransTimer:
      return fixed(m, 134, 12, 4, 0, out, cap);
    case kIcmpv6MldrNbMcastRecords:
    case kIcmpv6MldrMarRecordType:
    case kIcmpv6MldrMarAuxDataLen:
    case kIcmpv6MldrMarNbSources:
    case kIcmpv6MldrMarMulticastAddress:
    case kIcmpv6MldrMarSourceAddress:
      return mld_report_values(id, m, out, cap);
    default:
      return option_values(id, nd_options(p), out, cap);
  }
}

std::uint64_t icmpv6_field_max(FieldId id) {
  switch (id) {
    case kIcmpv6NdNaFlagR:
    case kIcmpv6NdNaFlagS:
    case kIcmpv6NdNaFlagO:
    case kIcmpv6NdRaFlagM:
    case kIcmpv6NdRaFlagO:
    case kIcmpv6NdRaFlagH:
    case kIcmpv6NdRaFlagP:
    case kIcmpv6OptPrefixFlagL:
    case kIcmpv6OptPrefixFlagA:
    case kIcmpv6OptPrefixFlagR:
      return UINT64_MAX;  // booleans
    case kIcmpv6NdRaRouterLifetime:
    case kIcmpv6MldrNbMcastRecords:
    case kIcmpv6MldrMarNbSources:
      return 0xffff;
    case kIcmpv6Mtu:
    case kIcmpv6Pointer:
    case kIcmpv6NdNaFlag:
    case kIcmpv6NdNaFlagRsv:
    case kIcmpv6NdRaReachableTime:
    case kIcmpv6NdRaRetransTimer:
    case kIcmpv6OptMtu:
    case kIcmpv6OptPrefixValidLifetime:
    case kIcmpv6OptPrefixPreferredLifetime:
      return 0xffffffff;
    default:
      return 0xff;  // the rest are 8-bit fields
  }
}

}  // namespace sockscope::capture::filter
