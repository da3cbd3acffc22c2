// The fields of IPv6's hop-by-hop (ipv6.hopopts), destination options (ipv6.dstopts) and
// routing (ipv6.routing) headers and of the options the first two carry (ipv6.opt.*), as
// Wireshark 4.0's packet-ipv6.c adds them: every IPv6 header's chain of extension headers
// (tunnels and the datagram an ICMPv6 error quotes included), each header read from the
// bytes its dissector is given (from the header to the end of the captured datagram, so
// an option may run past its header's end), and nothing after the first byte the
// dissector reads that was not captured: the exception Wireshark meets there ends the
// frame's tree. Each occurrence keeps its layer: the number of its header among the
// headers of its kind in the frame.
#include <netinet/in.h>

#include <algorithm>
#include <cstring>

#include "capture/filter/fields.h"
#include "capture/ipv6_extensions.h"

namespace sockscope::capture::filter {
namespace {

using enum FieldId;

constexpr std::uint8_t kHopopts = 0, kRouting = 43, kFragment = 44, kDstopts = 60;

std::uint8_t at(Bytes b, std::size_t i) {
  return static_cast<std::uint8_t>(b[i]);
}

// Collects the occurrences of one field (`want`), or the headers of one kind.
struct Sink {
  Sink(FieldId w, Value* o, int c, int* l, int k) : want(w), out(o), cap(c), layers(l), pick(k) {}

  FieldId want;
  Value* out;
  int cap;
  int* layers;
  int n = 0;
  // the header asked for by ipv6_ext_header (its kind's index `pick`, 0-based)
  int pick;
  Bytes onward;
  std::size_t item_len = 0;
  bool found = false;

