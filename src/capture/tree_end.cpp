#include "capture/tree_end.h"

#include "capture/dissect/dhcp.h"
#include "capture/dissect/dns.h"
#include "capture/dissect/dns_tcp.h"
#include "capture/dissect/http_reassembly.h"
#include "capture/dissect/ppp.h"
#include "capture/ethernet_trailer.h"
#include "capture/http_te_and_length.h"
#include "capture/icmpv6_nd.h"
#include "capture/ipv6_extensions.h"

namespace sockscope::capture {

namespace {

// Whether an IPv6 option has a length its type forbids (router alert not 2, jumbo payload
// not 4, ...): Wireshark adds an expert item of the Malformed group, which a filter sees
// as _ws.malformed, and reads on.
bool ipv6_option_length_invalid(const Packet& p) {
  bool bad = false;
  for (int i = 0; !bad && i < p.ip_layer_count; ++i) {
    const IpLayer& l = p.ip_layers[i];
    if (l.src.family != AF_INET6) continue;
    walk_ipv6_extensions(l, [&bad](std::uint8_t type, Bytes h) {
      if ((type == 0 || type == 60) && h.size() >= 2)
        walk_ipv6_options(h, (static_cast<std::size_t>(h[1]) + 1u) * 8u,
                          [&bad](const Ipv6Option& o) {
                            const std::uint8_t n = o.length;
                            switch (o.type) {
                              case 0x04:
                                bad = bad || n != 1;
                                break;
                              case 0x05:
                                bad = bad || n != 2;
                                break;
                              case 0xC2:
                              case 0x30:
                                bad = bad || n != 4;
                                break;
                              case 0x63:
                                bad = bad || n < 4;
                                break;
                              case 0x0F:
                                bad = bad || n != 10;
                                break;
                              case 0xC9:
                                bad = bad || n != 16;
                                break;
                              case 0xEE:
                                bad = bad || n != 3;
                                break;
                              case 0x26:
                                bad = bad || n != 6;
                                break;
                              default:
                                break;
                            }
                          });
      return !bad;
    });
  }
  return bad;
}

// A DNS-over-TCP segment the snap length cut (dns_tcp.h: its whole PDUs, then the one
// cut). TCP cannot reassemble it, so tcp_dissect_pdus() marks each PDU's tvb a fragment:
// its reported length the PDU's, its contained length what the segment holds of it. A
// read past that throws FragmentBoundsError, "[BoundError Unreassembled Packet]" (neither
// short nor malformed, even past the PDU's end); one past only the capture BoundsError,
// short; what the DNS dissector throws of its own is unreassembled too (measured: a whole
// empty PDU in such a segment, a name it refuses: not malformed).
bool throws_unreassembled(DnsThrow t) {
  return t == DnsThrow::kPastMessage || t == DnsThrow::kOwn;
}

void dns_tcp_cut_end(const Packet& p, bool& cut, bool& unreassembled) {
  const Packet::DnsTcp& d = p.dns_tcp;
  for_each_dns_message(
      p, [&](Bytes m) { unreassembled = unreassembled || whole_pdu_unreassembled(p, m); });
  if (d.cut.size() >= 2) {  // (else the PDU's length itself was cut: short)
    const DnsThrow t = dns_tree_throw(d.cut.subspan(2), dns_tcp_cut_contained(p) - 2u);
    cut = t == DnsThrow::kPastCapture;
    unreassembled = unreassembled || throws_unreassembled(t);
  }
}

}  // namespace

bool whole_pdu_unreassembled(const Packet& p, Bytes pdu) {
  return p.payload.size() < p.payload_len && !is_cut_dns_message(p, pdu) &&
         throws_unreassembled(dns_tree_throw(pdu, pdu.size()));
}

bool has_unreassembled_item(const Packet& p) {
  if (!p.has(kProtoTcp) || !p.has(kProtoDns) || p.payload.size() >= p.payload_len) return false;
  bool cut = false;
  bool unreassembled = false;
  dns_tcp_cut_end(p, cut, unreassembled);
  return unreassembled;
}

bool malformed_by_exception(const Packet& p) {
  // (what PPP's options throw only the tree a filter sees has: tree_end)
  return tree_end(p, false) == TreeEnd::kMalformed ||
         (p.has(kProtoPpp) && ppp_options_throw_in_tree(p.ppp) &&
          tree_end(p, true) == TreeEnd::kMalformed);
}

bool udp_length_malformed(const Packet& p) {
  return (p.has(kProtoUdp) || p.partial == kProtoUdp) &&
         (p.udp.length_check == UdpLength::kBelow8 ||
          p.udp.length_check == UdpLength::kBeyondPayload);
}

bool malformed_expert_item(const Packet& p) {
  bool zero = false;
  for_each_nd_option(nd_options(p), [&zero](const NdOption& o) { zero = zero || o.length == 0; });
  if (zero || ipv6_option_length_invalid(p)) return true;
  // TCP's "Short segment" (a header longer than the segment), added once the fixed
  // header's first 16 bytes are read (not in an ICMP error's quote: TcpHeader::quoted)
  const TcpHeader& t = p.tcp;
  if ((p.has(kProtoTcp) || p.partial == kProtoTcp) && !t.quoted && t.short_segment &&
      p.partial_bytes.size() >= 16)
    return true;
  // (and HTTP's "Leading CRLF" item, of a message or a Continuation read past one)
  if (p.http_after_crlf && p.http == Packet::HttpPart::kContinuation && !p.http_no_tree)
    return true;
  return has_http_layer(p) && (p.http_after_crlf || http_te_and_length(as_text(p.http_message)));
}

TreeEnd tree_end(const Packet& p, bool for_filters) {
  bool malformed = p.malformed != nullptr;
  bool cut = p.truncated != nullptr || cut_heuristic_threw(p);
  bool unreassembled = false;
  // What the summary line does not read and the tree does: a DNS record's data, the
  // whole of a DHCP message.
  if (p.has(kProtoTcp) && p.has(kProtoDns)) {
    if (p.payload.size() < p.payload_len)
      dns_tcp_cut_end(p, cut, unreassembled);
    else if (!cut)
      for_each_dns_message(
          p, [&malformed](Bytes m) { malformed = malformed || dns_malformed_in_tree(m); });
  }
  const bool payload_cut = p.payload.size() < p.payload_len;
  if (p.has(kProtoUdp) && p.has(kProtoDns) && p.payload_len > 0 && (!cut || payload_cut)) {
    // A message the snap length cut throws where its first failed read is: past the
    // message (malformed) or past only the capture (short, as udp.cpp marked it).
    if (dns_malformed_in_tree(p.payload, p.payload_len)) {
      malformed = true;
      cut = false;
    }
  } else if (p.has(kProtoUdp) && p.payload_len > 0 && (!cut || payload_cut) && is_dhcp(p)) {
    // (the same for a DHCP message: its first failed read decides)
    const DhcpScan d = dhcp_scan(p.payload, p.payload_len);
    if (d.malformed) {
      malformed = true;
      cut = false;
    } else {
      cut = cut || d.capture_cut;
    }
  }
  // The FCS Wireshark assumes at the end of an Ethernet frame, read after the datagram: one
  // the snap length cut throws there.
  if (!cut && !malformed && ethernet_trailer(p).fcs_cut) cut = true;
  // Where a filter sees more than -z io,phs counts: what some PPP options throw, and the
  // IPv6 inside PPP that is not version 6 (its expert item is of the Malformed group).
  // A UDP length field below 8 or beyond the IP payload: an expert item of that group.
  if (for_filters && udp_length_malformed(p)) malformed = true;
  if (for_filters && p.has(kProtoPpp) && p.ppp.protocol == kPppIpv6 && p.ppp.payload_is_data)
    malformed = true;
  // (an option that throws in the tree before the read the snap length cut decides)
  if (for_filters && p.has(kProtoPpp) && ppp_options_throw_in_tree(p.ppp)) {
    malformed = true;
    cut = false;
  }
  if (for_filters && ipv6_option_length_invalid(p)) malformed = true;
  return cut             ? TreeEnd::kShort
         : malformed     ? TreeEnd::kMalformed
         : unreassembled ? TreeEnd::kUnreassembled
                         : TreeEnd::kNone;
}

}  // namespace sockscope::capture
