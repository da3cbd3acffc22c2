// The vlan (802.1Q), ieee8021ad (802.1ad) and sll (Linux cooked) display-filter fields,
// as Wireshark 4.0's packet-vlan.c, packet-ieee8021ah.c and packet-sll.c add them:
// a tag's priority, DEI and ID, and the type or 802.3 length after an 802.1Q tag (a tag
// the frame ends inside has none of them); the cooked header's packet type, hardware
// type and address (as an Ethernet address when it is 6 bytes long, IPv4 for IP-GRE's
// 4, else bytes; the rest of the 8-byte field is `unused`), and its protocol, named by
// what it is looked up as (GRE types for IP-GRE, Linux's own numbers below 0x0600,
// else an ethertype). Read from Packet::vlan and the frame's first bytes.
#include <netinet/in.h>

#include <algorithm>

#include "capture/dissect/sll.h"
#include "capture/ethernet_trailer.h"
#include "capture/filter/fields.h"

namespace sockscope::capture::filter {
namespace {

using enum FieldId;

std::uint16_t tpid_of(FieldId id) {
  return id >= kIeee8021ad ? 0x88a8 : 0x8100;
}

int put(Value* out, int n, int cap, std::uint64_t v) {
  if (n < cap) out[n].u = v;
  return n + 1;
}

int vlan_values(FieldId id, const Packet& p, Value* out, int cap) {
  const std::uint16_t tpid = tpid_of(id);
  int n = 0;
  for (int i = 0; i < p.vlan_count; ++i) {
    const VlanTag& t = p.vlan[static_cast<std::size_t>(i)];
    if (t.tpid != tpid || !t.whole) continue;
    if (t.qinq) {  // both TCIs' priority and DEI, S-VID and C-VID; no id
      if (!t.qinq_fields) continue;
      switch (id) {
        case kIeee8021adPriority:
          n = put(out, n, cap, t.tci >> 13);
          n = put(out, n, cap, t.ctci >> 13);
          break;
        case kIeee8021adDei:
          n = put(out, n, cap, (t.tci >> 12) & 1u);
          n = put(out, n, cap, (t.ctci >> 12) & 1u);
          break;
        case kIeee8021adSvid:
          n = put(out, n, cap, t.tci & 0x0fffu);
          break;
        case kIeee8021adCvid:
          n = put(out, n, cap, t.ctci & 0x0fffu);
          break;
        default:
          break;
      }
      continue;
    }
    switch (id) {
      case kVlanPriority:
      case kIeee8021adPriority:
        n = put(out, n, cap, t.tci >> 13);
        break;
      case kVlanDei:
      case kIeee8021adDei:
        n = put(out, n, cap, (t.tci >> 12) & 1u);
        break;
      case kVlanId:
      case kIeee8021adId:
        n = put(out, n, cap, t.tci & 0x0fffu);
        break;
      case kVlanEtype:
        if (t.type >= 0x0600) n = put(out, n, cap, t.type);
        break;
      case kVlanLen:
        if (t.type < 0x0600) n = put(out, n, cap, t.type);
        break;
      default:
        break;
    }
  }
  return n;
}

// The fields of a header cut short are those before the cut (Wireshark adds them one by
// one); the protocol's kind is known only with the hardware type before it.
int sll_values(FieldId id, const Packet& p, Value* out) {
  SllHeader h;
  if (!sll_header(p, h)) return 0;
  const bool gre = h.has.hatype && h.hatype == kArphrdIpGre;
  const auto put_one = [out](bool has, std::uint64_t v) {
    out[0].u = v;
    return has ? 1 : 0;
  };
  switch (id) {
    case kSllPkttype:
      return put_one(h.has.pkttype, h.pkttype);
    case kSllHatype:
      return put_one(h.has.hatype, h.hatype);
    case kSllHalen:
      return put_one(h.has.halen, h.halen);
    case kSllSrcEth:
      if (!h.has.address || h.halen != 6) return 0;
      for (std::size_t i = 0; i < 6; ++i) out[0].mac[i] = static_cast<std::uint8_t>(h.address[i]);
      return 1;
    case kSllSrcIpv4:
      if (!h.has.address || h.halen != 4 || !gre) return 0;
      out[0].ip = net::IpAddress{};
      out[0].ip.family = AF_INET;
      for (std::size_t i = 0; i < 4; ++i)
        out[0].ip.bytes[i] = static_cast<std::uint8_t>(h.address[i]);
      return 1;
    case kSllSrcOther:
      return h.has.address && h.halen != 0 && h.halen != 6 && !(h.halen == 4 && gre) ? 1 : 0;
    case kSllUnused:
      return h.has.address && h.halen < 8 ? 1 : 0;
    case kSllLtype:
      return put_one(h.has.protocol && (!h.v2 || h.has.hatype) && !gre && h.protocol < 0x0600,
                     h.protocol);
    case kSllGretype:
      return put_one(h.has.protocol && gre, h.protocol);
    case kSllEtype:
      return put_one(h.has.protocol && (!h.v2 || h.has.hatype) && !gre && h.protocol >= 0x0600,
                     h.protocol);
    case kSllIfindex:
      return put_one(h.v2 && h.has.ifindex, h.ifindex);
    default:
      return 0;
  }
}

}  // namespace

int link_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  if (is_vlan_field(id)) return vlan_values(id, p, out, cap);
  if (id == kEthPadding || id == kEthTrailer || id == kVlanTrailer || id == kEthFcs) {
    const EthernetTrailer t = ethernet_trailer(p);
    const Bytes b = id == kEthPadding    ? t.padding
                    : id == kEthTrailer  ? t.trailer
                    : id == kVlanTrailer ? t.vlan_trailer
                                         : t.fcs;
    if (b.empty()) return 0;
    out[0].u = 0;
    for (std::byte x : b) out[0].u = (out[0].u << 8) | static_cast<std::uint8_t>(x);  // (FCS)
    return 1;
  }
  return sll_values(id, p, out);
}

