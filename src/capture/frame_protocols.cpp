#include "capture/frame_protocols.h"

#include "capture/dissect/dhcp.h"
#include "capture/dissect/ethertype.h"
#include "capture/dissect/http_reassembly.h"

#include <algorithm>
#include <string_view>

#include "capture/dissect/ppp.h"
#include "capture/dissect/sll.h"
#include "capture/ipv6_extensions.h"

namespace sockscope::capture {
namespace {

void add(std::string& out, std::string_view name) {
  if (!out.empty()) out.push_back(':');
  out.append(name);
}

// Names the extension headers of an IPv6 header's datagram; returns the protocol after
// them (the header's own next header when the datagram was not captured).
std::uint8_t add_ipv6_extensions(std::string& out, const IpLayer& l) {
  return walk_ipv6_extensions(l, [&out](std::uint8_t type, Bytes) {
    add(out, type == 0    ? "ipv6.hopopts"
             : type == 43 ? "ipv6.routing"
             : type == 44 ? "ipv6.fraghdr"
                          : "ipv6.dstopts");
    return true;
  });
}

// What follows an HTTP message's headers: nothing, "data" (no Content-Type), or the
// dissector Wireshark picks for its media type.
bool add_http_body(std::string& out, Bytes message) {
  const char* layer = http_body_layer(message);
  if (layer != nullptr) add(out, layer);
  return layer == nullptr || std::string_view(layer) != "media";
}

// A VLAN tag ("vlan" for 802.1Q, "ieee8021ad" for 802.1ad) and the ethertype after it.
void add_vlan(std::string& out, const VlanTag& tag) {
  add(out, tag.tpid == 0x88a8 ? "ieee8021ad" : "vlan");
  if (tag.whole && !tag.cut_after && (tag.type >= 0x0600 || tag.tpid == 0x88a8))
    add(out, "ethertype");
}

// The link header's own VLAN tags, and what comes after them: a type we dissect, a type
// no Wireshark dissector takes (its bytes are "data"; none: Wireshark names no
// "ethertype" after an untagged header), or a type we cannot name.
enum class AfterTags { kDissected, kUnknown, kCutTag, kData, kNothing };

// "llc" and what it carries: STP, data, nothing, a protocol we do not dissect (kUnknown),
// or IP or ARP (kDissected: their layers are named next).
AfterTags add_llc(std::string& out, const Packet& p) {
  add(out, "llc");
  switch (p.llc.next) {
    case LlcNext::kLayer:
      if (!p.has(kProtoStp)) return AfterTags::kDissected;
      add(out, "stp");
      return AfterTags::kData;
    case LlcNext::kData:
      add(out, "data");
      return AfterTags::kData;
    case LlcNext::kUndissected:
      return AfterTags::kUnknown;
    case LlcNext::kNone:
      break;
  }
  return AfterTags::kData;
}

AfterTags add_own_vlans(std::string& out, const Packet& p, std::uint16_t type) {
  const OwnVlans own = own_vlans(p, type);
  for (int i = 0; i < own.count; ++i) add_vlan(out, p.vlan[static_cast<std::size_t>(i)]);
  if (own.cut) return AfterTags::kCutTag;
  if (p.has(kProtoLlc)) return add_llc(out, p);  // an 802.3 length after an 802.1Q tag
  type = own.type;
  const bool tagged = own.count > 0;
  if ((type == 0x0800 || type == 0x86dd || type == 0x0806) && !p.ipv6_bogus)
    return AfterTags::kDissected;
  if (p.ether_data) {
    add(out, "data");
    return AfterTags::kData;
  }
  // (untagged, the header's type is an ethertype: 0 too, Packet::eth_kind)
  if (!tagged && p.eth_kind == EthKind::kType && !wireshark_ethertype(type).dissected)
    return AfterTags::kNothing;
  return AfterTags::kUnknown;
}

// "gre", and what it carries when that is not an IP header: the Ethernet header it
// bridges (gretap) with its VLAN tags, PPP (PPTP) and PPP's control protocol.
bool add_gre(std::string& out, const GreHeader& g, const Packet& p) {
  add(out, "gre");
  if (!g.payload_dissected) return true;
  if (g.proto == 0x6558) {
    add(out, "eth");
    add(out, "ethertype");
    for (int i = 0; i < p.vlan_count; ++i)
      if (p.vlan[static_cast<std::size_t>(i)].bridged)
        add_vlan(out, p.vlan[static_cast<std::size_t>(i)]);
    return true;
  }
  if (g.proto != 0x880b || !p.has(kProtoPpp)) return true;
  add(out, "ppp");
  const PppInfo& ppp = p.ppp;
  if (!ppp.has_protocol) return true;
  switch (ppp.protocol) {
    case kPppIpv4:
    case kPppIpv6:
      if (ppp.ip_follows) return true;  // the IP layer follows
      if (ppp.payload_is_data) break;   // IPv6 refused it: data
      add(out, ppp.protocol == kPppIpv4 ? "ip" : "ipv6");
      return true;
    case kPppLcp:
      add(out, "lcp");
      break;
    case kPppIpcp:
      add(out, "ipcp");
      break;
    case kPppPap:
      add(out, "pap");
      break;
    case kPppChap:
      add(out, "chap");
      break;
    case kPppCcp:
      add(out, "ccp");
      break;
    case kPppIpv6cp:
      add(out, "ipv6cp");
      break;
    case kPppComp:
      add(out, "comp_data");
      return true;
    default:
      // A protocol Wireshark dissects and we do not (BCP, IPXCP, ...): not named here.
      if (ppp_protocol_known(ppp.protocol) && !ppp.payload_is_data) return false;
      break;
  }
  bool rejected_known = false;
  ppp_rejected_data(ppp, rejected_known);
  if (rejected_known) return false;  // Wireshark dissects the rejected packet
  if (ppp.payload_is_data) add(out, "data");
  return true;
}

}  // namespace

bool frame_protocols(const Packet& p, std::string& out) {
  out.clear();
  bool exact = true;
  switch (p.linktype) {
    case kLinkEthernet: {
      if (!p.has(kProtoEth)) {  // the header cut short: named all the same
        if (!p.data.empty()) add(out, "eth");
        return true;
      }
      add(out, "eth");
      if (p.eth_kind == EthKind::kLength) {
        if (!p.has(kProtoLlc)) {
          add(out, "ipx");  // raw IPX: not dissected
          return false;
        }
        const AfterTags after = add_llc(out, p);
        if (after != AfterTags::kDissected) return after != AfterTags::kUnknown;
        break;
      }
      if (p.eth_kind == EthKind::kInvalidLengthType) {
        if (p.ether_data) add(out, "data");
        return true;
      }
      add(out, "ethertype");
      const AfterTags after = add_own_vlans(out, p, p.ethertype);
      if (after == AfterTags::kNothing) out = "eth";  // nothing after the header
      if (after != AfterTags::kDissected) return after != AfterTags::kUnknown;
      break;
    }
    case kLinkSll:
    case kLinkSll2: {
      add(out, "sll");
      if (!p.has(kProtoSll)) return p.malformed != nullptr;  // the header was cut
      if (p.has(kProtoLlc) && !p.has(kProtoEth)) {           // ETH_P_802_2: LLC, no ethertype
        const AfterTags after = add_llc(out, p);
        if (after != AfterTags::kDissected) return after != AfterTags::kUnknown;
        break;
      }
      SllHeader h;
      sll_header(p, h);                                          // whole (kProtoSll)
      if (p.has(kProtoEth) && p.eth_kind == EthKind::kLength) {  // an 802.3 frame inside
        add(out, "eth");
        if (!p.has(kProtoLlc)) return false;  // raw IPX: not dissected
        const AfterTags after = add_llc(out, p);
        if (after != AfterTags::kDissected) return after != AfterTags::kUnknown;
        break;
      }
      if (p.has(kProtoEth)) {  // ETH_P_ETHERNET: a whole Ethernet frame
        add(out, "eth");
        add(out, "ethertype");
      } else if (h.hatype != kArphrdIpGre) {
        add(out, "ethertype");  // (IP-GRE's protocol is looked up as GRE's, not here)
      }
      const AfterTags after = add_own_vlans(out, p, p.ethertype);
      if (after != AfterTags::kDissected)
        return after == AfterTags::kCutTag || after == AfterTags::kData;
      if (p.ip_layer_count == 0 && !p.has(kProtoArp)) return false;
      break;
    }
    case kLinkNull:
    case kLinkLoop:
      add(out, "null");
      break;
    case kLinkRaw:
      add(out, "raw");
      break;
    default:
      exact = false;  // LINKTYPE_IPV4/IPV6 and others: not checked against tshark
      break;
  }
  if (p.ipv4_as_ipv6) add(out, "ip");  // the IP dissector's empty item before IPv6's
  if ((p.has(kProtoArp) || p.partial == kProtoArp) && p.ip_layer_count == 0) {
    add(out, "arp");
    return exact;
  }
  if (p.ip_layer_count == 0) {
    // An IP header cut by the snap length is still named, as Wireshark does.
    if (p.partial & (kProtoIp | kProtoIpv6)) {
      add(out, (p.partial & kProtoIp) ? "ip" : "ipv6");
      return exact;
    }
    return exact && p.malformed == nullptr && p.truncated == nullptr;
  }
  std::uint8_t last_next = 0;
  int gre_at = 0;  // the next of p.gre to name
  for (int i = 0; i < p.ip_layer_count; ++i) {
    const IpLayer& l = p.ip_layers[i];
    std::uint8_t next = l.proto;
    if (l.src.family == AF_INET) {
      add(out, "ip");
    } else {
      add(out, "ipv6");
      next = add_ipv6_extensions(out, l);
    }
    last_next = next;
    if (i + 1 == p.ip_layer_count) break;
    // Between two IP headers: a tunnel (IPIP and IPv6-in-IP have no header of their own),
    // GRE, or an ICMP error quoting the next header.
    if (next == 47) {
      if (gre_at < p.gre_count)
        exact = add_gre(out, p.gre[gre_at++], p) && exact;
      else
        exact = false;
    } else if (next == 1)
      add(out, "icmp");
    else if (next == 58)
      add(out, "icmpv6");
  }
  if (p.partial & (kProtoTcp | kProtoUdp | kProtoIcmp | kProtoIcmpv6)) {  // a header cut short
    add(out, (p.partial & kProtoTcp)    ? "tcp"
             : (p.partial & kProtoUdp)  ? "udp"
             : (p.partial & kProtoIcmp) ? "icmp"
                                        : "icmpv6");
    return exact;
  }
  if (p.called_only != 0) {  // a TCP or UDP header cut before its ports
    add(out, p.called_only == kProtoTcp ? "tcp" : "udp");
    return exact;
  }
  if (p.fragment) {
    if (!p.frag.data.empty()) add(out, "data");
    return exact;
  }
  if (p.inner.present && p.inner.cut_names != nullptr) {  // a quoted header cut (dissect_icmp)
    add(out, p.inner.cut_names);
    return exact;
  }
  if (p.inner.present) {  // the transport an ICMP error quotes
    switch (p.inner.proto) {
      case 6:
        add(out, "tcp");
        break;
      case 17:
        add(out, "udp");
        if (quotes_dhcp(p)) {
          bool known = true;
          // (a message too short to read on the wire is not named; one the snap length cut
          // is, as its dissector was called before it threw)
          const bool cut = p.inner.data_reported > p.inner.data.size();
          const int layers = dhcp_layers(p.inner.data, p.inner.data_reported, known);
          for (int i = cut ? std::max(1, layers) : layers; i > 0; --i) add(out, "dhcp");
          exact = exact && known;
        } else if (p.inner.tapa == TapaTake::kTaken) {
          add(out, "tapa");
        } else if (const char* h = cut_heuristic_name(cut_payload_heuristic(p), false)) {
          add(out, h);  // (a heuristic dissector that threw on the quoted payload, cut)
        } else if (p.inner.has_data && p.inner.tapa == TapaTake::kNone) {
          add(out, quotes_dns(p) ? "dns" : "data");
          exact = exact && !cut_payload_heuristics_may_throw(p);
        }
        break;
      case 1:
      case 58:
        add(out, p.inner.proto == 1 ? "icmp" : "icmpv6");
        if (p.inner.has_data) add(out, "data");  // after a quoted echo header
        break;
      default:
        if (p.inner.has_data) add(out, "data");  // a number no Wireshark dissector takes
        break;
    }
    return exact;
  }
  if (p.has(kProtoTcp)) {
    add(out, "tcp");
    if (p.http == Packet::HttpPart::kMessage) {
      add(out, "http");
      return add_http_body(out, p.http_message) && exact;
    }
    if (p.http == Packet::HttpPart::kCut) {
      add(out, "http");  // and the body's dissector on what it has of the body
      return add_http_body(out, p.http_message) && exact;
    }
    if (p.http == Packet::HttpPart::kContinuation) {
      add(out, "http");
      const char* layer = http_continuation_layer(p);
      if (layer != nullptr) add(out, layer);
      return exact && (layer == nullptr || std::string_view(layer) != "media");
    }
    // DNS's dissector is called for the PDU a segment completes, then for the rest of the
    // segment, which names it again if a whole PDU is there (dissect/dns_tcp.h).
    if (!p.dns_tcp.reassembled.empty()) add(out, "dns");
    if (!p.dns_tcp.whole.empty() || !p.dns_tcp.cut.empty()) add(out, "dns");
    if (has_data_layer(p)) add(out, "data");
    // (a heuristic dissector that threw on a cut payload, where `data` would be)
    if (const char* h = cut_heuristic_name(cut_payload_heuristic(p), false)) add(out, h);
    // (HTTP's port with a cut payload that is no HTTP message: tshark's HTTP dissector
    // takes it as a body)
    return exact && !cut_payload_heuristics_may_throw(p) &&
           (p.truncated == nullptr || !p.dns_tcp.cut.empty());
  }
  if (p.has(kProtoUdp)) {
    add(out, "udp");
    if (p.has(kProtoDns) && p.payload_len > 0)
      add(out, "dns");
    else if (is_dhcp(p)) {
      bool known = true;
      // (a message too short to read is still listed, unlike a quoted one)
      const int layers = std::max(1, dhcp_layers(p.payload, p.payload_len, known));
      for (int i = layers; i > 0; --i) add(out, "dhcp");
      exact = exact && known;
    } else if (p.udp.tapa != TapaTake::kNone) {
      add(out, "tapa");  // (named even when it threw before adding anything)
    } else if (has_data_layer(p)) {
      add(out, "data");
    } else if (const char* h = cut_heuristic_name(cut_payload_heuristic(p), false)) {
      add(out, h);  // (a heuristic dissector that threw on a cut payload)
    }
    exact = exact && !cut_payload_heuristics_may_throw(p);
    return exact;
  }
  if (p.has(kProtoIcmp) || p.has(kProtoIcmpv6)) {
    add(out, p.has(kProtoIcmp) ? "icmp" : "icmpv6");
    if (p.inner.cut_names != nullptr) {  // the first quoted header, cut: no layer of its own
      add(out, p.inner.cut_names);
      return exact;
    }
    if (is_echo(p) ? p.payload_len > 0 : has_data_layer(p)) add(out, "data");
    return exact;
  }
  if (last_next == 47 && p.has(kProtoGre) && gre_at < p.gre_count) {
    const GreHeader& g = p.gre[gre_at];
    exact = add_gre(out, g, p) && exact;
    if (g.payload_is_data) add(out, "data");
    // An IP header it carries that the snap length cut is still named, as at the top.
    if (p.partial & (kProtoIp | kProtoIpv6)) {
      add(out, (p.partial & kProtoIp) ? "ip" : "ipv6");
      return exact;
    }
    if (g.proto == 0x6558 && g.payload_dissected) {  // bridged Ethernet, no IP
      if (!p.has(kProtoArp) && p.partial != kProtoArp) return false;
      add(out, "arp");
      return exact;
    }
    if (g.proto == 0x880b && g.payload_dissected) return ppp_is_last(p) && exact;  // PPP, no IP
    return exact && (g.payload_is_data || g.bytes.size() <= g.header_len);
  }
  // An IPv4 payload empty on the wire goes to no dissector, whatever the protocol.
  if (p.ip_payload_empty) return exact;
  // A number no Wireshark dissector is registered for: its captured bytes are data.
  if (p.ip_proto_data) {
    if (!p.payload.empty()) add(out, "data");
    return exact;
  }
  return false;  // an IP protocol Wireshark dissects and we do not
}

}  // namespace sockscope::capture
