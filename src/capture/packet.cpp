// Address formatting and the protocol name of a dissected packet.
#include "capture/packet.h"

#include "capture/dissect/dhcp.h"
#include "capture/dissect/http_reassembly.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstdio>
#include <string_view>

namespace sockscope::capture {

std::string to_string(const Mac& mac) {
  char buf[18];
  std::snprintf(buf, sizeof buf, "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2], mac[3],
                mac[4], mac[5]);
  return buf;
}

namespace {

// The Protocol column Wireshark's ARP dissector writes for an operation.
const char* arp_protocol(std::uint16_t op) {
  if (op == 3 || op == 4) return "RARP";
  if (op >= 5 && op <= 7) return "DRARP";
  if (op == 8 || op == 9) return "Inverse ARP";
  if (op >= 11 && op <= 22) return "MARS";
  if (op == 23) return "MAPOS";
  return "ARP";
}

}  // namespace

const char* protocol_name(const Packet& p) {
  if (p.partial & kProtoTcp) return "TCP";
  if (p.partial & kProtoUdp) return "UDP";
  if ((p.partial & kProtoIp) && !quoted_ip_cut(p)) return "IPv4";
  if ((p.partial & kProtoIpv6) && !quoted_ip_cut(p)) return "IPv6";
  if (p.partial & kProtoIcmp) return "ICMP";
  if (p.partial & kProtoIcmpv6) return "ICMPv6";
  if (p.partial & kProtoArp) return "ARP";
  if (p.http == Packet::HttpPart::kMessage ||
      (p.http == Packet::HttpPart::kContinuation && !p.http_no_request))
    return "HTTP";
  if (p.http == Packet::HttpPart::kCut &&
      (http_first_line_captured(as_text(p.http_message)) || http_cut_continuation(p)))
    return "HTTP";
  if (p.has(kProtoTcp)) return p.has(kProtoDns) ? "DNS" : "TCP";
  if (p.has(kProtoUdp)) {
    if (is_dhcp(p)) return dhcp_protocol(p.payload, p.payload_len);
    return p.has(kProtoDns) && p.payload_len > 0 ? "DNS" : "UDP";
  }
  if (p.has(kProtoIcmp)) return "ICMP";
  if (p.has(kProtoIcmpv6)) return "ICMPv6";
  if (p.has(kProtoArp)) return arp_protocol(p.arp.op);
  if (ppp_is_last(p)) return "PPP";  // the summary line writes PPP's own column
  if (p.has(kProtoGre) && !last_gre(p).payload_dissected) return "GRE";
  // (the innermost header's dissector writes the column last: IPv6 in IPv4 says IPv6)
  if (p.ip_layer_count > 0 && (p.has(kProtoIp) || p.has(kProtoIpv6)))
    return p.ip_layers[p.ip_layer_count - 1].src.family == AF_INET6 ? "IPv6" : "IPv4";
  if (p.has(kProtoIp)) return "IPv4";
  if (p.has(kProtoIpv6)) return "IPv6";
  if (vlan_cut(p)) return p.vlan[p.vlan_count - 1u].tpid == 0x88a8 ? "802.1ad" : "VLAN";
  if (p.has(kProtoSll) || p.linktype == kLinkSll || p.linktype == kLinkSll2) return "SLL";
  if (p.has(kProtoEth)) return "ETH";
  if (p.linktype == kLinkEthernet) return "Ethernet";  // its header cut short
  return "UNKNOWN";
}

const char* http_body_layer(Bytes message) {
  std::string_view text(reinterpret_cast<const char*>(message.data()), message.size());
  std::size_t end = text.find("\r\n\r\n");
  if (end == std::string_view::npos || end + 4 >= text.size()) return nullptr;
  std::size_t at = std::string_view::npos;  // after "Content-Type:"
  for (std::size_t pos = text.find("\r\n"); pos < end; pos = text.find("\r\n", pos + 2)) {
    std::string_view name = text.substr(pos + 2, 13);
    if (name.size() == 13 && (name[0] == 'C' || name[0] == 'c') &&
        (name.substr(1) == "ontent-Type:" || name.substr(1) == "ontent-type:")) {
      at = pos + 2 + 13;
      break;
    }
  }
  if (at == std::string_view::npos) return "data";
  return http_media_layer(text.substr(at, text.find("\r\n", at) - at));
}

const char* http_media_layer(std::string_view type) {
  while (!type.empty() && type.front() == ' ') type.remove_prefix(1);
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  for (std::string_view t :
       {"text/plain", "text/html", "text/css", "text/richtext", "text/enriched", "text/parameters"})
    if (type == t) return "data-text-lines";
  if (type == "application/x-www-form-urlencoded") return "urlencoded-form";  // a form's POST
  return "media";
}

bool http_body_is_data(Bytes message) {
  const char* layer = http_body_layer(message);
  return layer != nullptr && std::string_view(layer) == "data";
}

bool quotes_dns(const Packet& p) {
  return p.inner.present && p.inner.proto == 17 && p.inner.has_data &&
         (p.inner.sport == 53 || p.inner.dport == 53);
}

Bytes dns_message(const Packet& p) {
  if (p.has(kProtoDns) && p.has(kProtoTcp)) {
    Bytes first;
    bool found = false;
    for_each_dns_message(p, [&](Bytes m) {
      if (!found) first = m;
      found = true;
    });
    return first;
  }
  return p.has(kProtoDns) ? p.payload : p.inner.data;
}

bool quotes_dhcp(const Packet& p) {
  const auto& q = p.inner;
  return q.present && q.proto == 17 && q.has_data && !quotes_dns(p) &&
         (q.sport == 67 || q.sport == 68 || q.dport == 67 || q.dport == 68);
}

bool dhcp_message(const Packet& p, Bytes& message, std::size_t& reported) {
  if (is_dhcp(p)) {
    message = p.payload;
    reported = p.payload_len;
    return true;
  }
  if (!quotes_dhcp(p)) return false;
  message = p.inner.data;
  reported = std::max(p.inner.data.size(), p.inner.data_reported);
  return true;
}

bool is_raw_ipx(const Packet& p) {
  if (!p.has(kProtoEth) || p.eth_kind != EthKind::kLength || p.data.size() < 16) return false;
  return p.data[14] == std::byte{0xff} && p.data[15] == std::byte{0xff};
}

bool is_echo(const Packet& p) {
  if (!p.icmp.echo) return false;
  if (p.has(kProtoIcmpv6)) return p.icmp.type == 128 || p.icmp.type == 129;
  return p.has(kProtoIcmp) && (p.icmp.type == 8 || p.icmp.type == 0);
}

bool has_data_layer(const Packet& p) {
  return payload_reaches_data(p) && !cut_heuristic_threw(p);
}

bool payload_reaches_data(const Packet& p) {
  if (p.fragment) return !p.frag.data.empty();  // a piece of a datagram not yet whole
  if (p.has(kProtoTcp)) {
    if (p.http == Packet::HttpPart::kSegment || p.tcp_pdu != Packet::TcpPdu::kNone) return false;
    if (p.has(kProtoDns) || p.dns_tcp.piece_only || !p.dns_tcp.cut.empty()) return false;
    if (p.http == Packet::HttpPart::kMessage || p.http == Packet::HttpPart::kCut)
      return http_body_is_data(p.http_message);
    if (p.http == Packet::HttpPart::kContinuation) {
      const char* layer = http_continuation_layer(p);
      return layer != nullptr && std::string_view(layer) == "data";
    }
    // (HTTP took the payload and found nothing in it)
    if (on_http_port(p)) return false;
    return !p.payload.empty() && (p.tcpa.flags & kNoSubdissector) == 0;
  }
  if (p.has(kProtoUdp))
    return !p.payload.empty() && !p.has(kProtoDns) && !p.has(kProtoDhcp) &&
           p.udp.tapa == TapaTake::kNone;
  if (p.has(kProtoIcmp) || p.has(kProtoIcmpv6))
    return p.inner.present && p.inner.has_data && !quotes_dns(p) && !quotes_dhcp(p) &&
           p.inner.tapa == TapaTake::kNone;
  if (p.has(kProtoPpp) && p.ppp.payload_is_data) return true;
  if (p.ether_data) return true;
  if (p.ip_proto_data) return !p.payload.empty();
  return p.has(kProtoGre) && last_gre(p).payload_is_data;
}

}  // namespace sockscope::capture
