#include "capture/display_filter.h"

#include <arpa/inet.h>
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

#include "capture/filter/absolute_time.h"
#include "capture/filter/byte_literal.h"
#include "capture/filter/fields.h"
#include "capture/filter/lexer.h"
#include "capture/filter/regex.h"
#include "capture/filter/relative_time.h"
#include "capture/filter/value_strings.h"
#include "core/error.h"
#include "core/text.h"

namespace sockscope::capture {
namespace filter {

enum class Op {
  kAnd,
  kOr,
  kNot,
  kPresent,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kAnyNe,             // !== and ~=: some occurrence differs
  kAllEq,             // ===: every occurrence equals
  kMaskNonzero,       // `field & mask` alone: some occurrence has a bit of the mask
  kBytesMaskNonzero,  // `udp[0:2] & 1f` alone: some byte of the ANDed bytes is not zero
  kContains,
  kMatches,
  kIn,
  // byte and protocol fields compared with a byte string, memcmp order
  kBytesEq,
  kBytesNe,
  kBytesLt,
  kBytesLe,
  kBytesGt,
  kBytesGe,
  kExpr,  // a relation between arithmetic/function expressions (Expr), see eval_expr
  // a relation (Node::rel) between two byte operands, the right one a field: see
  // byte_pairs_hold
  kBytePair,
};

struct Expr;

// One literal, already converted to the field's type.
struct Literal {
  Value value;
  int prefix = -1;       // CIDR prefix length for addresses
  std::uint64_t hi = 0;  // upper end of a range in `in {a..b}`
  bool range = false;
  std::shared_ptr<const Literal> upper;  // the range's upper end, for any field type
  std::string bytes;                     // for contains
  const FieldDef* field = nullptr;       // `ip.src in {ip.dst}`: a member that is a field
};

// A typed value of an expression, with Wireshark 4.0's integer rules: unsigned fields
// are 32-bit, a subtraction that goes below zero and a unary minus give a signed
// 32-bit value, an overflow or a division by zero gives no value at all.
struct Tv {
  // kT: a time offset, exact: the seconds in `s`, the nanoseconds in `ns`
  enum class T : std::uint8_t { kU, kS, kD, kT, kStr, kOther };
  T t = T::kU;
  std::uint64_t u = 0;
  std::int64_t s = 0;
  std::int32_t ns = 0;
  double d = 0;
  std::string str;
  Value other;  // addresses, compared as the field's type
};

// An arithmetic or function expression (Wireshark 4's `a + b * {c - 1}`, `upper(f)`,
// `max(a, b)`, ...). Only filters that use them build one: a plain `field op value`
// keeps its own cheaper node.
struct Expr {
  enum class K : std::uint8_t {
    kConst,
    kField,
    kNeg,
    kAdd,
    kSub,
    kMul,
    kDiv,
    kMod,
    kAnd,
    kLen,
    kCount,
    kUpper,
    kLower,
    kString,
    kMax,
    kMin,
    kAbs
  };
  K k = K::kConst;
  const FieldDef* field = nullptr;  // kField; len/count's argument
  const FieldDef* type = nullptr;   // whose type the result has: constants are read as it
  std::vector<std::pair<int, int>> layers;
  std::vector<std::unique_ptr<Expr>> args;
  // kConst: the text until the type is known, then the value
  std::string text;
  std::size_t pos = 0;
  bool quoted = false;
  Literal lit;
  Tv value;
};

// `and`/`or` keep their operands in one list (a && b && c is one node with three
// children), so a long chain of terms never makes a deep tree to recurse through.
// Room for a field's values: a fixed array holds every occurrence of almost every field
// (kMaxValues); a packet with more (tcp.option_kind, dns.a) spills into a vector.
struct ValueRoom {
  Value fixed[kMaxValues];
  ValueBuf more;
  Value* data = fixed;  // where the values are: `fixed`, or `more` after a spill

  ValueRoom() = default;
  ValueRoom(const ValueRoom&) = delete;
  ValueRoom& operator=(const ValueRoom&) = delete;

