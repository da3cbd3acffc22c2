// Which of Wireshark 4.0's heuristic dissectors throws on a TCP or UDP payload the snap
// length cut after a few bytes (packet.h: cut_payload_heuristic).
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "capture/packet.h"

namespace sockscope::capture {
namespace {

// TDS's heuristic (tried on TCP before Spice's) takes a Netlib header: a packet type, then
// a status. Measured with tshark 4.0 on every first byte, and every second one after 0x01.
bool tds_type(std::uint8_t b) {
  return (b >= 0x01 && b <= 0x12) || b == 0x17;
}
bool tds_status(std::uint8_t b) {
  switch (b) {
    case 0x00:
    case 0x01:
    case 0x02:
    case 0x03:
    case 0x05:
    case 0x09:
    case 0x11:
    case 0x21:
      return true;
    default:
      return false;
  }
}

// TCP: the heuristics are tried in their list's order (the last registered first). On
// 1-3 captured bytes of a payload of at least 4, Spice's reads a 4-byte magic before it
// checks anything, unless TDS's (a payload of at least 8 whose first byte or two look
// like a Netlib header) read its type, status and length first. On 4-7 bytes of a payload
// of at least 20, RTPS's reads 8. Other contents and lengths meet heuristics we do not
// model (OpenWire's on short payloads; YMSG, TLS, Spice magic numbers; on 8 bytes and
// more GIOP, SIP, JXTA, Q.931 ...).
CutHeuristic tcp_heuristic(Bytes b, std::size_t reported) {
  const std::size_t n = b.size();
  const auto byte = [&b](std::size_t i) { return static_cast<std::uint8_t>(b[i]); };
  const bool tds_header = reported >= 8 && tds_type(byte(0)) && (n < 2 || tds_status(byte(1)));
  if (n <= 3) {
    if (reported < 4) return CutHeuristic::kNone;  // (every heuristic checks this much)
    return tds_header ? CutHeuristic::kTds : CutHeuristic::kSpice;
  }
  if (n <= 7 && reported >= 20) {
    const std::uint8_t first = byte(0);
    if (tds_header || first == 'Y' || first == 'R' || first == 0x16) return CutHeuristic::kUnknown;
    return CutHeuristic::kRtps;
  }
  return CutHeuristic::kUnknown;
}

// UDP: Wake-on-LAN's (first) reads its 6-byte sync stream from a payload of at least 102
// bytes; WireGuard's, next, a type and 3 reserved bytes from one of at least 4. Past
// those, DNS's and RTPS's read on some contents.
CutHeuristic udp_heuristic(Bytes b, std::size_t reported) {
  const std::size_t n = b.size();
  if (reported >= 102) return n <= 5 ? CutHeuristic::kWol : CutHeuristic::kUnknown;
  if (n <= 3) return reported >= 4 ? CutHeuristic::kWireGuard : CutHeuristic::kNone;
  return CutHeuristic::kUnknown;
}

// The UDP payload an ICMP error quotes, cut by the snap length: Wireshark's UDP dissector
// hands it to the same heuristics (what they throw ends the frame's tree, short).
CutHeuristic quoted_heuristic(const Packet& p) {
  const InnerHeaders& q = p.inner;
  if (!q.present || q.proto != 17 || !q.has_data || q.tapa != TapaTake::kNone) return {};
  if (quotes_dns(p) || quotes_dhcp(p)) return {};
  std::size_t reported = q.data_reported;  // (no more than the UDP length claims)
  if (q.udp_length >= 8) reported = std::min<std::size_t>(reported, q.udp_length - 8u);
  if (q.data.size() >= reported || q.data.size() >= 16) return {};
  return udp_heuristic(q.data, reported);
}

}  // namespace

CutHeuristic cut_payload_heuristic(const Packet& p) {
  if (p.has(kProtoIcmp) || p.has(kProtoIcmpv6)) return quoted_heuristic(p);
  if (!(p.has(kProtoTcp) || p.has(kProtoUdp))) return {};
  // The cheap tests first: the summary and the tree end ask this of every packet, and
  // payload_reaches_data may parse an HTTP message's headers.
  if (p.fragment || p.payload.empty() || p.payload.size() >= p.payload_len) return {};
  // (16 bytes or more: measured to meet none that throws, on the contents we tried)
  if (p.payload.size() >= 16 || !payload_reaches_data(p)) return {};
  if (p.http != Packet::HttpPart::kNone) return CutHeuristic::kUnknown;  // (a body's)
  // (TCP port 53: DNS's dissector, not the heuristics, gets what sockscope takes as data)
  if (p.has(kProtoTcp) && (p.tcp.sport == 53 || p.tcp.dport == 53)) return CutHeuristic::kUnknown;
  return p.has(kProtoTcp) ? tcp_heuristic(p.payload, p.payload_len)
                          : udp_heuristic(p.payload, p.payload_len);
}

const char* cut_heuristic_name(CutHeuristic h, bool column) {
  switch (h) {
    case CutHeuristic::kSpice:
      return column ? "Spice" : "spice";
    case CutHeuristic::kTds:
      return column ? "TDS" : "tds";
    case CutHeuristic::kRtps:
      return column ? "RTPS" : "rtps";
    case CutHeuristic::kWireGuard:
      return column ? "WireGuard" : "wg";
    case CutHeuristic::kWol:
      return column ? "WOL" : "wol";
    default:
      return nullptr;
  }
}

}  // namespace sockscope::capture
