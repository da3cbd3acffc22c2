#include "scan/packet.h"

#include <algorithm>

namespace sockscope::scan {
namespace {

std::uint16_t be16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
std::uint32_t be32(std::span<const std::uint8_t> b, std::size_t at) {
  return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
         (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}
void put16(std::span<std::uint8_t> b, std::size_t at, std::uint16_t v) {
  b[at] = static_cast<std::uint8_t>(v >> 8);
  b[at + 1] = static_cast<std::uint8_t>(v);
}
void put32(std::span<std::uint8_t> b, std::size_t at, std::uint32_t v) {
  put16(b, at, static_cast<std::uint16_t>(v >> 16));
  put16(b, at + 2, static_cast<std::uint16_t>(v));
}

// The IPv4 header's length when `packet` starts with a sane one, else 0.
std::size_t ipv4_header_length(std::span<const std::uint8_t> packet) {
  if (packet.size() < 20 || (packet[0] >> 4) != 4) return 0;
  std::size_t ihl = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
  return ihl >= 20 && ihl <= packet.size() ? ihl : 0;
}

}  // namespace

std::uint16_t inet_checksum(std::span<const std::uint8_t> bytes, std::uint32_t sum) {
  std::size_t i = 0;
  for (; i + 1 < bytes.size(); i += 2)
    sum += static_cast<std::uint32_t>((bytes[i] << 8) | bytes[i + 1]);
  if (i < bytes.size()) sum += static_cast<std::uint32_t>(bytes[i] << 8);
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return static_cast<std::uint16_t>(~sum);
}

void write_tcp_syn(std::span<std::uint8_t, kTcpSynLength> tcp, std::uint32_t src_ip,
                   std::uint32_t dst_ip, std::uint16_t src_port, std::uint16_t dst_port,
                   std::uint32_t seq, std::uint16_t window) {
  std::fill(tcp.begin(), tcp.end(), std::uint8_t{0});
  put16(tcp, 0, src_port);
  put16(tcp, 2, dst_port);
  put32(tcp, 4, seq);
  tcp[12] = 6 << 4;  // data offset: 6 words
  tcp[13] = kTcpSyn;
  put16(tcp, 14, window);
  tcp[20] = 2, tcp[21] = 4;  // MSS option
  put16(tcp, 22, 1460);
  std::uint32_t pseudo = (src_ip >> 16) + (src_ip & 0xffff) + (dst_ip >> 16) + (dst_ip & 0xffff) +
                         6 + static_cast<std::uint32_t>(tcp.size());
  put16(tcp, 16, inet_checksum(tcp, pseudo));
}

void write_ipv4_tcp_syn(std::span<std::uint8_t, kIpv4SynLength> out, std::uint32_t src_ip,
                        std::uint32_t dst_ip, std::uint16_t src_port, std::uint16_t dst_port,
                        std::uint32_t seq, std::uint16_t window) {
  auto ip = out.first<20>();
  std::fill(ip.begin(), ip.end(), std::uint8_t{0});
  ip[0] = 0x45;  // version 4, 5 words
  put16(ip, 2, static_cast<std::uint16_t>(kIpv4SynLength));
  ip[8] = 64;  // TTL
  ip[9] = 6;   // TCP
  put32(ip, 12, src_ip);
  put32(ip, 16, dst_ip);
  put16(ip, 10, inet_checksum(ip));
  write_tcp_syn(out.last<kTcpSynLength>(), src_ip, dst_ip, src_port, dst_port, seq, window);
}

std::vector<std::uint8_t> build_tcp_syn(std::uint32_t src_ip, std::uint32_t dst_ip,
                                        std::uint16_t src_port, std::uint16_t dst_port,
                                        std::uint32_t seq, std::uint16_t window) {
  std::vector<std::uint8_t> tcp(kTcpSynLength, 0);
  write_tcp_syn(std::span<std::uint8_t, kTcpSynLength>(tcp.data(), kTcpSynLength), src_ip, dst_ip,
                src_port, dst_port, seq, window);
  return tcp;
}

std::optional<TcpSegmentView> parse_ipv4_tcp(std::span<const std::uint8_t> packet) {
  std::size_t ihl = ipv4_header_length(packet);
  if (ihl == 0 || packet[9] != 6 || packet.size() < ihl + 20) return std::nullopt;
  auto tcp = packet.subspan(ihl);
  TcpSegmentView v{};
  v.ttl = packet[8];
  v.src_ip = be32(packet, 12);
  v.dst_ip = be32(packet, 16);
  v.src_port = be16(tcp, 0);
  v.dst_port = be16(tcp, 2);
  v.seq = be32(tcp, 4);
  v.ack = be32(tcp, 8);
  v.flags = tcp[13];
  v.window = be16(tcp, 14);
  return v;
}

std::optional<IcmpErrorView> parse_ipv4_icmp_error(std::span<const std::uint8_t> packet) {
  std::size_t ihl = ipv4_header_length(packet);
  if (ihl == 0 || packet[9] != 1 || packet.size() < ihl + 8) return std::nullopt;
  auto icmp = packet.subspan(ihl);
  switch (icmp[0]) {
    case 3:
    case 4:
    case 5:
    case 11:
    case 12:  // the error types, which quote the packet
      break;
    default:
      return std::nullopt;
  }
  auto quoted = icmp.subspan(8);
  std::size_t qihl = ipv4_header_length(quoted);
  if (qihl == 0 || quoted.size() < qihl + 8) return std::nullopt;
  IcmpErrorView v{};
  v.from_ip = be32(packet, 12);
  v.ttl = packet[8];
  v.type = icmp[0];
  v.code = icmp[1];
  v.quoted_proto = quoted[9];
  v.quoted_src_ip = be32(quoted, 12);
  v.quoted_dst_ip = be32(quoted, 16);
  auto l4 = quoted.subspan(qihl);
  v.quoted_src_port = be16(l4, 0);
  v.quoted_dst_port = be16(l4, 2);
  v.quoted_tcp_seq = be32(l4, 4);
  return v;
}

std::optional<IcmpErrorView> parse_ipv4_icmp_unreach(std::span<const std::uint8_t> packet) {
  auto v = parse_ipv4_icmp_error(packet);
  if (!v || v->type != 3) return std::nullopt;
  return v;
}

std::optional<Icmp6ErrorView> parse_icmpv6_error(std::span<const std::uint8_t> message) {
  constexpr std::size_t kIcmp = 8, kIpv6 = 40;
  if (message.size() < kIcmp + kIpv6 + 8 || message[0] < 1 || message[0] > 4) return std::nullopt;
  auto quoted = message.subspan(kIcmp);
  if ((quoted[0] >> 4) != 6) return std::nullopt;
  Icmp6ErrorView v{};
  v.type = message[0];
  v.code = message[1];
  v.quoted_next_header = quoted[6];
  std::copy_n(quoted.begin() + 8, 16, v.quoted_src.begin());
  std::copy_n(quoted.begin() + 24, 16, v.quoted_dst.begin());
  auto l4 = quoted.subspan(kIpv6);
  v.quoted_src_port = be16(l4, 0);
  v.quoted_dst_port = be16(l4, 2);
  v.quoted_tcp_seq = be32(l4, 4);
  return v;
}

const char* icmp_unreach_reason(std::uint8_t code) {
  switch (code) {
    case 0:
      return "net-unreach";
    case 1:
      return "host-unreach";
    case 2:
      return "proto-unreach";
    case 3:
      return "port-unreach";
    case 9:
      return "net-prohibited";
    case 10:
      return "host-prohibited";
    case 13:
      return "admin-prohibited";
    default:
      return "unreach";
  }
}

}  // namespace sockscope::scan