  // Every occurrence of the field; returns how many.
  [[gnu::always_inline]] int fill(FieldId id, const Packet& p) {
    data = fixed;
    const int n = field_values(id, p, fixed, kMaxValues);
    if (n > kMaxValues) [[unlikely]]
      return spill(id, p, n);
    return n;
  }
  [[gnu::noinline]] int spill(FieldId id, const Packet& p, int n) {
    const int all = values_of_grown(id, p, more, n);
    data = more.data();
    return all;
  }
  Value& operator[](int i) { return data[i]; }
};

struct Node {
  Op op = Op::kPresent;
  std::vector<std::unique_ptr<Node>> children;
  const FieldDef* field = nullptr;
  std::vector<Literal> literals;
  std::unique_ptr<Regex> regex;
  const FieldDef* rhs_field = nullptr;          // `a == b` between two fields
  std::vector<std::pair<int, int>> rhs_layers;  // `ip.src#1 == ip.dst#2`: b's layers
  // Op::kBytePair: the right side, a field read as bytes (`frame[0:6] == eth.dst`,
  // `frame contains ip`, `ip#1 contains ip#2[0:4]`)
  std::unique_ptr<Node> rhs_operand;
  std::uint64_t mask = 0;  // `field & mask ...` (0: none)
  // `ip.src & 255.255.255.0 == 192.0.2.0`: an address ANDed with an address (family 0: none)
  net::IpAddress address_mask = net::IpAddress::none();
  // `udp[0:2] & 1f ...`, `eth.src & 02:00:00:00:00:00`: a byte string ANDed with the
  // operand's bytes (as long as the shorter of the two), in `masked`
  bool has_byte_mask = false;
  std::string byte_mask;
  mutable std::string masked;
  bool all = false;     // `all field op value`: every occurrence must hold
  bool any_ne = false;  // a byte test's `!==`, `~=` or `any ... !=`: some occurrence differs
  // `field[start:length]` (length -1: to the end; start < 0 counts from the end);
  // `field[0:2,4-5]` has several ranges, their bytes joined in `joined`.
  bool sliced = false;
  std::int64_t slice_start = 0, slice_len = -1;
  std::vector<std::pair<std::int64_t, std::int64_t>> more_slices;
  mutable std::string joined;
  // `len(arg)` / `count(arg)`: `field` is then the unsigned result, `arg` the field read.
  enum class Func : std::uint8_t { kNone, kLen, kCount } func = Func::kNone;
  const FieldDef* arg = nullptr;
  std::vector<std::pair<int, int>> arg_layers;  // `len(ip#2)`: the argument's layers
  // `ip.src#2`, `ip.src#[1-2,-1]`: only those layers' values, as (start, length)
  // ranges like slices (empty: every layer)
  std::vector<std::pair<int, int>> layers;
  // Op::kExpr: `lhs rel rhs` (rhs null: lhs alone, true if it yields a value)
  std::unique_ptr<Expr> lhs, rhs;
  Op rel = Op::kEq;
  // Room for the field's values, kept with the node: a Value array built per packet
  // (its members zeroed) was a third of the time of `-Y 'tcp.port == N'`.
  mutable ValueRoom values, rhs_values;
  // The test names a protocol tshark knows and sockscope does not dissect (see
  // kTsharkProtocolNames): absent from every packet, so the test is false.
  bool never = false;
};

// Every protocol tshark 4.0 registers, by its filter name (scripts/gen-tshark-protocols).
// tshark takes a bare word naming one as that protocol, never as a literal: `sip` and
// `!ntp` test its presence, `eth.dst[0] == ff` compares with FOUNDATION Fieldbus (absent,
// so nothing matches), `http.host == sip` is refused as of incompatible types. sockscope
// dissects none of those it does not know as fields, so a test naming one is never true
// (Node::never); on a frame with a payload sockscope does not dissect, where tshark might
// have found that protocol, `read -Y` warns (note_undissected_payload).
constexpr std::string_view kTsharkProtocolNames[] = {
#include "capture/filter/tshark_protocols.inc"
};

// The FieldDef of each name above, in the same order (made once, on first use).
const std::vector<FieldDef>& tshark_protocol_defs() {
  static const std::vector<FieldDef> defs = [] {
    std::vector<FieldDef> v;
    v.reserve(std::size(kTsharkProtocolNames));
    for (std::string_view name : kTsharkProtocolNames)
      v.push_back(FieldDef{name, FieldId::kFrame, FieldType::kProtocol});
    return v;
  }();
  return defs;
}

// Every field tshark registers under the protocols sockscope dissects (those it computes
// too): a filter naming one it does not compute is refused as such, not as a name no tool
// knows.
constexpr std::string_view kTsharkFieldNames[] = {
#include "capture/filter/tshark_fields.inc"
};
bool is_tshark_field(std::string_view name) {
  return std::binary_search(std::begin(kTsharkFieldNames), std::end(kTsharkFieldNames), name);
}

// Wireshark's expert info (`_ws.expert`, `_ws.expert.message`, ...): every dissector adds
// it (a retransmission, a bad checksum, a request), so no frame is known to lack it.
bool is_expert_info(std::string_view name) {
  return name == "_ws.expert" || name.starts_with("_ws.expert.");
}

// The protocol named `name`, if tshark knows it and sockscope does not dissect it or the
// protocol it belongs to: `lcp.opt.mru`-like names inside a protocol sockscope dissects stay
// unknown (refused), since tshark would find them there.
const FieldDef* undissected_protocol(std::string_view name) {
  if (name == "ssl") name = "tls";  // Wireshark 4.0 still takes the old name
  auto it =
      std::lower_bound(std::begin(kTsharkProtocolNames), std::end(kTsharkProtocolNames), name);
  if (it == std::end(kTsharkProtocolNames) || *it != name || find_field(name) != nullptr ||
      is_expert_info(name))
    return nullptr;
  if (std::size_t dot = name.find('.');
      dot != std::string_view::npos && find_field(name.substr(0, dot)) != nullptr)
    return nullptr;
  return &tshark_protocol_defs()[static_cast<std::size_t>(it - std::begin(kTsharkProtocolNames))];
}

bool is_undissected_protocol(const FieldDef* f) {
  const std::vector<FieldDef>& defs = tshark_protocol_defs();
  return f >= defs.data() && f < defs.data() + defs.size();
}

// A test of an undissected protocol was taken as false, although the frame carries a
// payload sockscope does not dissect.
void note_undissected_payload(const Packet& p) {
  if (p.has(kProtoData) || ieee8023_undissected(p) || tapa_present(p))
    note_inexact(&Inexact::undissected_payload, p);
}

// The type of a function's result: an unsigned integer (32-bit, as Wireshark's).
constexpr FieldDef kFunctionResult{"function", FieldId::kFrameNumber, FieldType::kUint};
// The type of upper(), lower() and string().
constexpr FieldDef kStringResult{"string", FieldId::kHttpHost, FieldType::kString};

namespace {

bool ip_in(const net::IpAddress& a, const Literal& l) {
  if (a.family != l.value.ip.family) return false;
  int bits = l.prefix < 0 ? (a.family == AF_INET ? 32 : 128) : l.prefix;
  for (int i = 0; bits > 0; ++i, bits -= 8) {
    auto mask = static_cast<std::uint8_t>(bits >= 8 ? 0xff : 0xff << (8 - bits));
    if ((a.bytes[i] & mask) != (l.value.ip.bytes[i] & mask)) return false;
  }
  return true;
}

// The bytes an unsigned field takes on the wire, as Wireshark declares it: len(ip.ttl) is 1.
std::uint64_t uint_width(FieldId id) {
  std::uint64_t max = field_max(id);
  return max <= 0xff ? 1 : max <= 0xffff ? 2 : max <= 0xffffff ? 3 : max <= 0xffffffff ? 4 : 8;
}

// The exact time a kTime or kRelTime value holds.
Timestamp time_of(const Value& v) {
  return {static_cast<std::int64_t>(v.u), static_cast<std::int32_t>(v.d)};
}

// -1, 0, 1 like a three-way comparison of field value v against literal l. Times compare
// as Wireshark 4.0's nstime_cmp() ("1900-01-01" is after 2023 there: time_order()).

int compare(const FieldDef& f, const Value& v, const Literal& l) {
  switch (f.type) {
    case FieldType::kUint:
      return v.u < l.value.u ? -1 : v.u > l.value.u ? 1 : 0;
    case FieldType::kDouble:
    case FieldType::kInt:
      return v.d < l.value.d ? -1 : v.d > l.value.d ? 1 : 0;
    case FieldType::kIp:
    case FieldType::kIpv6:
      if (l.prefix >= 0 && ip_in(v.ip, l)) return 0;
      return v.ip < l.value.ip ? -1 : v.ip > l.value.ip ? 1 : 0;
    case FieldType::kMac:
      return v.mac < l.value.mac ? -1 : v.mac > l.value.mac ? 1 : 0;
    case FieldType::kString: {
      int c = v.s.compare(l.bytes);
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    case FieldType::kTime:
    case FieldType::kRelTime:
      return time_order(time_of(v), time_of(l.value));
    default:
      return 1;
  }
}

// A three-way result for values with no order (an unsigned value against a negative one,
// tv_compare): only != holds, not even !==, as in tshark 4.0.
constexpr int kUnordered = 2;

Tv tv_from(const FieldDef& f, const Value& v);
int tv_compare(const Tv& a, const Tv& b, const FieldDef* type, const Literal* lit);

[[gnu::always_inline]] inline bool relation(Op op, int c) {
  if (c == kUnordered) return op == Op::kNe;
  switch (op) {
    case Op::kEq:
      return c == 0;
    case Op::kNe:
    case Op::kAnyNe:
      return c != 0;
    case Op::kLt:
      return c < 0;
    case Op::kLe:
      return c <= 0;
    case Op::kGt:
      return c > 0;
    case Op::kGe:
      return c >= 0;
    default:
      return false;
  }
}

// An empty needle is found in any bytes but none (Wireshark's memmem on an empty array).
bool search(Bytes hay, Bytes needle) {
  if (needle.empty()) return !hay.empty();
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end()) != hay.end();
}
bool search(Bytes hay, const std::string& needle) {
  return search(hay, Bytes(reinterpret_cast<const std::byte*>(needle.data()), needle.size()));
}

// Wireshark 4.0 orders byte strings and protocols by length first, then byte by byte:
// `ip > 46` holds for every IPv4 header (20 bytes against 1), `frame[0:3] < 00:00:00:00`
// for every frame.
int compare_bytes(Bytes a, Bytes b) {
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  int c = a.empty() ? 0 : std::memcmp(a.data(), b.data(), a.size());
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}
// A protocol against bytes or another protocol compares their item lengths first; of two
// as long, one whose bytes were not all captured equals anything: Wireshark 4.0's read of
// them throws and leaves the order at 0 (`ip == frame` holds on a 20-byte frame whose IPv4
// header the capture cut, `ipv6 == <any 40 bytes>` on IPv6 with no byte).
int compare_items(Bytes a, std::size_t a_len, Bytes b, std::size_t b_len) {
  if (a_len != b_len) return a_len < b_len ? -1 : 1;
  if (a.size() < a_len || b.size() < b_len) return 0;
  return compare_bytes(a, b);
}

bool byte_relation(Op op, int c) {
  switch (op) {
    case Op::kBytesEq:
      return c == 0;
    case Op::kBytesLt:
      return c < 0;
    case Op::kBytesLe:
      return c <= 0;
    case Op::kBytesGt:
      return c > 0;
    default:
      return c >= 0;
  }
}

// The bytes a byte comparison sees: the field's own bytes (a MAC's six), cut by the
// slice if there is one. False when the slice falls outside them (no match, as tshark).
// Whether the field belongs to Ethernet: a frame bridged over GRE has two headers.
bool is_eth_field(const FieldDef& f) {
  return f.name == "eth" || f.name.substr(0, 4) == "eth.";
}
// The Ethernet headers: the frame's own (if it has one) and one bridged over GRE.
int eth_layer_count(const Packet& p) {
  const bool bridged = p.has(kProtoGre) && bridged_gre(p) != nullptr;
  return (p.has(kProtoEth) ? 1 : 0) + (bridged ? 1 : 0);
}
// Whether the field belongs to GRE: a tunnel in a tunnel has several GRE headers.
bool is_gre_field(const FieldDef& f) {
  return f.id == FieldId::kGre || f.name.substr(0, 4) == "gre.";
}
int gre_layer_count(const Packet& p) {
  return p.has(kProtoGre) ? p.gre_count : 0;
}
// `p` with only GRE header k (1-based of gre_layer_count) left for the fields to see.
Packet only_gre_layer(const Packet& p, int k) {
  Packet one = p;
  one.gre[0] = p.gre[static_cast<std::size_t>(k - 1)];
  one.gre_count = 1;
  return one;
}
// `p` with only Ethernet header k (1-based of eth_layer_count) left for the fields to see.
Packet only_eth_layer(const Packet& p, int k) {
  Packet one = p;
  if (k == 1 && p.has(kProtoEth))
    for (GreHeader& g : one.gre)
      g.payload_dissected = g.proto == 0x6558 ? false : g.payload_dissected;
  else
    one.protos &= ~static_cast<std::uint32_t>(kProtoEth);  // the bridged header alone
  return one;
}

// The IPv4 (AF_INET) or IPv6 headers of a packet, in wire order, tunnels and ICMP quotes
// included: how many there are, and the k-th (0-based; nullptr past the last).
int ip_layers_of(const Packet& p, int af) {
  int count = 0;
  for (int i = 0; i < p.ip_layer_count; ++i) count += p.ip_layers[i].src.family == af ? 1 : 0;
  return count;
}

const IpLayer* nth_ip_layer(const Packet& p, int af, int k) {
  for (int i = 0, seen = 0; i < p.ip_layer_count; ++i)
    if (p.ip_layers[i].src.family == af && seen++ == k) return &p.ip_layers[i];
  return nullptr;
}

// How many IPv4 (AF_INET) or IPv6 layers a packet has: its whole headers, and a header
// the snap length cut as the last layer, with what was captured of it.
int ip_layer_total(const Packet& p, int af) {
  // IPv4 with no byte captured has no ip item (its dissector reads the version first),
  // IPv6's is added before any read.
  const bool cut = p.partial == (af == AF_INET ? kProtoIp : kProtoIpv6) &&
                   (af == AF_INET6 || !p.partial_bytes.empty());
  return ip_layers_of(p, af) + (cut ? 1 : 0) +
         (af == AF_INET6 && !refused_ipv6(p).empty() ? 1 : 0) +
         (af == AF_INET && p.ipv4_as_ipv6 ? 1 : 0);
}

// The protocols that can occur more than once in a frame as whole headers: tunnels, ICMP
// quotes, Ethernet bridged over GRE.
bool is_layered_protocol(FieldId id) {
  return id == FieldId::kEth || id == FieldId::kGre || id == FieldId::kIp || id == FieldId::kIpv6 ||
         id == FieldId::kVlan || id == FieldId::kIeee8021ad || id == FieldId::kIcmp ||
         id == FieldId::kIcmpv6 || id == FieldId::kDns || is_ipv6_ext_protocol(id);
}

// A packet's dns items (dns_items), kept until the next call on this thread.
const std::vector<DnsItem>& dns_items_of(const Packet& p) {
  thread_local std::vector<DnsItem> items;
  items.resize(static_cast<std::size_t>(dns_items(p, nullptr, 0)));
  dns_items(p, items.data(), static_cast<int>(items.size()));
  return items;
}

// The layer (1-based) of occurrence k (0-based) of a layered protocol, and in `total` how
// many layers there are: one an occurrence, but DNS over TCP has several to a layer.
int occurrence_layer(FieldId id, const Packet& p, int k, int occurrences, int& total) {
  if (id != FieldId::kDns) {
    total = occurrences;
    return k + 1;
  }
  total = dns_layer_count(p);
  const auto& items = dns_items_of(p);
  return static_cast<std::size_t>(k) < items.size() ? items[static_cast<std::size_t>(k)].layer : 0;
}

int icmp_layers(FieldId id, const Packet& p, Bytes out[2]);

// The item length of extension header k (0-based) of the kind (`len(ipv6.hopopts#2)`).
std::size_t ipv6_ext_item_len(FieldId id, const Packet& p, int k) {
  Bytes onward;
  std::size_t item_len = 0;
  ipv6_ext_header(id, p, k, onward, item_len);
  return item_len;
}

int protocol_layer_count(FieldId id, const Packet& p) {
  switch (id) {
    case FieldId::kEth:
      return eth_layer_count(p);
    case FieldId::kGre:
      return gre_layer_count(p);
    case FieldId::kIp:
      return ip_layer_total(p, AF_INET);
    case FieldId::kIpv6:
      return ip_layer_total(p, AF_INET6);
    case FieldId::kVlan:
    case FieldId::kIeee8021ad:
      return vlan_layer_count(id, p);
    case FieldId::kIcmp:
    case FieldId::kIcmpv6: {
      Bytes each[2];
      return icmp_layers(id, p, each);
    }
    case FieldId::kDns:
      return dns_items(p, nullptr, 0);
    default:
      return is_ipv6_ext_protocol(id) ? ipv6_ext_header_count(id, p) : 0;
  }
}

// Header `k` (0-based, < protocol_layer_count) of a layered protocol, as long as its item.
Bytes protocol_layer_bytes(FieldId id, const Packet& p, int k) {
  if (id == FieldId::kEth) {
    if (k == 0 && p.has(kProtoEth)) return field_own_bytes(id, p);
    const Bytes eth = bridged_gre(p)->eth;
    return eth.first(std::min<std::size_t>(14, eth.size()));  // the bridged header
  }
  if (id == FieldId::kGre) {
    const GreHeader& g = p.gre[static_cast<std::size_t>(k)];
    return g.bytes.first(std::min<std::size_t>(g.header_len, g.bytes.size()));
  }
  if (id == FieldId::kVlan || id == FieldId::kIeee8021ad) return vlan_tag(p, id, k)->bytes.first(4);
  if (id == FieldId::kDns) return dns_items_of(p)[static_cast<std::size_t>(k)].bytes;
  if (is_ipv6_ext_protocol(id)) {
    Bytes onward;
    std::size_t item_len = 0;
    ipv6_ext_header(id, p, k, onward, item_len);
    return onward.first(std::min(item_len, onward.size()));
  }
  if (id == FieldId::kIcmp || id == FieldId::kIcmpv6) {
    Bytes each[2];
    icmp_layers(id, p, each);
    return each[k];
  }
  // the k-th header of its version; past the whole ones, the header cut by the snap length
  const IpLayer* l = nth_ip_layer(p, id == FieldId::kIp ? AF_INET : AF_INET6, k);
  if (l == nullptr) {
    const Bytes last = last_ip_layer_bytes(id, p);
    return last.first(std::min(last.size(), cut_ip_item_len(id, p)));
  }
  const Bytes onward = l->onward();
  return onward.first(std::min(l->item_len(), onward.size()));
}

int layer_values(const std::vector<std::pair<int, int>>& ranges, const FieldDef& f, const Packet& p,
                 ValueRoom& v);
Bytes layer_onward_bytes(const Node& n, const Packet& p, int k);

// The length of occurrence `k` of a protocol's item, which its `captured` bytes may fall
// short of (a header the snap length cut is as long as it says: `len(udp)` is 8 with 4
// bytes captured, IPv6's item is 40 with none); a non-protocol's is what it has.
std::size_t protocol_item_len(const Node& n, const Packet& p, int k, std::size_t captured) {
  if (n.field->type != FieldType::kProtocol) return captured;
  const FieldId id = n.field->id;
  if (!is_layered_protocol(id)) return field_length(id, p);
  if ((id == FieldId::kIp || id == FieldId::kIpv6) &&
      nth_ip_layer(p, id == FieldId::kIp ? AF_INET : AF_INET6, k) == nullptr)
    return cut_ip_item_len(id, p);
  if (is_ipv6_ext_protocol(id)) return ipv6_ext_item_len(id, p, k);
  return captured;
}

// How many byte operands the field gives: each occurrence of a MAC or string field (its
// values read into `v`), one for a protocol or byte field that is present.
int operand_count(const Node& n, const Packet& p, ValueRoom& v) {
  if (n.field->type == FieldType::kMac || n.field->type == FieldType::kString ||
      n.field->type == FieldType::kIp || n.field->type == FieldType::kIpv6 ||
      is_multi_bytes(*n.field))
    // `ip.src#2[0]`: the chosen layers' occurrences only
    return n.layers.empty() ? v.fill(n.field->id, p) : layer_values(n.layers, *n.field, p, v);
  if (is_layered_protocol(n.field->id)) return protocol_layer_count(n.field->id, p);
  return field_present(*n.field, p) ? 1 : 0;
}

// Occurrence `k` (< operand_count) of those bytes.
bool unmasked_operand_bytes(const Node& n, const Packet& p, ValueRoom& v, int k, Bytes& out) {
  if (n.field->type == FieldType::kMac) {
    out = Bytes(reinterpret_cast<const std::byte*>(v[k].mac.data()), 6);
  } else if (n.field->type == FieldType::kIp || n.field->type == FieldType::kIpv6) {
    // `ip.src[0:2]`: an address is sliced as its bytes on the wire
    out = Bytes(reinterpret_cast<const std::byte*>(v[k].ip.bytes.data()),
                v[k].ip.family == AF_INET ? 4 : 16);
  } else if (n.field->type == FieldType::kString || is_multi_bytes(*n.field)) {
    out = Bytes(reinterpret_cast<const std::byte*>(v[k].s.data()), v[k].s.size());
  } else if (is_layered_protocol(n.field->id)) {
    out = protocol_layer_bytes(n.field->id, p, k);
  } else {
    out = field_own_bytes(n.field->id, p);
  }
  if (!n.sliced) return true;
  // A protocol is sliced as Wireshark slices its item: within the item's length (a
  // header the snap length cut is as long as it says: `len(udp)` is 8 with 4 bytes
  // captured, and a negative offset counts back from there), reading the bytes its
  // dissector was given (a range past the captured ones gives no bytes).
  const std::size_t item_len = protocol_item_len(n, p, k, out.size());
  if (n.field->type == FieldType::kProtocol) out = layer_onward_bytes(n, p, k);
  // A range past the end gives no bytes, which is still a value in Wireshark 4.0:
  // `udp.payload[0:40] == ""` and `frame contains udp.payload[0:40]` hold for a short
  // payload, `udp.payload[0:40]` alone does not.
  const Bytes whole = out;
  out = Bytes{};
  auto cut = [&whole, item_len](std::int64_t first, std::int64_t length, Bytes& piece) {
    auto size = static_cast<std::int64_t>(item_len);
    std::int64_t start = first < 0 ? size + first : first;
    std::int64_t len = length < 0 ? size - start : length;
    if (start < 0 || len < 0 || start + len > size ||
        start + len > static_cast<std::int64_t>(whole.size()))
      return false;
    piece = whole.subspan(static_cast<std::size_t>(start), static_cast<std::size_t>(len));
    return true;
  };
  Bytes first;
  if (!cut(n.slice_start, n.slice_len, first)) return true;
  if (n.more_slices.empty()) {
    out = first;
    return true;
  }
  n.joined.assign(reinterpret_cast<const char*>(first.data()), first.size());
  for (const auto& [start, length] : n.more_slices) {
    Bytes piece;
    if (!cut(start, length, piece)) return true;
    n.joined.append(reinterpret_cast<const char*>(piece.data()), piece.size());
  }
  out = Bytes(reinterpret_cast<const std::byte*>(n.joined.data()), n.joined.size());
  return true;
}

// Layer `k` of a protocol from its start to the end of what was captured: what tshark's
// `contains` searches (`ip#2 contains 45` reads the inner datagram, not its header alone).
Bytes layer_onward_bytes(const Node& n, const Packet& p, int k) {
  switch (n.field->id) {
    case FieldId::kIp:
    case FieldId::kIpv6: {
      const IpLayer* l = nth_ip_layer(p, n.field->id == FieldId::kIp ? AF_INET : AF_INET6, k);
      return l != nullptr ? l->onward() : last_ip_layer_bytes(n.field->id, p);
    }
    case FieldId::kGre:
      return p.gre[static_cast<std::size_t>(k)].bytes;
    case FieldId::kVlan:
    case FieldId::kIeee8021ad:
      return vlan_tag(p, n.field->id, k)->bytes;
    case FieldId::kIcmp:
    case FieldId::kIcmpv6: {  // a quoted header is the last thing in its frame
      Bytes each[2];
      icmp_layers(n.field->id, p, each);
      return each[k];
    }
    case FieldId::kIpv6Hopopts:
    case FieldId::kIpv6Dstopts:
    case FieldId::kIpv6Routing: {
      Bytes onward;
      std::size_t item_len = 0;
      ipv6_ext_header(n.field->id, p, k, onward, item_len);
      return onward;
    }
    case FieldId::kDns:  // (each message's item is all its dissector is given)
      return protocol_layer_bytes(n.field->id, p, k);
    case FieldId::kHttp:  // a message past a leading CRLF: from the CRLF (fields.cpp, kHttp)
      if (p.http_after_crlf && p.http != Packet::HttpPart::kContinuation) return p.payload;
      return field_bytes(n.field->id, p);
    case FieldId::kEth: {
      if (k == 0 && p.has(kProtoEth)) return p.data;
      const GreHeader* g = bridged_gre(p);
      return g != nullptr ? g->eth : Bytes{};
    }
    default:
      return field_bytes(n.field->id, p);
  }
}

// The same, ANDed with the node's byte mask if it has one (Wireshark 4.0's `&` on bytes:
// the result is as long as the shorter operand).
bool layer_selected(const std::vector<std::pair<int, int>>& ranges, int k, int total);

bool operand_bytes(const Node& n, const Packet& p, ValueRoom& v, int k, Bytes& out) {
  // `gre#2[0:2]`: only the chosen layers (the parser allows it for eth and gre, whose
  // operand_count() is their number of layers).
  if (!n.layers.empty() && n.field->type == FieldType::kProtocol) {
    int total = 0;
    const int layer = occurrence_layer(n.field->id, p, k, operand_count(n, p, v), total);
    if (!layer_selected(n.layers, layer, total)) return false;
  }
  if (!unmasked_operand_bytes(n, p, v, k, out)) return false;
  if (!n.has_byte_mask) return true;
  const std::size_t len = std::min(out.size(), n.byte_mask.size());
  n.masked.resize(len);
  for (std::size_t i = 0; i < len; ++i)
    n.masked[i] = static_cast<char>(static_cast<std::uint8_t>(out[i]) &
                                    static_cast<std::uint8_t>(n.byte_mask[i]));
  out = Bytes(reinterpret_cast<const std::byte*>(n.masked.data()), len);
  return true;
}

// The length operand_bytes()'s `b` compares with: a whole protocol's item length, which
// its captured bytes may fall short of (compare_items); a slice's or a masked value's own.
std::size_t operand_item_len(const Node& n, const Packet& p, int k, Bytes b) {
  return n.sliced || n.has_byte_mask ? b.size() : protocol_item_len(n, p, k, b.size());
}

// Whether layer `k` (1-based) of `total` is among the node's layer ranges; a negative
// start counts from the last layer (`#[-1]`), and may fall before the first.
bool layer_selected(const std::vector<std::pair<int, int>>& ranges, int k, int total) {
  for (const auto& [start, length] : ranges) {
    if (start == 0) continue;
    int first = start > 0 ? start : total + start + 1;
    if (k >= first && (length < 0 || k < first + length)) return true;
  }
  return false;
}

// An icmp.* or icmpv6.* field (not the protocols themselves: icmp_layers() counts those).
bool is_icmpv6_field(const FieldDef& f) {
  return std::string_view(f.name).substr(0, 7) == "icmpv6.";
}
bool is_icmp_field(const FieldDef& f) {
  return std::string_view(f.name).substr(0, 5) == "icmp." || is_icmpv6_field(f);
}

// 4 or 6 when the field belongs to IPv4 or IPv6 (one layer per header), else 0.
int ip_family_of(const FieldDef& f) {
  std::string_view name = f.name;
  if (name == "ipv6" || name.substr(0, 5) == "ipv6.") return 6;
  if (name == "ip" || name.substr(0, 3) == "ip.") return 4;
  return 0;
}

// Appends to v (from v[count] on, at most kMaxValues in all) the values field `id` has in
// `one`, a copy of the packet narrowed to one layer.
void append_layer_values(FieldId id, const Packet& one, ValueRoom& v, int& count) {
  Value got[kMaxValues];
  const int c = std::min(field_values(id, one, got, kMaxValues), kMaxValues);
  for (int j = 0; j < c && count < kMaxValues; ++j) v[count++] = got[j];
}

// Whether a field has a value in `one`, a copy of the packet narrowed to one layer.
bool layer_has_values(FieldId id, const Packet& one) {
  Value got[kMaxValues];
  return field_values(id, one, got, kMaxValues) > 0;
}

// The layer a negative layer number counts back from: Wireshark's dfvm takes the highest
// layer number among the field's occurrences (filter_finfo_fvalues), not the protocol's
// count of layers, so `ip.src#[-1]` on a frame whose last IP header was cut before its
// source is the header before it. `has(k)`: layer k (1..total) has the field.
template <class Has>
int last_layer_with(const std::vector<std::pair<int, int>>& ranges, int total, Has has) {
  if (std::none_of(ranges.begin(), ranges.end(), [](const auto& r) { return r.first < 0; }))
    return total;  // (only a negative start reads it)
  for (int k = total; k >= 1; --k)
    if (has(k)) return k;
  return 0;
}

// The values of field `id` in the chosen ones of `total` layers, each read on its own
// (`layer(k)`: a Packet holding layer k alone).
template <class Layer>
int chosen_layers_values(const std::vector<std::pair<int, int>>& ranges, FieldId id, int total,
                         Layer layer, ValueRoom& v) {
  const int last =
      last_layer_with(ranges, total, [&](int k) { return layer_has_values(id, layer(k)); });
  int count = 0;
  v.data = v.fixed;
  for (int k = 1; k <= total; ++k)
    if (layer_selected(ranges, k, last)) append_layer_values(id, layer(k), v, count);
  return count;
}

// The values of `field#layers`: for IPv4/IPv6 fields those headers of that family
// (tunnels, quoted headers); other fields have one layer.
int layer_values(const std::vector<std::pair<int, int>>& ranges, const FieldDef& f, const Packet& p,
                 ValueRoom& v) {
  const int family = ip_family_of(f);
  // Ethernet and GRE headers repeat as whole layers: each chosen one read on its own.
  if (family == 0 && (is_eth_field(f) || is_gre_field(f))) {
    const bool eth = is_eth_field(f);
    return chosen_layers_values(
        ranges, f.id, eth ? eth_layer_count(p) : gre_layer_count(p),
        [&](int k) { return eth ? only_eth_layer(p, k) : only_gre_layer(p, k); }, v);
  }
  if (family == 0 && is_dns_field(f)) {  // `dns.qry.name#2`: the messages of DNS's 2nd call
    const int total = dns_layer_count(p);
    int count = 0;
    v.data = v.fixed;
    for (int k = 1; k <= total; ++k)
      if (layer_selected(ranges, k, total))
        append_layer_values(f.id, only_dns_layer(p, k), v, count);
    return count;
  }
  if (is_vlan_field(f.id))  // `vlan.id#2`: the second 802.1Q tag's
    return chosen_layers_values(
        ranges, f.id, vlan_layer_count(f.id, p), [&](int k) { return only_vlan_layer(p, f.id, k); },
        v);
  if (is_ipv6_ext_field(f.id)) {
    // `ipv6.opt.type#2`: the occurrences in the second header of their kind; `#-1`
    // counts from the highest layer among them, as Wireshark's dfvm does
    // (a header may hold more options than kMaxValues: every one is read)
    thread_local std::vector<int> layer;
    const int c = ipv6_ext_field_values(f.id, p, nullptr, 0);
    v.more.resize(static_cast<std::size_t>(c));
    layer.resize(static_cast<std::size_t>(c));
    ipv6_ext_field_values(f.id, p, v.more.data(), c, layer.data());
    const int total = c == 0 ? 0 : *std::max_element(layer.begin(), layer.end());
    int count = 0;
    v.data = v.more.data();
    for (int j = 0; j < c; ++j)
      if (layer_selected(ranges, layer[static_cast<std::size_t>(j)], total)) v[count++] = v[j];
    return count;
  }
  if (family == 0 && is_icmp_field(f)) {
    // the packet's own ICMP header, then the one its error quotes (about an echo)
    const bool v6 = is_icmpv6_field(f);
    const bool outer = p.has(v6 ? kProtoIcmpv6 : kProtoIcmp);
    const bool inner = p.inner.present && p.inner.proto == (v6 ? 58 : 1);
    const int total = (outer ? 1 : 0) + (inner ? 1 : 0);
    auto layer = [&](int k) {
      Packet one = p;
      if (outer && k == 1)
        one.inner.present = false;
      else
        one.protos &= ~static_cast<std::uint32_t>(v6 ? kProtoIcmpv6 : kProtoIcmp);
      return one;
    };
    const int last =
        last_layer_with(ranges, total, [&](int k) { return layer_has_values(f.id, layer(k)); });
    int count = 0;
    v.data = v.fixed;
    for (int k = 1; k <= total; ++k)
      if (layer_selected(ranges, k, last)) append_layer_values(f.id, layer(k), v, count);
    return count;
  }
  if (family == 0) return layer_selected(ranges, 1, 1) ? v.fill(f.id, p) : 0;
  if (f.id == FieldId::kIpVersion) {
    // each occurrence in the layer of its own header (IPv4's among IPv4's, IPv6's among
    // IPv6's); `#-1` counts from the highest of those layers, as Wireshark's dfvm does,
    // but for IPv4's field and IPv6's field of that name apart (dfvm filters each field
    // of a name on its own): `ip.version#[-1]` of ip/ipv6/ip holds the last IPv4
    // header's 4 and the IPv6 header's 6
    std::array<int, kMaxValues> layer{};
    std::array<bool, kMaxValues> by_ipv6{};
    v.data = v.fixed;
    const int c = std::min(ip_version_values(p, v.data, kMaxValues, layer.data(), by_ipv6.data()),
                           kMaxValues);
    std::array<int, 2> total{};  // [by IPv6]: the highest layer of that field
    for (int j = 0; j < c; ++j) {
      int& t = total[by_ipv6[static_cast<std::size_t>(j)] ? 1 : 0];
      t = std::max(t, layer[static_cast<std::size_t>(j)]);
    }
    int count = 0;
    for (int j = 0; j < c; ++j) {
      const auto u = static_cast<std::size_t>(j);
      if (layer_selected(ranges, layer[u], total[by_ipv6[u] ? 1 : 0])) v[count++] = v[j];
    }
    return count;
  }
  const int af = family == 6 ? AF_INET6 : AF_INET;
  // A header the snap length cut is the last layer, with the fields that were captured
  // (as operand_count counts it).
  const bool cut = p.partial == (af == AF_INET ? kProtoIp : kProtoIpv6);
  const int total = ip_layer_total(p, af);
  std::array<int, kMaxIpLayers> index{};  // layer k's place in ip_layers (whole ones)
  int whole = 0;
  for (int i = 0; i < p.ip_layer_count && whole < kMaxIpLayers; ++i)
    if (p.ip_layers[i].src.family == af) index[static_cast<std::size_t>(whole++)] = i;
  auto layer = [&](int k) {
    Packet one = p;
    if (k <= whole) {  // that header's values alone
      one.ip_layers[0] = p.ip_layers[index[static_cast<std::size_t>(k - 1)]];
      one.ip_layer_count = 1;
      if (cut) one.partial = 0;
    } else {
      one.ip_layer_count = 0;  // the cut header's values alone
    }
    return one;
  };
  // (a layer past the whole headers and the cut one has no values here)
  auto read = [&](int k) { return k <= whole || (cut && k == total); };
  const int last = last_layer_with(
      ranges, total, [&](int k) { return read(k) && layer_has_values(f.id, layer(k)); });
  int count = 0;
  v.data = v.fixed;
  // An IP field has at most two values per header (src and dst), so the per-layer values
  // of every header fit in kMaxValues = 2 * kMaxIpLayers.
  for (int k = 1; k <= total; ++k)
    if (read(k) && layer_selected(ranges, k, last)) append_layer_values(f.id, layer(k), v, count);
  return count;
}

// The ICMP (or ICMPv6) headers of a packet: its own, then the one an ICMP error quotes
// (an error about an echo): each occurrence's bytes, in tree order. Returns how many.
int icmp_layers(FieldId id, const Packet& p, Bytes out[2]) {
  const bool v6 = id == FieldId::kIcmpv6;
  int n = 0;
  // (an ICMPv6 header with no byte is one too: its item comes before any read)
  if (p.has(v6 ? kProtoIcmpv6 : kProtoIcmp) || (v6 && p.partial == kProtoIcmpv6))
    out[n++] = field_own_bytes(id, p);
  if (p.inner.present && p.inner.proto == (v6 ? 58 : 1)) out[n++] = p.inner.l4;
  return n;
}

// len(): each occurrence's length (a protocol's or byte field's bytes, a string's
// characters); count(): how many occurrences there are. `layers` (`len(ip#2)`,
// `count(ip.src#[1-2])`) keeps only those layers' occurrences; empty: every one.
// (Out of line: inlined, it kept operand_values out of eval on the `tcp.port == N` path.)
[[gnu::noinline]] int function_values(Node::Func func, const FieldDef& arg,
                                      const std::vector<std::pair<int, int>>& layers,
                                      const Packet& p, ValueRoom& v) {
  const bool whole =
      (arg.type == FieldType::kProtocol || arg.type == FieldType::kBytes) && !is_multi_bytes(arg);
  if (whole && is_layered_protocol(arg.id)) {
    // One occurrence per header of the protocol (tunnels, quotes in ICMP errors, bridged
    // Ethernet in GRE), each as long as its own header: `count(ip) == 2`, `len(ip#2)`.
    if (!field_present(arg, p)) return 0;
    const int total = protocol_layer_count(arg.id, p);
    v.data = v.fixed;
    if (total == 0) {
      // IPv6 that PPP carries with a bad version: in the tree, no header kept. Wireshark
      // adds the item as a whole header (40 bytes) before it reads the version, so that
      // is its length for len(), however little of it was captured.
      v[0].u = func == Node::Func::kLen ? 40 : 1;
      return layers.empty() || layer_selected(layers, 1, 1) ? 1 : 0;
    }
    int c = 0;
    for (int k = 0; k < total; ++k) {
      int layer_total = 0;
      if (!layers.empty() &&
          !layer_selected(layers, occurrence_layer(arg.id, p, k, total, layer_total), layer_total))
        continue;
      if (func == Node::Func::kLen && c < kMaxValues) {
        const bool cut_ip = (arg.id == FieldId::kIp || arg.id == FieldId::kIpv6) &&
                            k >= ip_layers_of(p, arg.id == FieldId::kIp ? AF_INET : AF_INET6);
        v[c].u = cut_ip                         ? cut_ip_item_len(arg.id, p)
                 : is_ipv6_ext_protocol(arg.id) ? ipv6_ext_item_len(arg.id, p, k)
                                                : protocol_layer_bytes(arg.id, p, k).size();
      }
      ++c;
    }
    if (func == Node::Func::kLen) return std::min(c, kMaxValues);
    if (c == 0) return 0;
    v[0].u = static_cast<std::uint64_t>(c);
    return 1;
  }
  // Any other protocol or field: its one layer, or (IPv4/IPv6 fields) one per header.
  if (!layers.empty() && ip_family_of(arg) == 0 && !is_eth_field(arg) && !is_gre_field(arg) &&
      !is_dns_field(arg) && !is_icmp_field(arg) && !is_vlan_field(arg.id) &&
      !layer_selected(layers, 1, 1))
    return 0;
  if (func == Node::Func::kCount) {
    // field_values() counts every occurrence, also those past the room it is given.
    Value tmp[kMaxValues];
    int c = whole && !is_repeated_label(arg.id) ? (field_present(arg, p) ? 1 : 0)
            : layers.empty()                    ? field_values(arg.id, p, tmp, kMaxValues)
                                                : [&] {
                                 thread_local ValueRoom chosen;
                                 return layer_values(layers, arg, p, chosen);
                               }();
    if (c == 0) return 0;
    v.data = v.fixed;
    v[0].u = static_cast<std::uint64_t>(c);
    return 1;
  }
  if (whole) {
    if (!field_present(arg, p)) return 0;
    v.data = v.fixed;
    v[0].u = field_length(arg.id, p);
    return 1;
  }
  int c = layers.empty() ? v.fill(arg.id, p) : layer_values(layers, arg, p, v);
  for (int i = 0; i < c; ++i)
    v[i].u = arg.type == FieldType::kString || is_multi_bytes(arg) ? v[i].s.size()
             : arg.type == FieldType::kUint                        ? uint_width(arg.id)
             : arg.type == FieldType::kInt                         ? 4
             : arg.type == FieldType::kMac                         ? 6
             : arg.type == FieldType::kIp                          ? 4
             : arg.type == FieldType::kIpv6                        ? 16
             // times and doubles: fields Wireshark generates, which take no bytes
             : arg.type == FieldType::kDouble || arg.type == FieldType::kTime ||
                     arg.type == FieldType::kRelTime
                 ? 0
                 : v[i].u;
  return c;
}

int function_values(const Node& n, const Packet& p, ValueRoom& v) {
  return function_values(n.func, *n.arg, n.arg_layers, p, v);
}

// `ip#2`: the protocol has one of the selected layers.
bool layer_present(const Node& n, const Packet& p) {
  if (!field_present(*n.field, p)) return false;
  const int family = ip_family_of(*n.field);
  if (family == 0 && is_eth_field(*n.field)) {
    const int total = eth_layer_count(p);
    for (int k = 1; k <= total; ++k)
      if (layer_selected(n.layers, k, total)) return true;
    return false;
  }
  if (family == 0 && is_dns_field(*n.field)) {  // `dns#2`, `dns.qry.name#2`
    const int total = dns_layer_count(p);
    for (int k = 1; k <= total; ++k)
      if (layer_selected(n.layers, k, total) && field_present(*n.field, only_dns_layer(p, k)))
        return true;
    return false;
  }
  if (family == 0 && is_gre_field(*n.field)) {
    const int total = gre_layer_count(p);
    auto has = [&](int k) { return field_present(*n.field, only_gre_layer(p, k)); };
    const int last = last_layer_with(n.layers, total, has);  // (`gre.key#[-1]`)
    for (int k = 1; k <= total; ++k)
      if (layer_selected(n.layers, k, last) && has(k)) return true;
    return false;
  }
  if (n.field->id == FieldId::kVlan || n.field->id == FieldId::kIeee8021ad) {  // `vlan#2`
    const int total = vlan_layer_count(n.field->id, p);
    for (int k = 1; k <= total; ++k)
      if (layer_selected(n.layers, k, total)) return true;
    return false;
  }
  if (n.field->id == FieldId::kIcmp || n.field->id == FieldId::kIcmpv6) {  // `icmp#2`
    Bytes each[2];
    const int total = icmp_layers(n.field->id, p, each);
    for (int k = 1; k <= total; ++k)
      if (layer_selected(n.layers, k, total)) return true;
    return false;
  }
  if (family != 0 ? n.field->id != FieldId::kIp && n.field->id != FieldId::kIpv6
                  : is_icmp_field(*n.field)) {
    // `ip.src#2`: a value in a chosen header, the one the snap length cut included
    thread_local ValueRoom chosen;
    return layer_values(n.layers, *n.field, p, chosen) > 0;
  }
  if (family == 0) return layer_selected(n.layers, 1, 1);
  // `ip#1` on a header the snap length cut: the last layer
  const int af = family == 6 ? AF_INET6 : AF_INET;
  const int total = n.field->id == FieldId::kIp || n.field->id == FieldId::kIpv6
                        ? ip_layer_total(p, af)
                        : ip_layers_of(p, af);
  for (int k = 1; k <= total; ++k)
    if (layer_selected(n.layers, k, total)) return true;
  return false;
}

// `udp.payload[0:4]` alone: some occurrence has those bytes.
bool slice_present(const Node& n, const Packet& p) {
  const int count = operand_count(n, p, n.values);
  for (int k = 0; k < count; ++k) {
    Bytes b;
    if (operand_bytes(n, p, n.values, k, b) && !b.empty()) return true;
  }
  return false;
}

// `udp[0:2] & 1f` alone: some byte of the ANDed bytes is not zero.
[[gnu::noinline]] bool masked_bytes_nonzero(const Node& n, const Packet& p) {
  const int count = operand_count(n, p, n.values);
  for (int k = 0; k < count; ++k) {
    Bytes b;
    if (!operand_bytes(n, p, n.values, k, b)) continue;
    for (std::byte x : b)
      if (x != std::byte{0}) return true;
  }
  return false;
}

// `udp.srcport == udp.dstport`: one value against another field's (a Literal built only
// here, so that `field == literal` does not construct one per packet).
int compare_with_field(const FieldDef& f, const Value& v, const Value& other) {
  Literal from_field;
  from_field.value = other;
  // (only a string's view is the packet's: another type's may be a stale one left in a
  // reused ValueRoom by an earlier packet, whose bytes are gone)
  if (f.type == FieldType::kString) from_field.bytes.assign(other.s);
  return compare(f, v, from_field);
}

// `dns.qry.name == dns.qry.name`: a string field's values may live in a buffer that
// reading another field fills again, so they are copied before that.
void keep_text(Value* v, int count) {
  thread_local std::vector<std::string> kept;
  if (kept.size() < static_cast<std::size_t>(count)) kept.resize(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    std::string& k = kept[static_cast<std::size_t>(i)];
    k.assign(v[i].s);
    v[i].s = k;
  }
}

// One field's value against another field's.
int compare_field_values(const FieldDef& f, const Value& v, const FieldDef& g, const Value& w) {
  if (g.type != f.type)  // a signed and an unsigned integer
    return tv_compare(tv_from(f, v), tv_from(g, w), nullptr, nullptr);
  return compare_with_field(f, v, w);
}

// `ip.src in {ip.dst}`: the value equals one of the member field's values.
bool member_field_holds(const FieldDef& f, const Value& v, const FieldDef& member,
                        const Packet& p) {
  thread_local ValueRoom w;
  const int count = w.fill(member.id, p);
  for (int j = 0; j < count; ++j)
    if (compare_field_values(f, v, member, w[j]) == 0) return true;
  return false;
}

// The values a test compares, into n.values: a function's result, the chosen layers'
// occurrences (`ip.ttl#2`), or every occurrence of the field.
[[gnu::always_inline]] inline int operand_values(const Node& n, const Packet& p) {
  return n.arg != nullptr    ? function_values(n, p, n.values)
         : !n.layers.empty() ? layer_values(n.layers, *n.field, p, n.values)
                             : n.values.fill(n.field->id, p);
}

// A relation between a field's occurrences and a literal or another field's occurrences,
// with Wireshark 4's quantifiers: == < ... hold if some pair does; != if no pair is equal;
// === (and `all`) if every pair does; !== and ~= if some pair differs.
bool holds(const Node& n, const Packet& p) {
  int count = operand_values(n, p);
  if (count == 0) return false;
  Value* const v = n.values.data;
  const Value* w = nullptr;
  if (n.mask != 0)
    for (int i = 0; i < count; ++i) v[i].u &= n.mask;
  const bool address_masked = n.address_mask.family != AF_UNSPEC;
  if (address_masked)
    for (int i = 0; i < count; ++i)
      for (std::size_t b = 0; b < v[i].ip.bytes.size(); ++b)
        v[i].ip.bytes[b] &= n.address_mask.bytes[b];
  if (n.op == Op::kMaskNonzero) {
    for (int i = 0; i < count; ++i) {
      if (!address_masked && v[i].u != 0) return true;
      if (address_masked)
        for (std::uint8_t b : v[i].ip.bytes)
          if (b != 0) return true;
    }
    return false;
  }
  int rhs_count = 1;
  if (n.rhs_field != nullptr) {
    if (n.field->type == FieldType::kString) keep_text(v, count);
    rhs_count = n.rhs_layers.empty() ? n.rhs_values.fill(n.rhs_field->id, p)
                                     : layer_values(n.rhs_layers, *n.rhs_field, p, n.rhs_values);
    if (rhs_count == 0) return false;
    w = n.rhs_values.data;
  }
  // (an unsigned field against a number, `tcp.port == 80`, is the everyday test: inline)
  const bool uint_literal = n.rhs_field == nullptr && n.field->type == FieldType::kUint;
  const std::uint64_t number = uint_literal ? n.literals[0].value.u : 0;
  auto cmp = [&](int i, int j) {
    if (uint_literal) return static_cast<int>(v[i].u > number) - static_cast<int>(v[i].u < number);
    if (n.rhs_field == nullptr) return compare(*n.field, v[i], n.literals[0]);
    return compare_field_values(*n.field, v[i], *n.rhs_field, w[j]);
  };
  const bool every = n.all || n.op == Op::kAllEq;
  const Op op = n.op == Op::kAllEq ? Op::kEq : n.op;
  for (int i = 0; i < count; ++i)
    for (int j = 0; j < rhs_count; ++j) {
      int c = cmp(i, j);
      if (op == Op::kNe) {
        if (c == 0) return false;
      } else if (every) {
        if (!relation(op, c)) return false;
      } else if (relation(op, c)) {
        return true;
      }
    }
  return op == Op::kNe || every;
}

using Tvs = std::vector<Tv>;

Tv tv_from(const FieldDef& f, const Value& v) {
  Tv t;
  switch (f.type) {
    case FieldType::kUint:
      t.u = v.u;
      break;
    case FieldType::kDouble:
      t.t = Tv::T::kD;
      t.d = v.d;
      break;
    case FieldType::kRelTime:
      t.t = Tv::T::kT;
      t.s = static_cast<std::int64_t>(v.u);
      t.ns = static_cast<std::int32_t>(v.d);
      break;
    case FieldType::kInt:
      t.t = Tv::T::kS;
      t.s = static_cast<std::int64_t>(v.d);
      break;
    case FieldType::kString:
      t.t = Tv::T::kStr;
      t.str.assign(v.s);
      break;
    default:
      t.t = Tv::T::kOther;
      t.other = v;
  }
  return t;
}

void field_tvs(const Expr& e, const Packet& p, Tvs& out);

Timestamp time_of(const Tv& t) {
  return {t.s, t.ns};
}
void set_time(Tv& t, const Timestamp& value) {
  t.t = Tv::T::kT;
  t.s = value.sec;
  t.ns = value.nsec;
}

bool arith(Expr::K k, const Tv& a, const Tv& b, Tv& r) {
  if (a.t == Tv::T::kT || b.t == Tv::T::kT) {  // times only add and subtract each other
    if (a.t != b.t || (k != Expr::K::kAdd && k != Expr::K::kSub)) return false;
    set_time(r,
             k == Expr::K::kAdd ? sum(time_of(a), time_of(b)) : difference(time_of(a), time_of(b)));
    return true;
  }
  if (a.t == Tv::T::kD) {
    double y = b.t == Tv::T::kD   ? b.d
               : b.t == Tv::T::kS ? static_cast<double>(b.s)
                                  : static_cast<double>(b.u);
    r.t = Tv::T::kD;
    switch (k) {
      case Expr::K::kAdd:
        r.d = a.d + y;
        return true;
      case Expr::K::kSub:
        r.d = a.d - y;
        return true;
      case Expr::K::kMul:
        r.d = a.d * y;
        return true;
      case Expr::K::kDiv:
        if (y == 0) return false;
        r.d = a.d / y;
        return true;
      default:
        return false;
    }
  }
  if (a.t == Tv::T::kS) {  // signed 32-bit; the other side read as such
    std::int64_t x = a.s;
    std::int64_t y =
        b.t == Tv::T::kS ? b.s : static_cast<std::int32_t>(static_cast<std::uint32_t>(b.u));
    std::int64_t v = 0;
    switch (k) {
      case Expr::K::kAdd:
        v = x + y;
        break;
      case Expr::K::kSub:
        v = x - y;
        break;
      case Expr::K::kMul:
        v = x * y;
        break;
      case Expr::K::kDiv:
        if (y == 0) return false;
        v = x / y;
        break;
      case Expr::K::kMod:
        if (y == 0) return false;
        v = x % y;
        break;
      default:
        v = x & y;
    }
    if (v < INT32_MIN || v > INT32_MAX) return false;
    r.t = Tv::T::kS;
    r.s = v;
    return true;
  }
  // unsigned 32-bit; the other side's low 32 bits
  std::uint64_t x = a.u;
  std::uint64_t y = b.t == Tv::T::kS ? static_cast<std::uint32_t>(b.s) : b.u & 0xffffffffu;
  std::uint64_t v = 0;
  switch (k) {
    case Expr::K::kAdd:
      v = x + y;
      break;
    case Expr::K::kSub:
      if (y > x) {
        if (x > INT32_MAX || y > INT32_MAX) return false;
        r.t = Tv::T::kS;
        r.s = static_cast<std::int64_t>(x) - static_cast<std::int64_t>(y);
        return true;
      }
      v = x - y;
      break;
    case Expr::K::kMul:
      v = x * y;
      break;
    case Expr::K::kDiv:
      if (y == 0) return false;
      v = x / y;
      break;
    case Expr::K::kMod:
      if (y == 0) return false;
      v = x % y;
      break;
    default:
      v = x & y;
  }
  if (v > 0xffffffffu) return false;
  r.t = Tv::T::kU;
  r.u = v;
  return true;
}

// -1, 0, 1, or kUnordered when the two cannot be compared (a negative value against an
// unsigned one: tshark 4.0's dhcp.secs is neither <, > nor == -3600).
int tv_compare(const Tv& a, const Tv& b, const FieldDef* type, const Literal* lit) {
  auto three = [](auto x, auto y) { return x < y ? -1 : x > y ? 1 : 0; };
  switch (a.t) {
    case Tv::T::kU:
      if (b.t == Tv::T::kS)
        return b.s < 0 ? kUnordered : three(a.u, static_cast<std::uint64_t>(b.s));
      if (b.t == Tv::T::kD) return three(static_cast<double>(a.u), b.d);
      return three(a.u, b.u);
    case Tv::T::kS:
      if (b.t == Tv::T::kU)
        return b.u > INT64_MAX ? kUnordered : three(a.s, static_cast<std::int64_t>(b.u));
      if (b.t == Tv::T::kD) return three(static_cast<double>(a.s), b.d);
      return three(a.s, b.s);
    case Tv::T::kD:
      return three(a.d, b.t == Tv::T::kD   ? b.d
                        : b.t == Tv::T::kS ? static_cast<double>(b.s)
                                           : static_cast<double>(b.u));
    case Tv::T::kT:
      return b.t == Tv::T::kT ? time_order(time_of(a), time_of(b)) : kUnordered;
    case Tv::T::kStr: {
      int c = a.str.compare(b.str);
      return c < 0 ? -1 : c > 0 ? 1 : 0;
    }
    default: {
      if (type == nullptr) return kUnordered;
      if (lit != nullptr) return compare(*type, a.other, *lit);
      Literal l;
      l.value = b.other;
      return compare(*type, a.other, l);
    }
  }
}

std::string tv_string(const FieldDef& f, const Tv& t) {
  switch (t.t) {
    case Tv::T::kU:
      return std::to_string(t.u);
    case Tv::T::kS:
      return std::to_string(t.s);
    case Tv::T::kD: {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%.9f", t.d);
      return buf;
    }
    case Tv::T::kStr:
      return t.str;
    default:
      if (f.type == FieldType::kMac) {
        char buf[24];
        const auto& m = t.other.mac;
        std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3],
                      m[4], m[5]);
        return buf;
      }
      return t.other.ip.to_string();
  }
}

void eval_tvs(const Expr& e, const Packet& p, Tvs& out) {
  out.clear();
  switch (e.k) {
    case Expr::K::kConst:
      out.push_back(e.value);
      return;
    case Expr::K::kField:
      field_tvs(e, p, out);
      return;
    case Expr::K::kNeg: {
      Tvs a;
      eval_tvs(*e.args[0], p, a);
      for (Tv& t : a) {
        if (t.t == Tv::T::kU) {
          if (t.u > INT32_MAX) continue;
          t.t = Tv::T::kS;
          t.s = -static_cast<std::int64_t>(t.u);
        } else if (t.t == Tv::T::kS) {
          t.s = -t.s;
        } else if (t.t == Tv::T::kD) {
          t.d = -t.d;
        } else if (t.t == Tv::T::kT) {
          set_time(t, negated(time_of(t)));
        } else {
          continue;
        }
        out.push_back(std::move(t));
      }
      return;
    }
    case Expr::K::kAbs: {
      eval_tvs(*e.args[0], p, out);
      // tshark 4.0 negates a time offset only when its whole seconds are negative
      // (time_is_negative), so abs() of -0.5 s stays -0.5 s; a double gets a true abs().
      for (Tv& t : out) {
        if (t.t == Tv::T::kS && t.s < 0) t.s = -t.s;
        if (t.t == Tv::T::kD) t.d = std::fabs(t.d);
        if (t.t == Tv::T::kT && t.s < 0) set_time(t, negated(time_of(t)));
      }
      return;
    }
    case Expr::K::kUpper:
    case Expr::K::kLower:
      eval_tvs(*e.args[0], p, out);
      for (Tv& t : out)
        for (char& c : t.str)
          c = static_cast<char>(e.k == Expr::K::kUpper
                                    ? std::toupper(static_cast<unsigned char>(c))
                                    : std::tolower(static_cast<unsigned char>(c)));
      return;
    case Expr::K::kString: {
      eval_tvs(*e.args[0], p, out);
      for (Tv& t : out) {
        t.str = tv_string(*e.args[0]->field, t);
        t.t = Tv::T::kStr;
      }
      return;
    }
    case Expr::K::kLen:
    case Expr::K::kCount: {
      thread_local ValueRoom v;
      int c = function_values(e.k == Expr::K::kLen ? Node::Func::kLen : Node::Func::kCount,
                              *e.field, e.args[0]->layers, p, v);
      for (int i = 0; i < c; ++i) {
        Tv t;
        t.u = v[i].u;
        out.push_back(t);
      }
      return;
    }
    case Expr::K::kMax:
    case Expr::K::kMin: {
      Tvs all, one;
      for (const auto& a : e.args) {
        eval_tvs(*a, p, one);
        for (Tv& t : one) all.push_back(std::move(t));
      }
      if (all.empty()) return;
      std::size_t best = 0;
      for (std::size_t i = 1; i < all.size(); ++i) {
        int c = tv_compare(all[i], all[best], e.args[0]->field, nullptr);
        if (c != kUnordered && (e.k == Expr::K::kMax ? c > 0 : c < 0)) best = i;
      }
      out.push_back(std::move(all[best]));
      return;
    }
    default: {  // binary arithmetic: every pair of values, failures dropped
      Tvs a, b;
      eval_tvs(*e.args[0], p, a);
      if (a.empty()) return;
      eval_tvs(*e.args[1], p, b);
      for (const Tv& x : a)
        for (const Tv& y : b) {
          Tv r;
          if (arith(e.k, x, y, r)) out.push_back(std::move(r));
        }
    }
  }
}

void field_tvs(const Expr& e, const Packet& p, Tvs& out) {
  thread_local ValueRoom v;
  int c = e.layers.empty() ? v.fill(e.field->id, p) : layer_values(e.layers, *e.field, p, v);
  for (int i = 0; i < c; ++i) out.push_back(tv_from(*e.field, v[i]));
}

bool eval_expr(const Node& n, const Packet& p) {
  Tvs a;
  eval_tvs(*n.lhs, p, a);
  if (a.empty()) return false;
  if (n.rel == Op::kPresent) {
    if (n.lhs->k != Expr::K::kAnd) return true;
    for (const Tv& t : a)  // `a & b` alone: some result has a bit set
      if ((t.t == Tv::T::kU && t.u != 0) || (t.t == Tv::T::kS && t.s != 0)) return true;
    return false;
  }
  if (n.rel == Op::kContains && n.rhs_field != nullptr) {
    const int count = n.rhs_values.fill(n.rhs_field->id, p);
    for (const Tv& t : a)
      for (int j = 0; t.t == Tv::T::kStr && j < count; ++j)  // (never "": as a literal)
        if (!n.rhs_values[j].s.empty() && t.str.find(n.rhs_values[j].s) != std::string::npos)
          return true;
    return false;
  }
  if (n.rel == Op::kContains || n.rel == Op::kMatches) {
    for (const Tv& t : a) {
      if (t.t != Tv::T::kStr) continue;
      if (n.rel == Op::kContains
              ? !n.literals[0].bytes.empty() && t.str.find(n.literals[0].bytes) != std::string::npos
              : n.regex->search(
                    Bytes(reinterpret_cast<const std::byte*>(t.str.data()), t.str.size())))
        return true;
    }
    return false;
  }
  Tvs b;
  eval_tvs(*n.rhs, p, b);
  if (b.empty()) return false;
  const Literal* lit = n.rhs->k == Expr::K::kConst ? &n.rhs->lit : nullptr;
  const bool every = n.all || n.rel == Op::kAllEq;
  const Op op = n.rel == Op::kAllEq ? Op::kEq : n.rel;
  for (const Tv& x : a)
    for (const Tv& y : b) {
      int c = tv_compare(x, y, n.lhs->type, lit);
      bool holds_pair = relation(op == Op::kNe ? Op::kEq : op, c);
      if (op == Op::kNe) {
        if (holds_pair) return false;
      } else if (every) {
        if (!holds_pair) return false;
      } else if (holds_pair) {
        return true;
      }
    }
  return op == Op::kNe || every;
}

// Occurrence k of a byte operand of Op::kBytePair. `onward`: each layer of a protocol
// from its start to the end of the capture, as tshark's `ip contains udp` searches.
bool pair_operand(const Node& n, const Packet& p, bool onward, int k, int count, Bytes& out) {
  if (!onward) return operand_bytes(n, p, n.values, k, out);
  if (!n.layers.empty() && !layer_selected(n.layers, k + 1, count)) return false;
  out = layer_onward_bytes(n, p, k);
  return true;
}

// `frame contains ip`, `frame[0:6] == eth.dst`, `udp[0:2] < udp[2:2]`: every occurrence
// on the left against every one on the right, with holds()'s quantifiers.
bool byte_pairs_hold(const Node& n, const Packet& p) {
  const Node& r = *n.rhs_operand;
  const bool onward = n.rel == Op::kContains && n.field->type == FieldType::kProtocol &&
                      !n.sliced && !n.has_byte_mask;
  // The left side's bytes are copied first: a field's values may live in a buffer that
  // reading the right side's fills again (`dns.qry.name contains dns.qry.name[0:1]`).
  thread_local std::vector<std::string> left_bytes;
  thread_local std::vector<std::size_t> left_lens;  // their item lengths (compare_items)
  const int left = operand_count(n, p, n.values);
  std::size_t kept = 0;
  for (int i = 0; i < left; ++i) {
    Bytes a;
    if (!pair_operand(n, p, onward, i, left, a)) continue;
    if (left_bytes.size() <= kept) {
      left_bytes.emplace_back();
      left_lens.emplace_back();
    }
    left_lens[kept] = onward ? a.size() : operand_item_len(n, p, i, a);
    left_bytes[kept++].assign(reinterpret_cast<const char*>(a.data()), a.size());
  }
  const int right = kept == 0 ? 0 : operand_count(r, p, r.values);
  const bool every = n.all || n.rel == Op::kAllEq;
  const Op op = n.rel == Op::kAllEq ? Op::kEq : n.rel;
  bool paired = false;
  for (std::size_t i = 0; i < kept; ++i) {
    // empty bytes keep a null data pointer, as the slice past the end they come from
    const Bytes a =
        left_bytes[i].empty()
            ? Bytes{}
            : Bytes(reinterpret_cast<const std::byte*>(left_bytes[i].data()), left_bytes[i].size());
    for (int j = 0; j < right; ++j) {
      Bytes b;
      if (!pair_operand(r, p, onward, j, right, b)) continue;
      paired = true;
      if (op == Op::kContains) {
        // a protocol item none of whose bytes were captured (IPv6's with none) is found
        // nowhere (Wireshark's tvb_find_tvb)
        const bool uncaptured = onward && b.empty() && operand_item_len(r, p, j, b) > 0;
        const bool found = !uncaptured && search(a, b);
        if (every ? !found : found) return !every;
        continue;
      }
      const int c = compare_items(a, left_lens[i], b, operand_item_len(r, p, j, b));
      if (op == Op::kNe) {
        if (c == 0) return false;
      } else if (every) {
        if (!relation(op, c)) return false;
      } else if (op == Op::kAnyNe ? c != 0 : relation(op, c)) {
        return true;
      }
    }
  }
  return paired && (op == Op::kNe || every);
}

bool eval(const Node& n, const Packet& p) {
  if (n.never) {
    note_undissected_payload(p);
    return false;
  }
  switch (n.op) {
    case Op::kBytesMaskNonzero:
      return masked_bytes_nonzero(n, p);
    case Op::kAnd:
      for (const auto& c : n.children)
        if (!eval(*c, p)) return false;
      return true;
    case Op::kOr:
      for (const auto& c : n.children)
        if (eval(*c, p)) return true;
      return false;
    case Op::kNot:
      return !eval(*n.children[0], p);
    case Op::kPresent:
      if (n.sliced) return slice_present(n, p);
      return n.layers.empty() ? field_present(*n.field, p) : layer_present(n, p);
    case Op::kExpr:
      return eval_expr(n, p);
    case Op::kBytePair:
      return byte_pairs_hold(n, p);
    case Op::kContains: {
      // Wireshark 4.0: a protocol or a string never contains "" (a byte field does)
      if (n.literals[0].bytes.empty() && !n.sliced &&
          (n.field->type == FieldType::kProtocol || n.field->type == FieldType::kString))
        return false;
      if (!n.sliced && !n.layers.empty() && n.field->type == FieldType::kProtocol) {
        ValueRoom& v = n.values;
        const int count = operand_count(n, p, v);
        for (int k = 0; k < count; ++k)
          if (layer_selected(n.layers, k + 1, count) &&
              search(layer_onward_bytes(n, p, k), n.literals[0].bytes))
            return true;
        return false;
      }
      // `all f contains x`: every occurrence (and there is one)
      if (n.sliced) {
        ValueRoom& v = n.values;
        const int count = operand_count(n, p, v);
        bool seen = false;
        for (int k = 0; k < count; ++k) {
          Bytes b;
          if (!operand_bytes(n, p, v, k, b)) continue;
          seen = true;
          if (search(b, n.literals[0].bytes) != n.all) return !n.all;
        }
        return n.all && seen;
      }
      if (n.field->type == FieldType::kString || is_multi_bytes(*n.field)) {
        ValueRoom& v = n.values;
        int count = v.fill(n.field->id, p);
        for (int i = 0; i < count; ++i)
          if ((v[i].s.find(n.literals[0].bytes) != std::string_view::npos) != n.all) return !n.all;
        return n.all && count > 0;
      }
      if (!field_present(*n.field, p)) return false;
      if (n.field->id == FieldId::kHttp)  // (see layer_onward_bytes)
        return search(layer_onward_bytes(n, p, 0), n.literals[0].bytes);
      return search(field_bytes(n.field->id, p), n.literals[0].bytes);
    }
    case Op::kBytesEq:
    case Op::kBytesLt:
    case Op::kBytesLe:
    case Op::kBytesGt:
    case Op::kBytesGe:
    case Op::kBytesNe: {
      // Each occurrence (eth.src of a bridged frame has two): some must hold; for != none
      // may be equal; with `all` (or ===) every one, with `any ... !=` (or !==) some differs.
      ValueRoom& v = n.values;
      const int count = operand_count(n, p, v);
      const bool none_equal = n.op == Op::kBytesNe && !n.any_ne;
      bool any = false;
      for (int k = 0; k < count; ++k) {
        Bytes b;
        if (!operand_bytes(n, p, v, k, b)) continue;
        const std::string& lit = n.literals[0].bytes;
        const int c = compare_items(
            b, operand_item_len(n, p, k, b),
            Bytes(reinterpret_cast<const std::byte*>(lit.data()), lit.size()), lit.size());
        const bool holds_one = n.op == Op::kBytesNe ? c != 0 : byte_relation(n.op, c);
        any = true;
        if (none_equal || n.all) {
          if (!holds_one) return false;
        } else if (holds_one) {
          return true;
        }
      }
      return (none_equal || n.all) && any;
    }
    case Op::kMatches: {
      if (!n.sliced && !n.layers.empty() && n.field->type == FieldType::kProtocol) {
        ValueRoom& v = n.values;  // as contains: each chosen layer to the capture's end
        const int count = operand_count(n, p, v);
        for (int k = 0; k < count; ++k)
          if (layer_selected(n.layers, k + 1, count) &&
              n.regex->search(layer_onward_bytes(n, p, k)))
            return true;
        return false;
      }
      if (n.sliced) {  // the slice's bytes only, as `contains` reads them
        ValueRoom& v = n.values;
        const int count = operand_count(n, p, v);
        for (int k = 0; k < count; ++k) {
          Bytes b;
          // a range past the end (no bytes) matches nothing, as in tshark
          if (operand_bytes(n, p, v, k, b) && !b.empty() && n.regex->search(b)) return true;
        }
        return false;
      }
      if (!field_present(*n.field, p)) return false;
      if (n.field->type == FieldType::kString || is_multi_bytes(*n.field)) {
        ValueRoom& v = n.values;
        int count = v.fill(n.field->id, p);
        for (int i = 0; i < count; ++i)  // `all f matches re`: every occurrence
          if (n.regex->search(
                  Bytes(reinterpret_cast<const std::byte*>(v[i].s.data()), v[i].s.size())) != n.all)
            return !n.all;
        return n.all && count > 0;
      }
      if (n.field->type == FieldType::kMac) {  // tshark searches the address's six bytes
        ValueRoom& v = n.values;
        int count = v.fill(n.field->id, p);
        for (int i = 0; i < count; ++i)
          if (n.regex->search(
                  Bytes(reinterpret_cast<const std::byte*>(v[i].mac.data()), v[i].mac.size())))
            return true;
        return false;
      }
      return n.regex->search(field_bytes(n.field->id, p));
    }
    case Op::kIn: {
      ValueRoom& v = n.values;
      int count = operand_values(n, p);
      if (n.field->type == FieldType::kString &&
          std::any_of(n.literals.begin(), n.literals.end(),
                      [](const Literal& l) { return l.field != nullptr; }))
        keep_text(v.data, count);
      const auto member_holds = [&](int i, const Literal& l) {
        if (l.field != nullptr) return member_field_holds(*n.field, v[i], *l.field, p);
        return !l.range ? compare(*n.field, v[i], l) == 0
               : n.field->type == FieldType::kUint
                   ? v[i].u >= l.value.u && v[i].u <= l.hi
                   : compare(*n.field, v[i], l) >= 0 && compare(*n.field, v[i], *l.upper) <= 0;
      };
      if (n.all) {
        // tshark 4.0 reads `all f in {a, b}` as `all f == a || all f == b`
        for (const Literal& l : n.literals) {
          bool every = count > 0;
          for (int i = 0; every && i < count; ++i) every = member_holds(i, l);
          if (every) return true;
        }
        return false;
      }
      for (int i = 0; i < count; ++i)
        for (const Literal& l : n.literals)
          if (member_holds(i, l)) return true;
      return false;
    }
    default:
      return holds(n, p);
  }
}

class Parser {
 public:
  explicit Parser(const std::string& text) : tokens_(lex(text)) {}

