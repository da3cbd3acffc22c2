// The entry point dissect_packet() and the link-type dispatch.
#include "capture/dissect/dissect.h"
#include "capture/dissect/ethertype.h"

namespace sockscope::capture {

void dissect_packet(Packet& p) {
  p.protos = 0;
  p.has_mac = false;
  p.ethertype = 0;
  p.vlan_count = 0;
  p.ether_data = false;
  p.ipv6_bogus = false;
  p.ipv4_as_ipv6 = false;
  p.eth_kind = EthKind::kType;
  p.src = net::IpAddress::none();
  p.dst = net::IpAddress::none();
  p.ip_proto = 0;
  p.fragment = false;
  p.frag = {};
  p.reassembled = false;
  p.frag_frames = {};
  p.reassembled_len = 0;
  p.http = Packet::HttpPart::kNone;
  p.tcp_pdu = Packet::TcpPdu::kNone;
  p.http_message = {};
  p.http_in_headers = false;
  p.http_cut_in_header = false;
  p.http_at_fin = false;
  p.http_after_crlf = false;
  p.http_pdu = {};
  p.http_no_request = false;
  p.http_no_tree = false;
  p.dns_tcp = {};
  p.tcp_segments = {};
  p.tcp_reassembled_len = 0;
  p.l3 = {};
  p.ip_layer_count = 0;
  p.tcp.clear();
  p.udp = {};
  p.icmp = {};
  if (p.inner_written) {
    p.inner = {};
    p.inner_written = false;
  }
  // p.gre[i] is valid only below gre_count, p.ppp only with kProtoPpp, and their
  // dissectors write them whole: no reset.
  p.gre_count = 0;
  p.payload = {};
  p.l4 = {};
  p.payload_len = 0;
  p.stream = -1;
  p.tcpa = {};
  p.truncated = nullptr;
  p.malformed = nullptr;
  p.partial = 0;
  p.partial_bytes = {};
  p.called_only = 0;
  p.ip_bogus = 0;
  p.ip_payload_empty = false;
  p.ip_proto_data = false;
  p.contained_error = false;
  switch (p.linktype) {
    case kLinkEthernet:
      dissect_ethernet(p.data, p);
      break;
    case kLinkSll:
      dissect_sll(p.data, p);
      break;
    case kLinkSll2:
      dissect_sll2(p.data, p);
      break;
    case kLinkNull:
      dissect_null(p.data, p, false);
      break;
    case kLinkLoop:
      dissect_null(p.data, p, true);
      break;
    case kLinkRaw:
      dissect_raw_ip(p.data, p);
      break;
    case kLinkIpv4:
      dissect_ipv4(p.data, p);
      break;
    case kLinkIpv6:
      dissect_ipv6(p.data, p);
      break;
    default:
      break;
  }
}

void take_as_ether_data(Bytes bytes, Packet& p) {
  if (bytes.empty()) return;
  p.ether_data = true;
  p.payload = bytes;
  p.payload_len = static_cast<std::uint32_t>(bytes.size());
}

void dissect_ethertype(std::uint16_t type, Bytes bytes, Packet& p) {
  p.ethertype = type;
  switch (type) {
    case 0x0800:
      if (!bytes.empty() && (static_cast<std::uint8_t>(bytes[0]) >> 4) == 6) {
        p.ipv4_as_ipv6 = true;
        return dissect_ipv6(bytes, p);
      }
      dissect_ipv4(bytes, p);
      break;
    case 0x86dd:
      if (!bytes.empty() && (static_cast<std::uint8_t>(bytes[0]) >> 4) != 6) {
        p.ipv6_bogus = true;  // Wireshark checks the version first, on one byte
        return take_as_ether_data(bytes, p);
      }
      dissect_ipv6(bytes, p);
      break;
    case 0x0806:
      dissect_arp(bytes, p);
      break;
    case 0x8100:
    case 0x88a8: {
      const std::uint16_t own = p.ethertype;  // the header's type stays its own
      dissect_vlan(type, bytes, p);
      p.ethertype = own;
      break;
    }
    default:
      if (!wireshark_ethertype(type).dissected) take_as_ether_data(bytes, p);
      break;
  }
}

void dissect_raw_ip(Bytes bytes, Packet& p) {
  ByteReader r(bytes);
  std::uint8_t first = r.u8();
  if (!r.ok()) return mark_truncated(p, "IP version");
  if ((first >> 4) == 4) return dissect_ipv4(bytes, p);
  if ((first >> 4) == 6) return dissect_ipv6(bytes, p);
  mark_malformed(p, "raw IP: version is neither 4 nor 6");
}

}  // namespace sockscope::capture
