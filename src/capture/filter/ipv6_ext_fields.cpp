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

#include "capture/filter/fields.h"

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
};

FieldId protocol_of(std::uint8_t kind) {
  return kind == kHopopts ? kIpv6Hopopts : kind == kDstopts ? kIpv6Dstopts : kIpv6Routing;
}

// How many bytes the dissector of an option type Wireshark knows reads past the type and
// length bytes (it reads them whatever the length says), or -1: as many as the length.
int option_reads(std::uint8_t type) {
  switch (type) {
    case 0x04:  // tunnel encapsulation limit
      return 1;
    case 0x05:  // router alert
      return 2;
    case 0xC2:  // jumbo payload
    case 0x30:  // minimum path MTU
    case 0x63:  // RPL
    case 0x41:  // tunnel payload forwarding
      return 4;
    case 0x0F:  // performance and diagnostic metrics
      return 10;
    case 0xC9:  // home address
      return 16;
    case 0xEE:  // depth-first forwarding
      return 3;
    default:
      return -1;
  }
}

// The options of a hop-by-hop or destination options header `h` (from the header on, to
// the end of the captured datagram) that claims `len` bytes. Returns false where the
// dissector reads a byte that was not captured.
bool walk_options(Bytes h, std::size_t len, int layer, Sink& s) {
  std::size_t off = 2;
  while (off < len) {
    if (off + 2 > h.size()) return false;  // the type and length are read first
    const std::uint8_t type = at(h, off), olen = at(h, off + 1);
    s.u(kIpv6Opt, layer, 1);
    s.u(kIpv6OptType, layer, type);
    if (type == 0) {  // Pad1
      s.u(kIpv6OptPad1, layer, 1);
      off += 1;
      continue;
    }
    s.u(kIpv6OptTypeAction, layer, type >> 6);
    s.u(kIpv6OptTypeChange, layer, (type >> 5) & 1u);
    s.u(kIpv6OptTypeRest, layer, type & 0x1fu);
    s.u(kIpv6OptLength, layer, olen);
    off += 2;
    const auto have = [&h, &off](std::size_t n) { return off + n <= h.size(); };
    if (type == 1) {  // PadN
      if (!have(olen)) return false;
      s.bytes(kIpv6OptPadn, layer, h.subspan(off, olen));
      off += olen;
      continue;
    }
    const std::size_t start = off;
    const int reads = option_reads(type);
    const std::size_t n = reads < 0 ? olen : static_cast<std::size_t>(reads);
    if (!have(n)) return false;
    const Bytes v = h.subspan(off, n);
    switch (type) {
      case 0x04:
        s.u(kIpv6OptTel, layer, at(v, 0));
        break;
      case 0x05:
        s.u(kIpv6OptRouterAlert, layer, std::uint64_t{at(v, 0)} << 8 | at(v, 1));
        break;
      case 0xC2:
        s.u(kIpv6OptJumbo, layer,
            std::uint64_t{at(v, 0)} << 24 | std::uint64_t{at(v, 1)} << 16 |
                std::uint64_t{at(v, 2)} << 8 | at(v, 3));
        break;
      default:
        if ((type & 0x1fu) == 0x1e)
          s.bytes(kIpv6OptExperimental, layer, v);
        else if (reads < 0 && type != 0x07 && type != 0x08 && type != 0x26 && type != 0x31 &&
                 type != 0x6D && type != 0x8B && type != 0x8C)
          s.bytes(kIpv6OptUnknown, layer, v);  // (the others: options we do not show)
        break;
    }
    off += n;
    if (off < start + olen) {  // what the option's dissector left unread
      if (!have(start + olen - off)) return false;
      s.bytes(kIpv6OptUnknownData, layer, h.subspan(off, start + olen - off));
      off = start + olen;
    }
  }
  return true;
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
      return UINT64_MAX;  // a boolean
    case kIpv6HopoptsLenOct:
    case kIpv6DstoptsLenOct:
    case kIpv6RoutingLenOct:
    case kIpv6OptRouterAlert:
      return 0xffff;
    case kIpv6OptJumbo:
      return 0xffffffff;
    default:
      return 0xff;
  }
}

}  // namespace sockscope::capture::filter