  std::unique_ptr<Node> parse() {
    auto n = parse_or();
    if (peek().kind != Tok::kEnd) fail("unexpected '" + peek().text + "'", peek().pos);
    return n;
  }
  // The regular expressions of `matches` in the parsed filter (owned by its nodes).
  const std::vector<const Regex*>& regexes() const { return regexes_; }
  // Whether the filter names a field of the stream tracker's ACK analysis.
  bool uses_ack_analysis() const { return uses_ack_analysis_; }
  // Whether it names frame.time_delta_displayed.
  bool uses_displayed() const { return uses_displayed_; }
  // Whether it names a field of a protocol other than frame and LLC.
  bool uses_layer_field() const { return uses_layer_field_; }

 private:
  // find_field, noting the fields that need the ACK analysis (a name looked at and then
  // not taken as a field only costs the analysis, never a wrong answer).
  const FieldDef* lookup(std::string_view name) {
    const FieldDef* f = find_field(name);
    if (f == nullptr) f = undissected_protocol(name);
    if (f != nullptr && ack_analysis_field(f->id)) uses_ack_analysis_ = true;
    if (f != nullptr && f->id == FieldId::kFrameTimeDeltaDisplayed) uses_displayed_ = true;
    if (f != nullptr && !frame_or_llc_name(name)) uses_layer_field_ = true;
    return f;
  }
  // frame and llc fields are the same in tshark whatever follows LLC; any other protocol
  // may have a layer inside a payload after LLC that sockscope does not dissect.
  static bool frame_or_llc_name(std::string_view name) {
    for (std::string_view own : {"frame", "llc"})
      if (name.starts_with(own) && (name.size() == own.size() || name[own.size()] == '.'))
        return true;
    return false;
  }
  // The next token, if it is a bare word naming a protocol sockscope does not dissect.
  const FieldDef* bare_undissected_protocol() const {
    return peek().kind == Tok::kWord ? undissected_protocol(peek().text) : nullptr;
  }
  const Token& peek() const { return tokens_[i_]; }
  const Token& take() { return tokens_[i_ < tokens_.size() - 1 ? i_++ : i_]; }
  [[noreturn]] void fail(const std::string& msg, std::size_t pos) { throw FilterError{msg, pos}; }
  // icmpv6.opt.linkaddr and its src/target twins: Wireshark registers each name twice, as
  // bytes and as an Ethernet address, and reads an unquoted literal as the address: 6
  // bytes (`contains` takes fewer).
  void check_ether_literal(const Node& n, const std::string& bytes, std::size_t pos,
                           bool contains) {
    const FieldId id = n.field->id;
    if (n.sliced || n.has_byte_mask || id < FieldId::kIcmpv6OptLinkaddr ||
        id > FieldId::kIcmpv6OptTargetLinkaddr || tokens_[i_ - 1].kind == Tok::kString ||
        bytes.size() == 6 || (contains && bytes.size() < 6))
      return;
    fail("'" + tokens_[i_ - 1].text + "' contains too " + (bytes.size() > 6 ? "many" : "few") +
             " bytes to be a valid Ethernet address",
         pos);
  }
  [[noreturn]] void fail_unknown_name(const Token& t) {
    if (is_expert_info(t.text))
      fail("'" + t.text + "': sockscope does not compute Wireshark's expert info", t.pos);
    if (is_tshark_field(t.text))
      fail("'" + t.text + "' is a tshark field that sockscope does not compute", t.pos);
    // `tls.handshake.type`: tshark knows the protocol, and sockscope does not dissect it
    const std::string_view owner = std::string_view(t.text).substr(0, t.text.find('.'));
    if (owner.size() < t.text.size() && undissected_protocol(owner) != nullptr)
      fail("'" + t.text + "' is a field of " + std::string(owner) +
               ", a protocol sockscope does not dissect",
           t.pos);
    fail("'" + t.text + "' is neither a field nor a protocol name", t.pos);
  }
  // _ws.short, _ws.malformed, _ws.unreassembled: sockscope knows where the tree ends, not
  // the bytes tshark gives the item (those of whichever dissector threw: `_ws.short
  // contains 00` searches them though the item is empty), nor how many unreassembled
  // PDUs a segment held. Refused rather than answered wrong.
  [[noreturn]] void fail_tree_end_bytes(const FieldDef& f, std::size_t pos) {
    fail("'" + std::string(f.name) + "' can only be tested for presence in sockscope (" +
             (f.id == FieldId::kWsUnreassembled
                  ? "not counted or measured"
                  : "tshark reads the bytes of the dissector that threw") +
             ")",
         pos);
  }
  bool is(std::string_view op) const {
    const Token& t = peek();
    return (t.kind == Tok::kOp || t.kind == Tok::kWord) && t.text == op;
  }

