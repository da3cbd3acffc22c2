// Address formatting and the protocol name of a dissected packet.
#include "capture/packet.h"

#include <arpa/inet.h>

#include <cstdio>

namespace sockscope::capture {

std::string to_string(const Mac& mac) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return buf;
}

const char* protocol_name(const Packet& p) {
  if (p.partial & kProtoTcp) return "TCP";
  if (p.partial & kProtoUdp) return "UDP";
  if (p.partial & kProtoIp) return "IPv4";
  if (p.partial & kProtoIpv6) return "IPv6";
  if (p.has(kProtoTcp)) return "TCP";
  if (p.has(kProtoUdp)) return "UDP";
  if (p.has(kProtoIcmp)) return "ICMP";
  if (p.has(kProtoIcmpv6)) return "ICMPv6";
  if (p.has(kProtoArp)) return "ARP";
  if (p.has(kProtoIp)) return "IPv4";
  if (p.has(kProtoIpv6)) return "IPv6";
  if (p.has(kProtoSll)) return "SLL";
  if (p.has(kProtoEth)) return "ETH";
  return "UNKNOWN";
}

bool has_data_layer(const Packet& p) {
  if (p.has(kProtoTcp))
    return p.payload_len > 0 && (p.tcpa.flags & (kRetransmission | kSpuriousRetransmission)) == 0;
  if (p.has(kProtoUdp)) return p.payload_len > 0;
  if (p.has(kProtoIcmp) || p.has(kProtoIcmpv6)) return p.inner.present && p.inner.has_data;
  return false;
}

}  // namespace sockscope::capture
