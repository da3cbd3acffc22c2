#include "capture/tree_end.h"

#include "capture/dissect/dhcp.h"
#include "capture/dissect/dns.h"
#include "capture/dissect/ppp.h"

namespace sockscope::capture {

TreeEnd tree_end(const Packet& p, bool for_filters) {
  bool malformed = p.malformed != nullptr;
  bool cut = p.truncated != nullptr;
  // What the summary line does not read and the tree does: a DNS record's data, the
  // whole of a DHCP message.
  if (!cut && p.has(kProtoUdp) && p.payload_len > 0) {
    if (p.has(kProtoDns)) {
      malformed = malformed || dns_malformed_in_tree(p.payload);
    } else if (is_dhcp(p)) {
      const DhcpScan d = dhcp_scan(p.payload, p.payload_len);
      malformed = malformed || d.malformed;
      cut = d.capture_cut && !d.malformed;
    }
  }
  // Where a filter sees more than -z io,phs counts: what some PPP options throw, and the
  // IPv6 inside PPP that is not version 6 (its expert item is of the Malformed group).
  // A UDP length field below 8 or beyond the IP payload: an expert item of that group.
  if (for_filters && p.has(kProtoUdp) &&
      (p.udp.length_check == UdpLength::kBelow8 || p.udp.length_check == UdpLength::kBeyondPayload))
    malformed = true;
  if (for_filters && p.has(kProtoPpp) &&
      (ppp_options_throw_in_tree(p.ppp) || (p.ppp.protocol == kPppIpv6 && p.ppp.payload_is_data)))
    malformed = true;
  return cut ? TreeEnd::kShort : malformed ? TreeEnd::kMalformed : TreeEnd::kNone;
}

}  // namespace sockscope::capture