  // `first op second op ...` as one node; a single operand stays as it is.
  template <typename Next>
  std::unique_ptr<Node> chain(Op op, std::string_view sym, std::string_view word, Next next) {
    auto first = (this->*next)();
    if (!is(sym) && !is(word)) return first;
    auto n = std::make_unique<Node>();
    n->op = op;
    n->children.push_back(std::move(first));
    while (is(sym) || is(word)) {
      take();
      n->children.push_back((this->*next)());
    }
    return n;
  }

  std::unique_ptr<Node> parse_or() { return chain(Op::kOr, "||", "or", &Parser::parse_and); }
  std::unique_ptr<Node> parse_and() { return chain(Op::kAnd, "&&", "and", &Parser::parse_not); }
  // Counted, not recursed: 50,000 `!` in a row are one negation or none.
  std::unique_ptr<Node> parse_not() {
    bool negate = false;
    while (is("!") || is("not")) {
      take();
      negate = !negate;
    }
    auto n = parse_primary();
    if (!negate) return n;
    auto x = std::make_unique<Node>();
    x->op = Op::kNot;
    x->children.push_back(std::move(n));
    return x;
  }
  std::unique_ptr<Node> parse_primary() {
    const Token& t = peek();
    if (t.kind == Tok::kOp && t.text == "(") {
      // Each level of parentheses is a few stack frames here and in the evaluator: a
      // bound keeps a hostile filter from overflowing the stack.
      if (depth_ >= kMaxDepth)
        fail("parentheses nested deeper than " + std::to_string(kMaxDepth) + " levels", t.pos);
      take();
      ++depth_;
      auto n = parse_or();
      --depth_;
      if (!is(")")) fail("expected ')'", peek().pos);
      take();
      return n;
    }
    if (t.kind == Tok::kEnd) fail("expected a field or protocol name", t.pos);
    if (needs_expr()) return parse_expr_test();
    if (t.kind != Tok::kWord)
      fail("expected a field or protocol name, not '" + t.text + "'", t.pos);
    bool all = false, any = false;
    const std::size_t quantifier_pos = t.pos;
    if ((t.text == "any" || t.text == "all") && tokens_[i_ + 1].kind == Tok::kWord) {
      all = t.text == "all";
      any = !all;
      take();
    }
    auto n = std::make_unique<Node>();
    if ((peek().text == "len" || peek().text == "count") && tokens_[i_ + 1].text == "(") {
      n->func = peek().text == "len" ? Node::Func::kLen : Node::Func::kCount;
      take();
      take();
      const Token& a = peek();
      n->arg = a.kind == Tok::kWord ? lookup(a.text) : nullptr;
      if (n->arg == nullptr && a.kind == Tok::kWord && is_expert_info(a.text)) fail_unknown_name(a);
      if (n->arg == nullptr) fail("expected a field name", a.pos);
      if (n->arg->id == FieldId::kWsUnreassembled) fail_tree_end_bytes(*n->arg, a.pos);
      take();
      if (is("#")) parse_layers(n->arg_layers);
      if (!is(")")) fail("expected ')'", peek().pos);
      take();
      if (!is_relation())
        fail("a function's result must be compared, e.g. len(frame) > 100", peek().pos);
    }
    const Token& name = peek();
    const FieldDef* f = n->arg != nullptr ? &kFunctionResult : lookup(name.text);
    if (f == nullptr) {
      fail_unknown_name(name);
    }
    if (n->arg == nullptr) take();
    n->field = f;
    n->all = all;
    n->never = is_undissected_protocol(f);
    // `eth#2[12:2] == 08:06`, `gre#2[0:2] contains 30`: a slice of chosen layers of a
    // protocol that occurs several times (operand_bytes() skips the others).
    std::size_t layered_slice = std::string::npos;
    if (is("#")) {
      std::size_t hash = peek().pos;
      parse_layers(n->layers);
      // The protocols whose every layer sockscope keeps (operand_count): any layers; for
      // the others, the first layer is the only one it has.
      const bool every_layer = is_layered_protocol(f->id) || f->id == FieldId::kFrame;
      const bool first_only = n->layers.size() == 1 && n->layers[0] == std::pair{1, 1};
      const bool bytes_test =
          is("[") || is_relation() || is("contains") || is("matches") || is("~");
      const bool layered_bytes =
          f->type == FieldType::kProtocol && bytes_test && (every_layer || first_only);
      if (layered_bytes) layered_slice = hash;
      if ((f->type == FieldType::kProtocol || f->type == FieldType::kBytes) && !layered_bytes &&
          !is("and") && !is("or") && !is("&&") && !is("||") && !is(")") && peek().kind != Tok::kEnd)
        fail(
            "the layer operator on this protocol is only supported as a presence test, or on "
            "its first layer",
            hash);
    }
    if (is_label(f->id) && (is("[") || is("&") || is_relation() || is("contains") ||
                            is("matches") || is("~") || is("in")))
      fail("'" + std::string(f->name) + "' is a label (FT_NONE): it can only be tested for " +
               "presence",
           peek().pos);
    if (is_tree_end_protocol(f->id) && (is("[") || is("&") || is_relation() || is("contains") ||
                                        is("matches") || is("~") || is("in")))
      fail_tree_end_bytes(*f, peek().pos);
    if (is("[")) parse_slice(*n);
    if (is("&")) {  // bitwise test: `tcp.flags & 0x12` alone or compared
      std::size_t amp = peek().pos;
      take();
      if (n->sliced || f->type == FieldType::kBytes || f->type == FieldType::kMac) {
        if (bare_undissected_protocol() != nullptr) fail("FT_PROTOCOL cannot &", peek().pos);
        const std::size_t mask_pos = peek().pos;
        n->byte_mask = byte_literal();  // `udp[0:2] & 1f`: bytes ANDed with bytes
        n->has_byte_mask = true;
        if (f->type == FieldType::kMac && !n->sliced && n->byte_mask.size() != 6)
          fail("the mask of an Ethernet address is an Ethernet address (6 bytes)", mask_pos);
      } else if (f->type == FieldType::kIp) {
        // an IPv4 address; a prefix length masks the mask itself
        Literal l = literal(*f);
        for (int bit = std::max(l.prefix, 0); l.prefix >= 0 && bit < 32; ++bit)
          l.value.ip.bytes[static_cast<std::size_t>(bit / 8)] &=
              static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
        n->address_mask = l.value.ip;
      } else {
        if (f->type == FieldType::kIpv6)  // (tshark 4.0's answers to it are not consistent)
          fail("'&' on an IPv6 address is not supported", amp);
        if (f->type != FieldType::kUint && f->type != FieldType::kInt)
          fail("'&' needs an integer field", amp);
        if (ftype_name(*f) == "FT_BOOLEAN") fail("FT_BOOLEAN cannot &.", amp);
        n->mask = literal(*f).value.u;
        if (n->mask == 0) fail("a mask of 0 matches nothing", amp);
      }
      n->op = Op::kMaskNonzero;
    }
    for (const auto& [text, relation_op] : kRelations) {
      if (is(text)) {
        take();
        // `any f != v`: some occurrence differs (`!=` alone: none equals)
        const Op op = any && relation_op == Op::kNe ? Op::kAnyNe : relation_op;
        n->op = op;
        if (const FieldDef* other = dissected_field_here();
            other != nullptr && (reads_bytes(*n) || reads_bytes(*other) || rhs_sliced(false))) {
          parse_byte_pair(*n, op, name.pos);
          return n;
        }
        if (const FieldDef* other = peek().kind == Tok::kWord ? lookup(peek().text) : nullptr;
            other != nullptr && f->type != FieldType::kProtocol && f->type != FieldType::kBytes &&
            !n->sliced && !n->has_byte_mask) {
          if (!scalar_compatible(*f, *other))
            fail("'" + std::string(f->name) + "' and '" + std::string(other->name) +
                     "' are not of compatible types",
                 peek().pos);
          n->rhs_field = other;
          take();
          if (is("#")) parse_layers(n->rhs_layers);  // `ip.ttl#1 > ip.ttl#2`
          if (is("["))
            fail("a slice of a field compared with another field's layer is not supported",
                 peek().pos);
          return n;
        }
        if (f->type == FieldType::kProtocol || f->type == FieldType::kBytes || n->sliced ||
            n->has_byte_mask) {
          if (bare_undissected_protocol()) {  // `eth.dst[0] == ff`: that protocol, absent
            n->never = true;
            take();
            return n;
          }
          Literal l;
          const std::size_t literal_pos = peek().pos;
          l.bytes = byte_literal();
          check_ether_literal(*n, l.bytes, literal_pos, false);
          n->literals.push_back(std::move(l));
          if (op == Op::kAllEq) n->all = true;
          if (op == Op::kAnyNe) n->any_ne = true;
          n->op = op == Op::kEq || op == Op::kAllEq   ? Op::kBytesEq
                  : op == Op::kNe || op == Op::kAnyNe ? Op::kBytesNe
                  : op == Op::kLt                     ? Op::kBytesLt
                  : op == Op::kLe                     ? Op::kBytesLe
                  : op == Op::kGt                     ? Op::kBytesGt
                                                      : Op::kBytesGe;
          return n;
        }
        n->literals.push_back(literal(*f));
        return n;
      }
    }
    if (is("contains")) {
      take();
      n->op = Op::kContains;
      if (f->type != FieldType::kProtocol && f->type != FieldType::kBytes &&
          f->type != FieldType::kString && f->type != FieldType::kMac && !n->sliced)
        fail(
            "'contains' needs a protocol, byte or string field, not '" + std::string(f->name) + "'",
            tokens_[i_ - 1].pos);
      const bool whole_mac = f->type == FieldType::kMac && !n->sliced;
      if (whole_mac) whole(*n);  // its six bytes
      if (dissected_field_here() != nullptr) {
        parse_byte_pair(*n, Op::kContains, name.pos);
        return n;
      }
      if (const FieldDef* other = bare_undissected_protocol()) {
        // tshark searches a protocol for that protocol's bytes, except Dublin Core's (an
        // XML-derived protocol), and never a string for a protocol.
        if ((f->type == FieldType::kString && !n->sliced) ||
            (f->type == FieldType::kProtocol && !n->sliced && other->name == "dc"))
          fail("'" + std::string(f->name) + "' and '" + std::string(other->name) +
                   "' are not of compatible types",
               peek().pos);
        n->never = true;
        take();
        return n;
      }
      // an Ethernet address contains bytes, never text (`eth.src contains "a"` is refused)
      if (whole_mac && peek().kind == Tok::kString)
        fail("'" + std::string(f->name) + "' contains bytes (02:00), not a string", peek().pos);
      Literal l;
      const std::size_t literal_pos = peek().pos;
      l.bytes = f->type == FieldType::kString && !n->sliced ? literal(*f).bytes : byte_literal();
      check_ether_literal(*n, l.bytes, literal_pos, true);
      n->literals.push_back(std::move(l));
      return n;
    }
    if (layered_slice != std::string::npos && is("in"))
      fail(
          "the layer operator on a protocol's slice is only supported with == != < > contains "
          "matches",
          layered_slice);
    if (is("matches") || is("~")) {
      // As tshark: a regular expression reads text or bytes, never a number or address.
      if (!n->sliced &&
          (f->type == FieldType::kUint || f->type == FieldType::kDouble ||
           f->type == FieldType::kInt || f->type == FieldType::kIp || f->type == FieldType::kIpv6 ||
           f->type == FieldType::kTime || f->type == FieldType::kRelTime))
        fail("'" + std::string(f->name) + "' cannot participate in a matches comparison", name.pos);
      take();
      n->op = Op::kMatches;
      const Token& v = peek();
      if (v.kind != Tok::kString) fail("'matches' needs a quoted regular expression", v.pos);
      n->regex = std::make_unique<Regex>(v.text, v.pos);
      regexes_.push_back(n->regex.get());
      take();
      return n;
    }
    // `f not in {..}`: no occurrence is a member, whatever the quantifier (tshark 4.0)
    const bool not_in = is("not") && tokens_[i_ + 1].text == "in";
    if (not_in) {
      take();
      n->all = false;
      all = any = false;
    }
    if (is("in")) {
      // as tshark 4.0: a bitwise test is not a set member's operand
      if (n->op == Op::kMaskNonzero) fail("\"in\" was unexpected in this context", peek().pos);
      take();
      if (!is("{")) fail("expected '{' after 'in'", peek().pos);
      take();
      n->op = Op::kIn;
      while (!is("}")) {
        if (peek().kind == Tok::kEnd) fail("expected '}'", peek().pos);
        if (is(",")) {
          // a comma only between two members: not first, doubled or last (`{a, b,}`)
          if (n->literals.empty() || tokens_[i_ - 1].text == "," || tokens_[i_ + 1].text == "}")
            fail("\",\" was unexpected in this context", peek().pos);
          take();
          continue;
        }
        if (!n->literals.empty() && tokens_[i_ - 1].text != ",")
          fail("\"" + peek().text + "\" was unexpected in this context", peek().pos);
        n->literals.push_back(set_member(*f));
      }
      take();
      if (n->literals.empty()) fail("empty set", peek().pos);
      if (!not_in) return n;
      auto negation = std::make_unique<Node>();
      negation->op = Op::kNot;
      negation->children.push_back(std::move(n));
      return negation;
    }
    // As tshark: a quantifier needs a relation (`all ip`, `any udp.port & 1` are refused)
    if (all || any) fail("'" + t.text + "' needs a relation after the field", quantifier_pos);
    if (n->op == Op::kMaskNonzero) {
      if (n->has_byte_mask) n->op = Op::kBytesMaskNonzero;
      return n;
    }
    n->op = Op::kPresent;
    return n;
  }