  Value* slot(FieldId id, int layer) {
    if (id != want) return nullptr;
    Value* v = n < cap ? &out[n] : nullptr;
    if (v != nullptr && layers != nullptr) layers[n] = layer;
    ++n;
    return v;
  }
  void u(FieldId id, int layer, std::uint64_t value) {
    if (Value* v = slot(id, layer)) v->u = value;
  }
  void bytes(FieldId id, int layer, Bytes b) {
    if (Value* v = slot(id, layer)) v->s = {reinterpret_cast<const char*>(b.data()), b.size()};
  }
  void ipv6(FieldId id, int layer, Bytes b) {
    if (Value* v = slot(id, layer)) {
      v->ip = net::IpAddress{};
      v->ip.family = AF_INET6;
      std::memcpy(v->ip.bytes.data(), b.data(), 16);
    }
  }
};

FieldId protocol_of(std::uint8_t kind) {
  return kind == kHopopts ? kIpv6Hopopts : kind == kDstopts ? kIpv6Dstopts : kIpv6Routing;
}

std::uint64_t be(Bytes b, std::size_t from, std::size_t n) {
  std::uint64_t v = 0;
  for (std::size_t k = 0; k < n; ++k) v = v << 8 | at(b, from + k);
  return v;
}

// The fields of one option (the value's only once it was captured, as Wireshark reads
// the whole value of the types we know before it goes on).
void option_fields(const Ipv6Option& o, int layer, Sink& s) {
  s.u(kIpv6Opt, layer, 1);
  s.u(kIpv6OptType, layer, o.type);
  if (o.type == 0) {
    s.u(kIpv6OptPad1, layer, 1);
    return;
  }
  s.u(kIpv6OptTypeAction, layer, o.type >> 6);
  s.u(kIpv6OptTypeChange, layer, (o.type >> 5) & 1u);
  s.u(kIpv6OptTypeRest, layer, o.type & 0x1fu);
  s.u(kIpv6OptLength, layer, o.length);
  // A value of several fields the snap length cut keeps those before the cut.
  const Bytes v = o.captured;
  const auto has = [&v](std::size_t end) { return v.size() >= end; };
  const bool several = o.type == 0x30 || o.type == 0x63 || o.type == 0xEE || o.type == 0x0F;
  if (!o.value_captured && !several) return;
  switch (o.type) {
    case 0x01:
      s.bytes(kIpv6OptPadn, layer, v);
      break;
    case 0x04:
      s.u(kIpv6OptTel, layer, at(v, 0));
      break;
    case 0x05:
      s.u(kIpv6OptRouterAlert, layer, be(v, 0, 2));
      break;
    case 0xC2:
      s.u(kIpv6OptJumbo, layer, be(v, 0, 4));
      break;
    case 0x30: {  // path MTU
      if (has(2)) s.u(kIpv6OptPmtuMin, layer, be(v, 0, 2));
      if (!has(4)) break;
      const std::uint64_t rtn = be(v, 2, 2);
      s.u(kIpv6OptPmtuRtn, layer, rtn & 0xfffeu);
      s.u(kIpv6OptPmtuRFlag, layer, rtn & 1u);
      break;
    }
    case 0x63:  // RPL
      if (has(1)) {
        s.u(kIpv6OptRplFlag, layer, at(v, 0));
        s.u(kIpv6OptRplFlagO, layer, at(v, 0) >> 7);
        s.u(kIpv6OptRplFlagR, layer, (at(v, 0) >> 6) & 1u);
        s.u(kIpv6OptRplFlagF, layer, (at(v, 0) >> 5) & 1u);
        s.u(kIpv6OptRplFlagRsv, layer, at(v, 0) & 0x1fu);
      }
      if (has(2)) s.u(kIpv6OptRplInstanceId, layer, at(v, 1));
      if (has(4)) s.u(kIpv6OptRplSenderRank, layer, be(v, 2, 2));
      break;
    case 0xEE:  // depth-first forwarding
      if (has(1)) {
        s.u(kIpv6OptDffFlags, layer, at(v, 0));
        s.u(kIpv6OptDffFlagVer, layer, at(v, 0) >> 6);
        s.u(kIpv6OptDffFlagDup, layer, (at(v, 0) >> 5) & 1u);
        s.u(kIpv6OptDffFlagRet, layer, (at(v, 0) >> 4) & 1u);
        s.u(kIpv6OptDffFlagRsv, layer, at(v, 0) & 0x0fu);
      }
      if (has(3)) s.u(kIpv6OptDffSequenceNumber, layer, be(v, 1, 2));
      break;
    case 0x0F:  // performance and diagnostic metrics
      if (has(1)) s.u(kIpv6OptPdmScaleDtlr, layer, at(v, 0));
      if (has(2)) s.u(kIpv6OptPdmScaleDtls, layer, at(v, 1));
      if (has(4)) s.u(kIpv6OptPdmPsnThisPkt, layer, be(v, 2, 2));
      if (has(6)) s.u(kIpv6OptPdmPsnLastRecv, layer, be(v, 4, 2));
      if (has(8)) s.u(kIpv6OptPdmDeltaLastRecv, layer, be(v, 6, 2));
      if (has(10)) s.u(kIpv6OptPdmDeltaLastSent, layer, be(v, 8, 2));
      break;
    case 0x41:  // tunnel payload forwarding
      s.u(kIpv6OptTpfInformation, layer, be(v, 0, 4));
      break;
    case 0xC9:  // home address
      s.ipv6(kIpv6OptMipv6HomeAddress, layer, v);
      break;
    case 0x8B:
      s.bytes(kIpv6OptIlnpNonce, layer, v);
      break;
    default:
      if ((o.type & 0x1fu) == 0x1e)
        s.bytes(kIpv6OptExperimental, layer, v);
      else if (ipv6_option_reads(o.type) < 0 && o.type != 0x07 && o.type != 0x08 &&
               o.type != 0x26 && o.type != 0x31 && o.type != 0x6D && o.type != 0x8B &&
               o.type != 0x8C)
        s.bytes(kIpv6OptUnknown, layer, v);  // (the others: options whose fields we lack)
      break;
  }
  if (o.unread_captured && !o.unread.empty()) s.bytes(kIpv6OptUnknownData, layer, o.unread);
}

// The options of a hop-by-hop or destination options header `h` (from the header on, to
// the end of the captured datagram) that claims `len` bytes. Returns false where the
// dissector reads a byte that was not captured.
bool walk_options(Bytes h, std::size_t len, int layer, Sink& s) {
  return walk_ipv6_options(h, len, [&](const Ipv6Option& o) { option_fields(o, layer, s); }) == 0;
}

// A routing header: false where a byte its dissector reads was not captured.
bool walk_routing(Bytes h, int layer, Sink& s) {
  if (h.empty()) return false;
  s.u(kIpv6RoutingNxt, layer, at(h, 0));
  if (h.size() < 2) return false;
  const std::size_t len = (at(h, 1) + 1u) * 8u;
  s.u(kIpv6RoutingLen, layer, at(h, 1));
  s.u(kIpv6RoutingLenOct, layer, len);
  if (h.size() < 3) return false;
  s.u(kIpv6RoutingType, layer, at(h, 2));
  if (h.size() < 4) return false;
  s.u(kIpv6RoutingSegleft, layer, at(h, 3));
  // the type's data, as its dissector reads it from what was captured of the header
  const Bytes d = h.first(std::min(len, h.size())).subspan(4);
  const auto have = [&d](std::size_t n) { return d.size() >= n; };
  switch (at(h, 2)) {
    case 0:
      if (!have(4)) return false;
      s.bytes(kIpv6RoutingSrcReserved, layer, d.first(4));
      for (std::size_t k = 0; k < at(h, 1) / 2u; ++k) {
        if (!have(20 + k * 16)) return false;
        s.ipv6(kIpv6RoutingSrcAddr, layer, d.subspan(4 + k * 16, 16));
      }
      break;
    case 2:
      if (!have(4)) return false;
      s.bytes(kIpv6RoutingMipv6Reserved, layer, d.first(4));
      if (!have(20)) return false;
      s.ipv6(kIpv6RoutingMipv6HomeAddress, layer, d.subspan(4, 16));
      break;
    case 4: {
      if (!have(1)) return false;
      const std::uint8_t last = at(d, 0);
      s.u(kIpv6RoutingSrhLastEntry, layer, last);
      if (!have(2)) return false;
      s.u(kIpv6RoutingSrhFlags, layer, at(d, 1));
      if (!have(4)) return false;
      s.bytes(kIpv6RoutingSrhTag, layer, d.subspan(2, 2));
      for (std::size_t k = 0; k <= last; ++k) {  // (256 segments for 255)
        if (!have(20 + k * 16)) return false;
        s.ipv6(kIpv6RoutingSrhAddr, layer, d.subspan(4 + k * 16, 16));
      }
      break;
    }
    case 3:  // RPL and compact routing: types whose fields we lack
    case 5:
    case 6:
      break;
    default:  // a type with no dissector (Nimrod's 1 among them): its data as bytes
      if (!have(len - 4)) return false;
      s.bytes(kIpv6RoutingUnknownData, layer, d);
      break;
  }
  return h.size() >= len;
}

// Every extension header of every IPv6 header of the packet, in the tree's order.
void walk(const Packet& p, Sink& s) {
  int count[3] = {0, 0, 0};  // hop-by-hop, destination options, routing headers so far
  for (int i = 0; i < p.ip_layer_count; ++i) {
    const IpLayer& l = p.ip_layers[i];
    if (l.src.family != AF_INET6) continue;
    const Bytes d = l.onward();
    if (d.size() < 40) return;
    std::size_t off = 40;
    std::uint8_t next = static_cast<std::uint8_t>(d[6]);
    for (int hops = 0; hops < 32; ++hops) {
      if (next != kHopopts && next != kDstopts && next != kRouting && next != kFragment) break;
      if (off > d.size()) return;  // the header starts past the captured datagram
      const Bytes h = d.subspan(off);
      if (next == kFragment) {
        // fragment_fields.cpp has its fields; past a fragment's first piece, only data
        if (h.size() < 8 || (at(h, 2) << 8 | at(h, 3)) != 0) return;
        next = at(h, 0);
        off += 8;
        continue;
      }
      const FieldId proto = protocol_of(next);
      const int kind = next == kHopopts ? 0 : next == kDstopts ? 1 : 2;
      if (next != kRouting && h.size() < 2) return;  // its next header and length first
      const int layer = ++count[kind];
      const std::size_t len =
          h.size() >= 2 ? (at(h, 1) + 1u) * 8u : h.size();  // routing: to the end so far
      s.u(proto, layer, 1);
      if (proto == s.want && layer - 1 == s.pick) {
        s.onward = h;
        // (the routing item is sized after it is added: to what was captured)
        s.item_len = next == kRouting ? std::min(len, h.size()) : len;
        s.found = true;
      }
      if (next == kRouting) {
        if (!walk_routing(h, layer, s)) return;
      } else {
        const FieldId nxt = next == kHopopts ? kIpv6HopoptsNxt : kIpv6DstoptsNxt;
        s.u(nxt, layer, at(h, 0));
        s.u(static_cast<FieldId>(static_cast<int>(nxt) + 1), layer, at(h, 1));
        s.u(static_cast<FieldId>(static_cast<int>(nxt) + 2), layer, len);
        if (!walk_options(h, len, layer, s)) return;
      }
      if (len > h.size()) return;  // what follows starts past the datagram
      next = at(h, 0);
      off += len;
    }
  }
}

}  // namespace

int ipv6_ext_field_values(FieldId id, const Packet& p, Value* out, int cap, int* layers) {
  if (p.ip_layer_count == 0) return 0;
  Sink s(id, out, cap, layers, -1);
  walk(p, s);
  return s.n;
}

int ipv6_ext_header_count(FieldId id, const Packet& p) {
  Sink s(id, nullptr, 0, nullptr, -1);
  walk(p, s);
  return s.n;
}

bool ipv6_ext_header(FieldId id, const Packet& p, int k, Bytes& onward, std::size_t& item_len) {
  Sink s(id, nullptr, 0, nullptr, k);
  walk(p, s);
  onward = s.onward;
  item_len = s.item_len;
  return s.found;
}

std::uint64_t ipv6_ext_field_max(FieldId id) {
  switch (id) {
    case kIpv6OptTypeChange:
    case kIpv6OptPmtuRFlag:
    case kIpv6OptRplFlagO:
    case kIpv6OptRplFlagR:
    case kIpv6OptRplFlagF:
    case kIpv6OptDffFlagDup:
    case kIpv6OptDffFlagRet:
      return UINT64_MAX;  // booleans
    case kIpv6OptPmtuMin:
    case kIpv6OptPmtuRtn:
    case kIpv6OptRplSenderRank:
    case kIpv6OptDffSequenceNumber:
    case kIpv6OptPdmPsnThisPkt:
    case kIpv6OptPdmPsnLastRecv:
    case kIpv6OptPdmDeltaLastRecv:
    case kIpv6OptPdmDeltaLastSent:
    case kIpv6HopoptsLenOct:
    case kIpv6DstoptsLenOct:
    case kIpv6RoutingLenOct:
    case kIpv6OptRouterAlert:
      return 0xffff;
    case kIpv6OptJumbo:
    case kIpv6OptTpfInformation:
      return 0xffffffff;
    default:
      return 0xff;
  }
}

}  // namespace sockscope::capture::filter