std::uint64_t link_field_max(FieldId id) {
  switch (id) {
    case kVlanDei:
      return UINT64_MAX;  // a boolean: any value is taken as true
    case kSllIfindex:
    case kEthFcs:
      return 0xffffffff;
    default:
      return 0xffff;  // the rest are 16-bit fields in Wireshark
  }
}

bool link_field_present(FieldId id, const Packet& p) {
  return vlan_layer_count(id, p) > 0;
}

Bytes link_field_bytes(FieldId id, const Packet& p) {
  if (id == kEthPadding) return ethernet_trailer(p).padding;
  if (id == kEthTrailer) return ethernet_trailer(p).trailer;
  if (id == kVlanTrailer) return ethernet_trailer(p).vlan_trailer;
  if (id == kVlan || id == kIeee8021ad) {
    const VlanTag* t = vlan_tag(p, id, 0);
    return t != nullptr ? t->bytes : Bytes{};
  }
  SllHeader h;
  if (!sll_header(p, h) || !h.has.address) return {};
  const std::size_t addr_len = std::min<std::size_t>(h.halen, 8);
  if (id == kSllSrcOther) return h.address.first(addr_len);
  if (id == kSllUnused) return h.address.subspan(addr_len);
  return {};
}

// A tag the frame ends inside has no vlan item in Wireshark's tree (the exception comes
// before the item is added), only its name in frame.protocols; 802.1ad's dissector adds
// its item (4 bytes long) once it has read the TCI, so such a tag is a layer without
// fields.
namespace {
bool tag_has_item(const VlanTag& t) {
  return t.whole || (t.tpid == 0x88a8 && t.bytes.size() >= 2);
}
}  // namespace

int vlan_layer_count(FieldId id, const Packet& p) {
  const std::uint16_t tpid = tpid_of(id);
  int n = 0;
  for (int i = 0; i < p.vlan_count; ++i) {
    const VlanTag& t = p.vlan[static_cast<std::size_t>(i)];
    n += t.tpid == tpid && tag_has_item(t) ? 1 : 0;
  }
  return n;
}

const VlanTag* vlan_tag(const Packet& p, FieldId id, int k) {
  const std::uint16_t tpid = tpid_of(id);
  for (int i = 0, seen = 0; i < p.vlan_count; ++i) {
    const VlanTag& t = p.vlan[static_cast<std::size_t>(i)];
    if (t.tpid == tpid && tag_has_item(t) && seen++ == k) return &t;
  }
  return nullptr;
}

Packet only_vlan_layer(const Packet& p, FieldId id, int k) {
  Packet one = p;
  one.vlan_count = 0;
  if (const VlanTag* t = vlan_tag(p, id, k - 1)) one.vlan[one.vlan_count++] = *t;
  return one;
}

}  // namespace sockscope::capture::filter