  static constexpr std::pair<std::string_view, Op> kRelations[] = {
      {"===", Op::kAllEq}, {"all_eq", Op::kAllEq}, {"!==", Op::kAnyNe}, {"any_ne", Op::kAnyNe},
      {"==", Op::kEq},     {"eq", Op::kEq},        {"!=", Op::kNe},     {"ne", Op::kNe},
      {"~=", Op::kAnyNe},  {"<", Op::kLt},         {"lt", Op::kLt},     {"<=", Op::kLe},
      {"le", Op::kLe},     {">", Op::kGt},         {"gt", Op::kGt},     {">=", Op::kGe},
      {"ge", Op::kGe}};

  bool is_relation() const {
    for (const auto& [text, op] : kRelations)
      if (is(text)) return true;
    return false;
  }

  // ---- arithmetic and function expressions (Op::kExpr) ----

  // Whether the test starting here needs the expression parser: an arithmetic operator,
  // `{`, a minus sign or one of the value functions before the end of the test.
  bool needs_expr() const {
    int depth = 0;
    for (std::size_t j = i_; j < tokens_.size(); ++j) {
      const Token& t = tokens_[j];
      if (t.kind == Tok::kEnd) return false;
      if (t.kind == Tok::kString) continue;
      const std::string& x = t.text;
      const bool call = j + 1 < tokens_.size() && tokens_[j + 1].text == "(";
      if (t.kind == Tok::kWord) {
        if (depth == 0 && (x == "and" || x == "or" || x == "in")) return false;
        if (call && (x == "upper" || x == "lower" || x == "string" || x == "max" || x == "min" ||
                     x == "abs"))
          return true;
        // `len(ip) == len(ip#2)`: a function past the start of the test is an operand
        if (call && (x == "len" || x == "count") && j != i_ && tokens_[j - 1].text != "any" &&
            tokens_[j - 1].text != "all")
          return true;
        continue;
      }
      if (x == "[" || x == "(") {
        ++depth;
      } else if (x == "]" || x == ")") {
        if (depth == 0) return false;
        --depth;
      } else if (depth == 0) {
        if (x == "&&" || x == "||") return false;
        if (x == "+" || x == "-" || x == "*" || x == "/" || x == "%" || x == "{") return true;
      }
    }
    return false;
  }

  static bool is_function(const std::string& w) {
    return w == "upper" || w == "lower" || w == "string" || w == "max" || w == "min" ||
           w == "abs" || w == "len" || w == "count";
  }

  std::unique_ptr<Node> parse_expr_test() {
    auto n = std::make_unique<Node>();
    n->op = Op::kExpr;
    if ((is("any") || is("all")) && tokens_[i_ + 1].kind == Tok::kWord &&
        tokens_[i_ + 2].text != "(") {
      n->all = peek().text == "all";
      take();
    } else if ((is("any") || is("all")) && tokens_[i_ + 1].kind == Tok::kWord &&
               is_function(tokens_[i_ + 1].text)) {
      n->all = peek().text == "all";
      take();
    }
    std::size_t lhs_pos = peek().pos;
    const Token& first = peek();
    n->lhs = parse_bitand();
    const FieldDef* type = result_type(*n->lhs);
    // `nosuch.field == -1`: a name that is no field, not a constant to complain about
    if (type == nullptr && first.kind == Tok::kWord && !first.text.empty() &&
        std::isalpha(static_cast<unsigned char>(first.text[0])) != 0 && !is_function(first.text))
      fail_unknown_name(first);
    if (type == nullptr || leftmost_term_constant(*n->lhs))
      fail("Constant arithmetic expression on the LHS is invalid", lhs_pos);
    resolve(*n->lhs, *type);
    for (const auto& [text, op] : kRelations) {
      if (!is(text)) continue;
      take();
      n->rel = op;
      std::size_t rhs_pos = peek().pos;
      n->rhs = parse_bitand();
      const FieldDef* other = result_type(*n->rhs);
      if (other != nullptr && !compatible(*type, *other))
        fail("the two sides are not of compatible types", rhs_pos);
      resolve(*n->rhs, *type);
      return n;
    }
    if (is("contains") || is("matches") || is("~")) {
      const bool contains = is("contains");
      std::size_t op_pos = peek().pos;
      take();
      if (type->type != FieldType::kString)
        fail("'contains' and 'matches' need a string value here", op_pos);
      const Token& v = peek();
      if (v.kind == Tok::kEnd || v.kind == Tok::kOp) fail("expected a value", v.pos);
      n->rel = contains ? Op::kContains : Op::kMatches;
      if (const FieldDef* other = contains ? dissected_field_here() : nullptr) {
        // `lower(http.host) contains http.host`: that field's text
        if (other->type != FieldType::kString)
          fail("'contains' between a string and '" + std::string(other->name) +
                   "': not of compatible types",
               v.pos);
        n->rhs_field = other;
        take();
        return n;
      }
      if (contains) {
        Literal l;
        l.bytes = v.text;
        n->literals.push_back(std::move(l));
      } else {
        if (v.kind != Tok::kString) fail("'matches' needs a quoted regular expression", v.pos);
        n->regex = std::make_unique<Regex>(v.text, v.pos);
        regexes_.push_back(n->regex.get());
      }
      take();
      return n;
    }
    if (is("in")) fail("\"in\" was unexpected in this context", peek().pos);
    n->rel = Op::kPresent;
    return n;
  }

  static bool numeric(const FieldDef& f) {
    return f.type == FieldType::kUint || f.type == FieldType::kDouble ||
           f.type == FieldType::kInt || f.type == FieldType::kRelTime;
  }
  static bool compatible(const FieldDef& a, const FieldDef& b) {
    // a time offset meets only another one
    if (numeric(a) && numeric(b))
      return (a.type == FieldType::kRelTime) == (b.type == FieldType::kRelTime);
    return a.type == b.type || ((a.type == FieldType::kIp || a.type == FieldType::kIpv6) &&
                                (b.type == FieldType::kIp || b.type == FieldType::kIpv6));
  }

  // Wireshark's name of a field's type (max()/min() want all of their arguments alike).
  static std::string ftype_name(const FieldDef& f) {
    switch (f.type) {
      case FieldType::kUint: {
        std::uint64_t w = uint_width(f.id);
        if (&f == &kFunctionResult) return "FT_UINT32";
        if (field_max(f.id) == UINT64_MAX) return "FT_BOOLEAN";
        return "FT_UINT" + std::to_string(w * 8);
      }
      case FieldType::kDouble:
        return "FT_DOUBLE";
      case FieldType::kRelTime:
        return "FT_RELATIVE_TIME";
      case FieldType::kInt:
        return "FT_INT32";
      case FieldType::kIp:
        return "FT_IPv4";
      case FieldType::kIpv6:
        return "FT_IPv6";
      case FieldType::kMac:
        return "FT_ETHER";
      case FieldType::kString:
        return "FT_STRING";
      case FieldType::kBytes:
        return "FT_BYTES";
      case FieldType::kTime:
        return "FT_ABSOLUTE_TIME";
      default:
        return "FT_PROTOCOL";
    }
  }

  // Wireshark 4.0 types a left side's arithmetic by its first term, so it refuses one
  // that starts with a constant (`2 * udp.port == 4`, `{2 + udp.port} * 2 == 22`).
  static bool leftmost_term_constant(const Expr& e) {
    switch (e.k) {
      case Expr::K::kAdd:
      case Expr::K::kSub:
      case Expr::K::kMul:
      case Expr::K::kDiv:
      case Expr::K::kMod:
      case Expr::K::kAnd:
        return e.args[0]->k == Expr::K::kConst || leftmost_term_constant(*e.args[0]);
      case Expr::K::kNeg:  // `-2 * udp.port`
        return e.args[0]->k == Expr::K::kConst;
      default:
        return false;
    }
  }

  static const FieldDef* result_type(const Expr& e) {
    switch (e.k) {
      case Expr::K::kConst:
        return nullptr;
      case Expr::K::kField:
        return e.field;
      case Expr::K::kLen:
      case Expr::K::kCount:
        return &kFunctionResult;
      case Expr::K::kUpper:
      case Expr::K::kLower:
      case Expr::K::kString:
        return &kStringResult;
      default:
        for (const auto& a : e.args)
          if (const FieldDef* t = result_type(*a)) return t;
        return nullptr;
    }
  }

  // Gives every constant its value, read as the type of the other side.
  void resolve(Expr& e, const FieldDef& type) {
    e.type = &type;
    if (e.k == Expr::K::kConst) {
      e.lit = convert(e.text, e.pos, e.quoted, type);
      switch (type.type) {
        case FieldType::kUint:
          e.value.u = e.lit.value.u;
          break;
        case FieldType::kDouble:
          e.value.t = Tv::T::kD;
          e.value.d = e.lit.value.d;
          break;
        case FieldType::kRelTime:
          set_time(e.value, time_of(e.lit.value));
          break;
        case FieldType::kInt:
          e.value.t = Tv::T::kS;
          e.value.s = static_cast<std::int64_t>(e.lit.value.d);
          break;
        case FieldType::kString:
          e.value.t = Tv::T::kStr;
          e.value.str = e.lit.bytes;
          break;
        default:
          e.value.t = Tv::T::kOther;
          e.value.other = e.lit.value;
      }
      return;
    }
    if (e.k == Expr::K::kUpper || e.k == Expr::K::kLower || e.k == Expr::K::kString ||
        e.k == Expr::K::kLen || e.k == Expr::K::kCount) {
      for (auto& a : e.args) resolve(*a, *a->field);
      return;
    }
    const FieldDef* own = result_type(e);
    // `tcp.flags.syn == -1`, `dns.qry.name == -1`: as tshark, only a number is negated
    if (e.k == Expr::K::kNeg && own == nullptr &&
        (!numeric(type) || ftype_name(type) == "FT_BOOLEAN"))
      fail(ftype_name(type) + " cannot -.", e.pos);
    for (auto& a : e.args) resolve(*a, own != nullptr ? *own : type);
  }

  std::unique_ptr<Expr> binary(Expr::K k, std::unique_ptr<Expr> a, std::unique_ptr<Expr> b,
                               std::size_t pos) {
    // Wireshark 4.0: times only add and subtract; booleans take no arithmetic at all.
    static constexpr const char* kSymbol[] = {"", "", "", "+", "-", "*", "/", "%", "&"};
    const std::string sym = kSymbol[static_cast<int>(k)];
    // A character constant is no arithmetic operand (tshark 4.0).
    for (const Expr* x : {a.get(), b.get()})
      if (x->k == Expr::K::kConst && !x->quoted && character_constant(x->text))
        fail(x->text + " is not a valid arithmetic operand", x->pos);
    // A double (icmp.resptime) also multiplies and divides.
    for (const Expr* x : {a.get(), b.get()}) {
      const FieldDef* t = result_type(*x);
      if (t == nullptr) continue;
      const bool time = t->type == FieldType::kRelTime;
      const bool dbl = t->type == FieldType::kDouble && !time;
      if (!numeric(*t) || ftype_name(*t) == "FT_BOOLEAN" ||
          (time && k != Expr::K::kAdd && k != Expr::K::kSub) || (dbl && (sym == "%" || sym == "&")))
        fail(ftype_name(*t) + " cannot " + sym + ".", x->pos);
    }
    // Integers mix; a time or a double only meets its own kind (tshark: "icmp.resptime and
    // tcp.port are not type compatible").
    const FieldDef* ta = result_type(*a);
    const FieldDef* tb = result_type(*b);
    if (ta != nullptr && tb != nullptr &&
        (ta->type == FieldType::kDouble || tb->type == FieldType::kDouble ||
         ta->type == FieldType::kRelTime || tb->type == FieldType::kRelTime) &&
        ftype_name(*ta) != ftype_name(*tb))
      fail(std::string(ta->name) + " and " + std::string(tb->name) + " are not type compatible.",
           a->pos);
    auto e = std::make_unique<Expr>();
    e->k = k;
    e->pos = pos;
    e->args.push_back(std::move(a));
    e->args.push_back(std::move(b));
    return e;
  }

  // `&` binds loosest, then + -, then * / %, then unary minus.
  std::unique_ptr<Expr> parse_bitand() {
    auto e = parse_sum();
    while (is("&")) {
      std::size_t pos = peek().pos;
      take();
      e = binary(Expr::K::kAnd, std::move(e), parse_sum(), pos);
    }
    return e;
  }
  std::unique_ptr<Expr> parse_sum() {
    auto e = parse_product();
    while (peek().kind == Tok::kOp && (is("+") || is("-"))) {
      std::size_t pos = peek().pos;
      Expr::K k = is("+") ? Expr::K::kAdd : Expr::K::kSub;
      take();
      e = binary(k, std::move(e), parse_product(), pos);
    }
    return e;
  }
  std::unique_ptr<Expr> parse_product() {
    auto e = parse_unary();
    while (peek().kind == Tok::kOp && (is("*") || is("/") || is("%"))) {
      std::size_t pos = peek().pos;
      Expr::K k = is("*") ? Expr::K::kMul : is("/") ? Expr::K::kDiv : Expr::K::kMod;
      take();
      e = binary(k, std::move(e), parse_unary(), pos);
    }
    return e;
  }
  // A sign applies to a field, a number or a function call, not to `{` or another sign.
  std::unique_ptr<Expr> parse_unary() {
    if (peek().kind == Tok::kOp && (is("-") || is("+"))) {
      const bool minus = is("-");
      take();
      if (peek().kind != Tok::kWord)
        fail("\"" + peek().text + "\" was unexpected in this context", peek().pos);
      auto a = parse_atom();
      if (const FieldDef* t = result_type(*a); t != nullptr && !numeric(*t))
        fail(ftype_name(*t) + " cannot be negated", a->pos);
      if (!minus) return a;
      auto e = std::make_unique<Expr>();
      e->k = Expr::K::kNeg;
      e->pos = a->pos;
      e->args.push_back(std::move(a));
      return e;
    }
    return parse_atom();
  }

  std::unique_ptr<Expr> parse_atom() {
    const Token& t = peek();
    auto e = std::make_unique<Expr>();
    e->pos = t.pos;
    if (t.kind == Tok::kOp && t.text == "{") {
      if (depth_ >= kMaxDepth)
        fail("braces nested deeper than " + std::to_string(kMaxDepth) + " levels", t.pos);
      take();
      ++depth_;
      auto inner = parse_bitand();
      --depth_;
      if (!is("}")) fail("expected '}'", peek().pos);
      take();
      return inner;
    }
    if (t.kind == Tok::kString) {
      e->text = t.text;
      e->quoted = true;
      take();
      return e;
    }
    if (t.kind != Tok::kWord) fail("\"" + t.text + "\" was unexpected in this context", t.pos);
    if (is_function(t.text) && tokens_[i_ + 1].text == "(") return parse_call();
    const FieldDef* f = lookup(t.text);
    if (f == nullptr) {  // a constant, typed once the other side is known
      e->text = t.text;
      take();
      return e;
    }
    take();
    if (f->type == FieldType::kProtocol || f->type == FieldType::kBytes)
      fail("'" + std::string(f->name) +
               "' is a byte string, which arithmetic cannot use (only '&' applies to bytes)",
           e->pos);
    e->k = Expr::K::kField;
    e->field = f;
    if (is("#")) parse_layers(e->layers);
    if (is("[")) {  // as tshark 4.0: a slice is bytes, and bytes take no + - * / %
      if (f->type == FieldType::kUint || f->type == FieldType::kInt)
        fail("'" + std::string(f->name) + "' is " +
                 (f->type == FieldType::kInt ? "a signed" : "an unsigned") +
                 " integer and cannot be sliced into a sequence of bytes",
             e->pos);
      fail("a slice is a byte string, which arithmetic cannot use (only '&' applies to bytes)",
           peek().pos);
    }
    return e;
  }

  std::unique_ptr<Expr> parse_call() {
    const Token& name = peek();
    std::string fn = name.text;
    std::size_t pos = name.pos;
    take();
    take();  // (
    if (depth_ >= kMaxDepth)
      fail("calls nested deeper than " + std::to_string(kMaxDepth) + " levels", pos);
    auto e = std::make_unique<Expr>();
    e->pos = pos;
    e->k = fn == "upper"    ? Expr::K::kUpper
           : fn == "lower"  ? Expr::K::kLower
           : fn == "string" ? Expr::K::kString
           : fn == "max"    ? Expr::K::kMax
           : fn == "min"    ? Expr::K::kMin
           : fn == "abs"    ? Expr::K::kAbs
           : fn == "len"    ? Expr::K::kLen
                            : Expr::K::kCount;
    ++depth_;
    while (!is(")")) {
      if (peek().kind == Tok::kEnd) fail("expected ')'", peek().pos);
      if (!e->args.empty()) {
        if (!is(",")) fail("expected ',' or ')'", peek().pos);
        take();
      }
      std::size_t arg_pos = peek().pos;
      const bool field_only =
          e->k != Expr::K::kMax && e->k != Expr::K::kMin && e->k != Expr::K::kAbs;
      if (field_only) {
        const Token& a = peek();
        const FieldDef* f = a.kind == Tok::kWord ? lookup(a.text) : nullptr;
        if (f == nullptr || tokens_[i_ + 1].text == "(")
          fail("Only fields can be used as parameter for " + fn + "()", arg_pos);
        take();
        auto arg = std::make_unique<Expr>();
        arg->k = Expr::K::kField;
        arg->field = f;
        arg->pos = arg_pos;
        if (is("#")) parse_layers(arg->layers);
        if ((e->k == Expr::K::kUpper || e->k == Expr::K::kLower) && f->type != FieldType::kString)
          fail("Only string type fields can be used as parameter for " + fn + "()", arg_pos);
        if (e->k == Expr::K::kString &&
            (f->type == FieldType::kProtocol || f->type == FieldType::kBytes ||
             f->type == FieldType::kDouble || f->type == FieldType::kString ||
             f->type == FieldType::kTime || f->type == FieldType::kRelTime ||
             ftype_name(*f) == "FT_BOOLEAN"))
          fail("String conversion for field \"" + std::string(f->name) + "\" is not supported",
               arg_pos);
        if (e->k == Expr::K::kLen || e->k == Expr::K::kCount) e->field = f;
        e->args.push_back(std::move(arg));
      } else {
        auto arg = parse_bitand();
        if (const FieldDef* t = result_type(*arg);
            t != nullptr && !numeric(*t) && e->k == Expr::K::kAbs)
          fail(ftype_name(*t) + " has no absolute value", arg_pos);
        if (const FieldDef* t = result_type(*arg); t != nullptr && t->type == FieldType::kTime)
          fail("max(), min() and abs() of an absolute time are not supported", arg_pos);
        e->args.push_back(std::move(arg));
      }
    }
    --depth_;
    take();  // )
    const bool single = e->k != Expr::K::kMax && e->k != Expr::K::kMin;
    if (e->args.empty() || (single && e->args.size() != 1))
      fail("Function '" + fn + "' takes " +
               (single ? "exactly one argument" : "at least one argument"),
           pos);
    if (!single) {
      const FieldDef* first = nullptr;
      for (const auto& a : e->args) {
        const FieldDef* t = result_type(*a);
        if (t == nullptr) continue;
        if (first == nullptr) {
          first = t;
        } else if (ftype_name(*t) != ftype_name(*first)) {
          fail("Arguments to '" + fn + "' must have the same type (expected " + ftype_name(*first) +
                   ", got " + ftype_name(*t) + ")",
               a->pos);
        }
      }
      if (first == nullptr) fail("Constant expression is invalid", pos);
    }
    return e;
  }

  // `#2`, `#[1-2]`, `#[-1]`, `#[2:]`, `#[1,3]`: which layers of the field's protocol.
  void parse_layers(std::vector<std::pair<int, int>>& out) {
    std::size_t hash = peek().pos;
    take();
    if (peek().pos != hash + 1 || peek().kind == Tok::kEnd)
      fail("Expected digit or \"[\" after '#'", hash + 1);
    if (!is("[")) {
      long long layer = 0;
      if (peek().kind != Tok::kWord || !parse_decimal(peek().text, 0, 1000000, layer))
        fail("expected a layer number after '#'", peek().pos);
      take();
      out.emplace_back(static_cast<int>(layer), 1);
      return;
    }
    std::size_t pos = 0;
    for (const std::string& item : bracket_items(pos)) {
      auto [start, len] = parse_range(item, pos, true);
      out.emplace_back(static_cast<int>(start), static_cast<int>(len));
    }
  }

  // The comma-separated items between `[` and `]` (a leading '-' is its own token).
  std::vector<std::string> bracket_items(std::size_t& pos) {
    take();  // [
    pos = peek().pos;
    std::vector<std::string> items(1);
    while (!is("]")) {
      const Token& t = peek();
      if (t.kind == Tok::kEnd) fail("expected ']'", t.pos);
      if (t.kind == Tok::kOp && t.text == ",") {
        items.emplace_back();
      } else if (t.kind == Tok::kWord || (t.kind == Tok::kOp && t.text == "-")) {
        items.back() += t.text;
      } else {
        fail("\"" + t.text + "\" was unexpected in this context", t.pos);
      }
      take();
    }
    take();  // ]
    for (const std::string& s : items)
      if (s.empty()) fail("empty range", pos);
    return items;
  }

  // One range as (start, length; -1: to the end): `i:j` (j from i), `i-j` (i to j), `i`,
  // `i:`, `:j`; i may be negative (from the end).
  std::pair<std::int64_t, std::int64_t> parse_range(const std::string& text, std::size_t pos,
                                                    bool layer) {
    auto number = [&](const std::string& v) -> std::int64_t {
      long long x = 0;
      bool negative = !v.empty() && v[0] == '-';
      if (!parse_decimal(negative ? v.substr(1) : v, 0, 65535, x))
        fail("\"" + text + "\" is not a valid range", pos);
      return negative ? -x : x;
    };
    auto colon = text.find(':');
    auto dash = text.find('-', 1);
    if (colon != std::string::npos) {
      std::int64_t start = colon == 0 ? 0 : number(text.substr(0, colon));
      std::int64_t len = colon + 1 == text.size() ? -1 : number(text.substr(colon + 1));
      // (no empty range either: `frame[5:0]` is refused, as by tshark)
      if (colon + 1 < text.size() && len <= 0) fail("\"" + text + "\" is not a valid range", pos);
      return {start, len};
    }
    if (dash != std::string::npos) {
      std::int64_t start = number(text.substr(0, dash));
      std::int64_t end = number(text.substr(dash + 1));
      // tshark checks a slice's range as a layer range: one sign, the start before the
      // end (`[1-1]`, `[0-0]` are refused)
      if ((start < 0 && end > 0) || (start > 0 && end < 0))
        fail("Range " + text + " isn't valid because " + std::to_string(start) + " and " +
                 std::to_string(end) + " have different signs",
             pos);
      if (start >= end)
        fail("Range " + text + " isn't valid because " + std::to_string(start) +
                 " is greater or equal than " + std::to_string(end),
             pos);
      // `#[-2--1]`: Wireshark's dfvm counts the start back from the last layer but takes
      // the end as it is, so no layer is in the range (an empty one)
      if (layer && end < 0) return {start, 0};
      // `[-2-0]` passes those checks and then aborts tshark (an assertion in its slicing)
      if (start < 0 && end == 0) fail("\"" + text + "\" is not a valid range", pos);
      // `[-2--1]`: the last two bytes, both ends counted back from the end
      return {start, end - start + 1};
    }
    return {number(text), 1};
  }

  // `[i:j]` (j bytes from i), `[i-j]` (i to j), `[i]`, `[i:]`, `[:j]`; i may be negative;
  // several ranges (`[0:2,4-5]`) give their bytes one after the other.
  void parse_slice(Node& n) {
    std::size_t open = peek().pos;
    const FieldType t = n.field->type;
    if (t != FieldType::kBytes && t != FieldType::kProtocol && t != FieldType::kMac &&
        t != FieldType::kString && t != FieldType::kIp && t != FieldType::kIpv6)
      fail("'" + std::string(n.field->name) + "' cannot be sliced here", open);
    std::size_t pos = 0;
    std::vector<std::string> items = bracket_items(pos);
    n.sliced = true;
    for (std::size_t k = 0; k < items.size(); ++k) {
      auto [start, len] = parse_range(items[k], pos, false);
      if (k == 0) {
        n.slice_start = start;
        n.slice_len = len;
      } else {
        n.more_slices.emplace_back(start, len);
      }
    }
  }

  // tshark's scanner takes no number that starts or ends with its point, nor one with
  // ".." (a range) inside.
  static bool scanned_as_number(std::string_view text) {
    if (text.starts_with('-')) text.remove_prefix(1);
    return !text.empty() && !text.starts_with('.') && !text.ends_with('.') &&
           text.find("..") == std::string_view::npos;
  }

  // Two fields tshark compares value to value: the same type, or two integers.
  static bool scalar_compatible(const FieldDef& a, const FieldDef& b) {
    auto integer = [](const FieldDef& x) {
      return x.type == FieldType::kUint || x.type == FieldType::kInt;
    };
    return a.type == b.type || (integer(a) && integer(b));
  }
  // `dns.resp.name`: a dotted name under a protocol sockscope dissects, not among the
  // fields it computes (tshark would read it as a field, not as text).
  static bool uncomputed_field_name(const std::string& word) {
    const std::size_t dot = word.find('.');
    if (dot == std::string::npos || dot == 0 || find_field(word) != nullptr) return false;
    const FieldDef* protocol = find_field(std::string_view(word).substr(0, dot));
    return protocol != nullptr && protocol->type == FieldType::kProtocol &&
           word.find_first_of(" /:") == std::string::npos;
  }
  // The next token, if it names a field or protocol sockscope dissects: tshark takes such
  // a word on the right of a relation as that field, never as a literal.
  const FieldDef* dissected_field_here() {
    if (peek().kind != Tok::kWord || bare_undissected_protocol() != nullptr) return nullptr;
    return lookup(peek().text);
  }
  // Whether the field after the next token is sliced (`frame[0:6]`), or (with `layered`)
  // layered (`ip#2`, which a number or address compares as itself: `ip.ttl#2`).
  bool rhs_sliced(bool layered = true) const {
    const Token& after = tokens_[std::min(i_ + 1, tokens_.size() - 1)];
    if (after.kind != Tok::kOp) return false;
    if (after.text == "[") return true;
    if (after.text != "#") return false;
    if (layered) return true;
    // `ip.dst#2[0:2]`, `ip.dst#[1-2][0:2]`: a slice after the layers
    std::size_t k = i_ + 2;
    if (k < tokens_.size() && tokens_[k].kind == Tok::kOp && tokens_[k].text == "[") {
      while (k < tokens_.size() && !(tokens_[k].kind == Tok::kOp && tokens_[k].text == "]")) ++k;
    }
    ++k;  // past the layer number or the closing bracket
    return k < tokens_.size() && tokens_[k].kind == Tok::kOp && tokens_[k].text == "[";
  }
  // A test whose operand tshark reads as bytes: a protocol, a byte string, an Ethernet
  // address, or a slice of anything.
  static bool reads_bytes(const Node& n) {
    return n.sliced || n.has_byte_mask || reads_bytes(*n.field);
  }
  static bool reads_bytes(const FieldDef& f) {
    return f.type == FieldType::kProtocol || f.type == FieldType::kBytes ||
           f.type == FieldType::kMac;
  }
  // `field[:]`: the whole of the field's bytes.
  static void whole(Node& n) {
    n.sliced = true;
    n.slice_start = 0;
    n.slice_len = -1;
  }

  // The right side of `frame contains ip`, `frame[0:6] == eth.dst`, `eth.src == udp.payload`
  // (op: the relation or kContains), with tshark 4.0's type rules: when either side is a
  // slice, both are byte strings, a field on the other side taken whole (`ip` as its
  // header, `ip.src` as its four bytes), and it must be one that can be sliced; otherwise a
  // protocol goes only with a protocol, a string with a string, and byte strings and
  // Ethernet addresses with each other.
  void parse_byte_pair(Node& n, Op op, std::size_t lhs_pos) {
    if (!n.layers.empty() && n.field->type != FieldType::kProtocol)
      fail("the layer operator on a field compared with another field is not supported", lhs_pos);
    auto r = std::make_unique<Node>();
    const Token& name = peek();
    const std::size_t name_pos = name.pos;
    r->field = lookup(name.text);
    take();
    const FieldDef& other = *r->field;
    if (is("#")) {
      const std::size_t hash = peek().pos;
      parse_layers(r->layers);
      const bool every_layer = is_layered_protocol(other.id) || other.id == FieldId::kFrame;
      const bool first_only = r->layers.size() == 1 && r->layers[0] == std::pair{1, 1};
      if (other.type != FieldType::kProtocol || !(every_layer || first_only))
        fail(
            "the layer operator on the right of a comparison is only supported on eth, gre, "
            "ip, ipv6 and frame, or on a protocol's first layer",
            hash);
    }
    if (is("[")) parse_slice(*r);
    auto incompatible = [&] {
      fail("'" + std::string(n.field->name) + "' and '" + std::string(other.name) +
               "' are not of compatible types",
           name_pos);
    };
    if (n.sliced || n.has_byte_mask || r->sliced) {
      for (Node* side : {&n, r.get()}) {
        if (side->sliced || side->has_byte_mask) continue;
        const FieldType t = side->field->type;
        if (t == FieldType::kUint || t == FieldType::kInt || t == FieldType::kDouble ||
            t == FieldType::kRelTime)
          fail("'" + std::string(side->field->name) +
                   "' is a number and cannot be converted into a sequence of bytes",
               side == &n ? lhs_pos : name_pos);
        whole(*side);
      }
    } else {
      auto group = [](const FieldDef& f) {
        return f.type == FieldType::kMac ? FieldType::kBytes : f.type;
      };
      if (group(*n.field) != group(other) ||
          (n.field->type != FieldType::kProtocol && n.field->type != FieldType::kBytes &&
           n.field->type != FieldType::kMac && n.field->type != FieldType::kString))
        incompatible();
    }
    n.op = Op::kBytePair;
    n.rel = op;
    n.rhs_operand = std::move(r);
  }

  // The right side of `contains` or of a comparison with a byte or protocol field: a
  // quoted string is its text, an unquoted value must be a byte string.
  std::string byte_literal() {
    const Token& v = peek();
    if (v.kind == Tok::kEnd) fail("expected a value", v.pos);
    if (v.kind != Tok::kString && v.kind != Tok::kWord)
      fail("\"" + v.text + "\" was unexpected in this context", v.pos);
    std::string text = v.text;
    bool quoted = v.kind == Tok::kString;
    std::size_t pos = v.pos;
    take();
    if (const std::optional<unsigned char> c = quoted ? std::nullopt : character_constant(text))
      return std::string(1, static_cast<char>(*c));  // 'A': one byte
    return quoted ? text : parse_byte_literal(text, pos);
  }

  // One member of `in {...}`: a value, or a range `a..b` with or without spaces on either
  // side of the dots (the lexer gives "a..b", "a.." "b", "a" "..b" or "a" ".." "b").
  Literal set_member(const FieldDef& f) {
    // A member naming a field is that field (`ip.src in {ip.dst}`), as in tshark.
    if (const FieldDef* other = dissected_field_here()) {
      const std::size_t pos = peek().pos;
      if (!scalar_compatible(f, *other) || reads_bytes(f))
        fail("'" + std::string(f.name) + "' and '" + std::string(other->name) +
                 "' are not of compatible types",
             pos);
      take();
      if (is("..") || (peek().kind == Tok::kWord && peek().text.rfind("..", 0) == 0))
        fail("a range between fields is not supported", pos);
      Literal l;
      l.field = other;
      return l;
    }
    // A member may be negative (`{-4000..-3000}`, `{-1..1}`).
    const std::size_t minus_pos = peek().pos;
    const bool lo_minus = take_minus();
    const Token& t = peek();
    if (t.kind == Tok::kEnd) fail("expected a value", t.pos);
    if (t.kind == Tok::kOp && t.text != "..") fail("expected a value, not '" + t.text + "'", t.pos);
    const bool quoted = t.kind == Tok::kString;
    std::string lo = (lo_minus ? "-" : "") + t.text, hi;
    std::size_t lo_pos = lo_minus ? minus_pos : t.pos, hi_pos = 0;
    bool range = false, hi_quoted = false;
    std::size_t dots = quoted ? std::string::npos : lo.find("..");
    if (dots == 0) fail("a range needs a lower end", t.pos);
    take();
    auto upper_token = [&] {
      const std::size_t upper_minus = peek().pos;
      const bool neg = take_minus();
      const Token& u = peek();
      if (u.kind == Tok::kEnd || u.kind == Tok::kOp || u.text == "}")
        fail("a range needs an upper end", u.pos);
      hi = (neg ? "-" : "") + u.text;
      hi_pos = neg ? upper_minus : u.pos;
      hi_quoted = u.kind == Tok::kString;
      take();
    };
    if (dots != std::string::npos) {  // "a..b" or "a.."
      range = true;
      hi = lo.substr(dots + 2);
      hi_pos = lo_pos + dots + 2;
      lo.resize(dots);
      if (hi.empty()) upper_token();
    } else if (is("..")) {  // "a" ".." "b"
      range = true;
      take();
      upper_token();
    } else if (peek().kind == Tok::kWord && peek().text.rfind("..", 0) == 0 &&
               peek().text.size() > 2) {  // "a" "..b"
      range = true;
      hi = peek().text.substr(2);
      hi_pos = peek().pos + 2;
      take();
    }
    if (f.type == FieldType::kUint && !quoted &&
        (lo[0] == '-' || (range && !hi.empty() && hi[0] == '-')))
      return negative_uint_member(f, lo, lo_pos, range ? hi : std::string(), hi_pos);
    Literal l = convert(lo, lo_pos, quoted, f);
    if (!range) return l;
    Literal u = convert(hi, hi_pos, hi_quoted, f);
    l.range = true;
    l.hi = u.value.u;
    l.upper = std::make_shared<const Literal>(std::move(u));
    return l;
  }

  // A minus sign before a word: taken, and true.
  bool take_minus() {
    if (!is("-") || i_ + 1 >= tokens_.size() || tokens_[i_ + 1].kind != Tok::kWord) return false;
    take();
    return true;
  }

  // A member of an unsigned field's set with a negative end: tshark accepts it, and compares
  // no unsigned value with a negative number as true (`> -1` holds nothing either), so the
  // member holds nothing: an empty range. A boolean takes no minus.
  Literal negative_uint_member(const FieldDef& f, const std::string& lo, std::size_t lo_pos,
                               const std::string& hi, std::size_t hi_pos) {
    if (ftype_name(f) == "FT_BOOLEAN") fail("FT_BOOLEAN cannot -.", lo_pos);
    for (const auto& [text, pos] : {std::pair{lo, lo_pos}, std::pair{hi, hi_pos}})
      if (!text.empty())
        text[0] == '-' ? parse_uint(text.substr(1), pos) : parse_uint(text, pos, f);
    Literal l;
    l.range = true;
    l.value.u = 1;
    l.hi = 0;
    auto u = std::make_shared<Literal>();
    l.upper = std::move(u);
    return l;
  }

  Literal literal(const FieldDef& f) {
    const Token& v = peek();
    if (v.kind == Tok::kEnd) fail("expected a value", v.pos);
    if (v.kind == Tok::kOp) fail("expected a value, not '" + v.text + "'", v.pos);
    std::string text = v.text;
    std::size_t pos = v.pos;
    bool quoted = v.kind == Tok::kString;
    take();
    return convert(text, pos, quoted, f);
  }

  // As tshark 4.0: a number, an address or a boolean is never written as a string
  // (`ip.src == "192.0.2.1"`, `tcp.port == "80"` are refused).
  void refuse_quoted(bool quoted, const std::string& text, std::size_t pos, const FieldDef& f) {
    if (quoted)
      fail("'" + std::string(f.name) + "' (" + std::string(ftype_name(f)) + "): \"" + text +
               "\" cannot be converted from a string",
           pos);
  }

  Literal convert(const std::string& text, std::size_t pos, bool quoted, const FieldDef& f) {
    Literal l;
    if (const std::optional<unsigned char> c = quoted ? std::nullopt : character_constant(text)) {
      // 'A': a number for an integer or boolean, one character for a string
      if (f.type == FieldType::kUint || f.type == FieldType::kInt) {
        l.value.u = field_max(f.id) == UINT64_MAX ? (*c != 0 ? 1 : 0) : *c;
        l.value.d = *c;
        return l;
      }
      if (f.type == FieldType::kString) {
        l.bytes.assign(1, static_cast<char>(*c));
        return l;
      }
      char hex[8];
      std::snprintf(hex, sizeof hex, "0x%02x", *c);
      fail("Character constant " + text + " (" + hex + ") cannot be converted to " +
               std::string(ftype_name(f)),
           pos);
    }
    switch (f.type) {
      case FieldType::kUint: {
        // A name of the field's values, quoted or not (`arp.opcode == request`); a word
        // that names a field or protocol never gets here.
        if (has_value_names(f.name) &&
            (quoted ||
             (!text.empty() && std::isdigit(static_cast<unsigned char>(text[0])) == 0 &&
              text[0] != '-' && text[0] != '+' && text != "True" && text != "TRUE" &&
              text != "False" && text != "FALSE" && text.find("..") == std::string::npos))) {
          const std::optional<std::uint64_t> v = value_of_name(f.name, text);
          if (!v)
            fail("\"" + text + "\" cannot be found among the possible values for " +
                     std::string(f.name),
                 pos);
          l.value.u = *v;
          return l;
        }
        refuse_quoted(quoted, text, pos, f);
        // A boolean's words, in the spellings tshark 4.0 takes, and only for a boolean.
        bool yes = text == "True" || text == "TRUE";
        if (yes || text == "False" || text == "FALSE") {
          if (field_max(f.id) != UINT64_MAX)
            fail("'" + text + "' is a boolean; '" + std::string(f.name) + "' is not", pos);
          l.value.u = yes ? 1 : 0;
          return l;
        }
        auto dots = text.find("..");
        if (dots != std::string::npos) {
          l.range = true;
          l.value.u = parse_uint(text.substr(0, dots), pos, f);
          l.hi = parse_uint(text.substr(dots + 2), pos + dots + 2, f);
          return l;
        }
        l.value.u = parse_uint(text, pos, f);
        return l;
      }
      case FieldType::kInt: {
        // as tshark: decimal or hex, optionally negative, within 32 bits signed
        if (quoted)
          fail("'" + std::string(f.name) + "' is a signed integer: \"" + text +
                   "\" cannot be converted from a string",
               pos);
        if (auto dots = text.find(".."); dots != std::string::npos) {
          l.range = true;
          l.value.d = parse_int(text.substr(0, dots), pos);
          auto u = std::make_shared<Literal>();
          u->value.d = parse_int(text.substr(dots + 2), pos + dots + 2);
          l.upper = std::move(u);
          return l;
        }
        l.value.d = parse_int(text, pos);
        l.value.u = static_cast<std::uint32_t>(static_cast<std::int32_t>(l.value.d));
        return l;
      }
      case FieldType::kRelTime: {
        if (quoted)  // as tshark: "Time offset cannot be converted from a string"
          fail("'" + std::string(f.name) + "' is a time offset: \"" + text +
                   "\" cannot be converted from a string",
               pos);
        const std::optional<Timestamp> t =
            scanned_as_number(text) ? parse_relative_time(text) : std::nullopt;
        if (!t) fail("'" + text + "' is not a valid time offset (seconds[.fraction])", pos);
        l.value.u = static_cast<std::uint64_t>(t->sec);
        l.value.d = t->nsec;
        return l;
      }
      case FieldType::kDouble: {
        if (quoted)  // as tshark: "Time offset cannot be converted from a string"
          fail("'" + std::string(f.name) + "' is a number: \"" + text +
                   "\" cannot be converted from a string",
               pos);
        char* end = nullptr;
        l.value.d = std::strtod(text.c_str(), &end);
        if (!scanned_as_number(text) || end == text.c_str() || *end != '\0' ||
            !std::isfinite(l.value.d))
          fail("'" + text + "' is not a number", pos);
        return l;
      }
      case FieldType::kIp:
      case FieldType::kIpv6: {
        refuse_quoted(quoted, text, pos, f);
        std::string addr = text;
        auto slash = text.find('/');
        int max_prefix = f.type == FieldType::kIp ? 32 : 128;
        if (slash != std::string::npos) {
          addr = text.substr(0, slash);
          long long prefix = 0;
          if (!parse_decimal(text.substr(slash + 1), 0, max_prefix, prefix))
            fail("bad prefix length in '" + text + "'", pos + slash + 1);
          l.prefix = static_cast<int>(prefix);
        }
        if (f.type == FieldType::kIp) {
          in_addr a{};
          if (inet_pton(AF_INET, addr.c_str(), &a) != 1)
            fail("'" + text + "' is not a valid IPv4 address", pos);
          l.value.ip.family = AF_INET;
          std::memcpy(l.value.ip.bytes.data(), &a, 4);
        } else {
          in6_addr a{};
          if (inet_pton(AF_INET6, addr.c_str(), &a) != 1)
            fail("'" + text + "' is not a valid IPv6 address", pos);
          l.value.ip.family = AF_INET6;
          std::memcpy(l.value.ip.bytes.data(), &a, 16);
        }
        return l;
      }
      case FieldType::kString:
        // Quoted or a bare word, as tshark takes both; but a bare word naming a field
        // tshark has is that field, so `dns.qry.name contains dns.resp.name` must not
        // search for the text when sockscope does not compute dns.resp.name.
        if (!quoted && uncomputed_field_name(text))
          fail("'" + text + "' may name a field of '" + text.substr(0, text.find('.')) +
                   "' that sockscope does not compute; quote it to compare with the text",
               pos);
        l.bytes = text;
        return l;
      case FieldType::kTime: {
        std::string error;
        const std::optional<AbsoluteTime> t = parse_absolute_time(text, error);
        if (!t) fail(error, pos);
        l.value.u = static_cast<std::uint64_t>(t->secs);
        l.value.d = t->nsecs;
        return l;
      }
      case FieldType::kMac: {
        refuse_quoted(quoted, text, pos, f);
        // Cisco's 0200.0000.0001 and the bare 020000000001, as tshark takes them too
        std::string hex;
        if (text.size() == 14 && text[4] == '.' && text[9] == '.')
          hex = text.substr(0, 4) + text.substr(5, 4) + text.substr(10, 4);
        else if (text.size() == 12)
          hex = text;
        if (!hex.empty() && std::all_of(hex.begin(), hex.end(), [](char c) {
              return std::isxdigit(static_cast<unsigned char>(c)) != 0;
            })) {
          for (std::size_t i = 0; i < 6; ++i)
            l.value.mac[i] =
                static_cast<std::uint8_t>(std::stoul(hex.substr(2 * i, 2), nullptr, 16));
          return l;
        }
        unsigned b[6];
        char sep1 = 0;
        int n = std::sscanf(text.c_str(), "%2x%c%2x%*c%2x%*c%2x%*c%2x%*c%2x", &b[0], &sep1, &b[1],
                            &b[2], &b[3], &b[4], &b[5]);
        if (n != 7 || text.size() != 17) fail("'" + text + "' is not a MAC address", pos);
        for (int i = 0; i < 6; ++i) l.value.mac[i] = static_cast<std::uint8_t>(b[i]);
        return l;
      }
      default:
        fail("'" + std::string(f.name) + "' takes no value", pos);
    }
  }

  std::uint64_t parse_uint(const std::string& text, std::size_t pos, const FieldDef& f) {
    std::uint64_t v = parse_uint(text, pos);
    std::uint64_t max = field_max(f.id);
    // A boolean takes any number, nonzero as true (tshark: `tcp.flags.syn == 2` is a SYN).
    if (max == UINT64_MAX) return v != 0 ? 1 : 0;
    if (v > max)
      fail("\"" + text + "\" too big for this field, maximum " + std::to_string(max), pos);
    return v;
  }
  // A signed 32-bit literal ("-3600", "0x10", "-0x10"), as a double (exact).
  double parse_int(const std::string& text, std::size_t pos) {
    const bool neg = !text.empty() && text[0] == '-';
    const std::string digits = neg ? text.substr(1) : text;
    if (digits.empty() || !std::isxdigit(static_cast<unsigned char>(digits[0])))
      fail("\"" + text + "\" is not a valid number", pos);
    for (char c : digits)
      if (!std::isalnum(static_cast<unsigned char>(c)))
        fail("\"" + text + "\" is not a valid number", pos);
    const std::uint64_t v = parse_uint(digits, pos);
    if (!neg && v > INT32_MAX)
      fail("\"" + text + "\" too big for this field, maximum 2147483647", pos);
    if (neg && v > std::uint64_t{INT32_MAX} + 1)
      fail("\"" + text + "\" too small for this field, minimum -2147483648", pos);
    return neg ? -static_cast<double>(v) : static_cast<double>(v);
  }
  std::uint64_t parse_uint(const std::string& text, std::size_t pos) {
    if (text.empty()) fail("expected a number", pos);
    std::uint64_t v = 0;
    std::size_t i = 0;
    // C's prefixes, as Wireshark reads integers: 0x hexadecimal, 0b binary, a leading 0
    // octal (`ip.ttl == 0100` is 64; `089` is no number)
    int base = 10;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X'))
      base = 16, i = 2;
    else if (text.size() > 2 && text[0] == '0' && (text[1] == 'b' || text[1] == 'B'))
      base = 2, i = 2;
    else if (text.size() > 1 && text[0] == '0')
      base = 8, i = 1;
    for (; i < text.size(); ++i) {
      char c = static_cast<char>(std::tolower(static_cast<unsigned char>(text[i])));
      int d = (c >= '0' && c <= '9')                 ? c - '0'
              : (base == 16 && c >= 'a' && c <= 'f') ? c - 'a' + 10
                                                     : -1;
      if (d >= base) d = -1;
      if (d < 0) fail("'" + text + "' is not a valid unsigned number", pos);
      if (v > (UINT64_MAX - static_cast<unsigned>(d)) / static_cast<unsigned>(base))
        fail("'" + text + "' is too large", pos);
      v = v * static_cast<unsigned>(base) + static_cast<unsigned>(d);
    }
    return v;
  }

  static constexpr int kMaxDepth = 200;
  std::vector<Token> tokens_;
  std::size_t i_ = 0;
  int depth_ = 0;
  std::vector<const Regex*> regexes_;
  bool uses_ack_analysis_ = false;
  bool uses_displayed_ = false;
  bool uses_layer_field_ = false;
};

}  // namespace
}  // namespace filter

DisplayFilter::DisplayFilter() = default;
DisplayFilter::~DisplayFilter() {
  filter::stop_noting(&inexact_);
}
DisplayFilter::DisplayFilter(DisplayFilter&&) noexcept = default;
DisplayFilter& DisplayFilter::operator=(DisplayFilter&&) noexcept = default;

DisplayFilter DisplayFilter::compile(const std::string& text) {
  DisplayFilter f;
  bool blank = std::all_of(text.begin(), text.end(),
                           [](char c) { return std::isspace(static_cast<unsigned char>(c)); });
  if (blank) return f;
  try {
    filter::Parser parser(text);
    f.root_ = parser.parse();
    f.regexes_ = parser.regexes();
    f.ack_analysis_ = parser.uses_ack_analysis();
    f.displayed_ = parser.uses_displayed();
    f.layer_field_ = parser.uses_layer_field();
    f.special_ = f.ack_analysis_ || f.displayed_ || f.layer_field_;
    f.only_layer_field_ = f.layer_field_ && !f.ack_analysis_ && !f.displayed_;
  } catch (const filter::FilterError& e) {
    std::string shown = escape_nonprintable(text);
    std::size_t caret = escape_nonprintable(text.substr(0, std::min(e.pos, text.size()))).size();
    // The reason may quote filter text: escape it so a NUL or a control character in
    // the filter can neither cut the message short nor drive the terminal.
    throw usage_error("bad display filter: " + escape_nonprintable(e.message) + "\n  " + shown +
                      "\n  " + std::string(caret, ' ') + "^");
  }
  return f;
}

std::string DisplayFilter::warning() const {
  for (const filter::Regex* r : regexes_)
    if (r->limit_hit())
      return "a 'matches' regular expression hit its backtracking limit on some packets; "
             "those packets were taken as not matching";
  if (std::uint32_t frame = inexact_.protocols; frame != 0)
    return "frame.protocols may differ from tshark's from frame " + std::to_string(frame) +
           " on (a protocol or media type sockscope does not dissect; see `read --help`)";
  if (std::uint32_t frame = inexact_.undissected_payload; frame != 0)
    return "the filter names a protocol sockscope does not dissect, taken as absent; it may "
           "differ from tshark's from frame " +
           std::to_string(frame) + " on (a payload sockscope does not dissect; see `read --help`)";
  if (std::uint32_t frame = inexact_.link_payload; frame != 0)
    return "the filter may differ from tshark's from frame " + std::to_string(frame) +
           " on (a payload after an 802.3 length or LLC that sockscope does not dissect, in "
           "which tshark may find more layers and fields; see `read --help`)";
  if (std::uint32_t frame = inexact_.cut_payload; frame != 0)
    return "data and _ws.short may differ from tshark's from frame " + std::to_string(frame) +
           " on (a payload the snap length cut after a few bytes, which tshark's heuristic "
           "dissectors may read past and claim)";
  if (std::uint32_t frame = inexact_.dhcp; frame != 0)
    return "a dhcp field of the filter may differ from tshark's from frame " +
           std::to_string(frame) +
           " on (a DHCP option, sub-option or anomaly sockscope does not dissect; see the README)";
  return "";
}

bool DisplayFilter::matches(const Packet& p) const {
  filter::inexact = &inexact_;
  // (a field of any protocol but frame and LLC is the everyday case: only an 802.3 frame
  // with a payload sockscope does not dissect needs the slower path's note)
  if (!special_ || (only_layer_field_ && !ieee8023_undissected(p)))
    return root_ == nullptr || filter::eval(*root_, p);
  return matches_special(p);
}

// Out of line, so the common path above stays a test and a call.
bool DisplayFilter::matches_special(const Packet& p) const {
  if (ack_analysis_ && p.has(kProtoTcp) && !p.tcpa.acks_tracked)
    throw Error(ExitCode::kInternal,
                "internal: a display filter uses the TCP ACK analysis, but the packets were "
                "decoded without it");
  if (layer_field_ && ieee8023_undissected(p))
    filter::note_inexact(&filter::Inexact::link_payload, p);
  if (!displayed_) return root_ == nullptr || filter::eval(*root_, p);
  // frame.time_delta_displayed: since the last packet this filter let through.
  filter::delta_displayed = shown_any_ ? difference(p.ts, last_shown_) : Timestamp{};
  bool match = filter::eval(*root_, p);
  if (match) {
    shown_any_ = true;
    last_shown_ = p.ts;
  }
  return match;
}

}  // namespace sockscope::capture
