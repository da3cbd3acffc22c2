#include "scan/packet.h"

#include <algorithm>
#include <cstring>

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

std::uint64_t mix(std::uint64_t x) {  // splitmix64's finalizer
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

// The IPv4 header's length when `packet` starts with a sane one, else 0.
std::size_t ipv4_header_length(std::span<const std::uint8_t> packet) {
  if (packet.size() < 20 || (packet[0] >> 4) != 4) return 0;
  std::size_t ihl = static_cast<std::size_t>(packet[0] & 0x0f) * 4;
  return ihl >= 20 && ihl <= packet.size() ? ihl : 0;
}

constexpr std::uint8_t kProtoTcp = 6, kProtoUdp = 17;

// Where the upper-layer header starts behind an IPv6 header whose next header is `next`:
// hop-by-hop options (0), routing (43), destination options (60) and fragment (44)
// headers are stepped over, at most kMaxIpv6Extensions of them. A fragment that is not
// the first stops the walk (its bytes are not the upper-layer header): proto is then 44.
// nullopt when the chain is longer than the bound or `after` ends inside a header.
struct Ipv6Upper {
  std::uint8_t proto;
  std::size_t offset;  // from the end of the fixed IPv6 header
};
constexpr int kMaxIpv6Extensions = 8;
std::optional<Ipv6Upper> walk_ipv6_extensions(std::span<const std::uint8_t> after,
                                              std::uint8_t next) {
  std::size_t at = 0;
  for (int seen = 0;; ++seen) {
    bool options = next == 0 || next == 43 || next == 60;
    if (!options && next != 44) return Ipv6Upper{next, at};
    if (seen == kMaxIpv6Extensions || after.size() < at + 8) return std::nullopt;
    if (next == 44) {  // fixed 8 bytes; offset (13 bits) in bytes 2-3, high bits
      if ((be16(after, at + 2) & 0xfff8) != 0) return Ipv6Upper{next, at};
      next = after[at];
      at += 8;
      continue;
    }
    // Hop-by-hop, routing and destination options: length in 8-byte units, not
    // counting the first 8 (RFC 8200 section 4).
    std::size_t length = (std::size_t{after[at + 1]} + 1) * 8;
    if (after.size() < at + length) return std::nullopt;
    next = after[at];
    at += length;
  }
}

}  // namespace

void write_tcp_syn(std::span<std::uint8_t, kTcpSynLength> tcp, const net::IpAddress& src,
                   const net::IpAddress& dst, std::uint16_t src_port, std::uint16_t dst_port,
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
  put16(tcp, 16,
        inet_checksum(tcp, pseudo_header_sum(src, dst, 6, static_cast<std::uint32_t>(tcp.size()))));
}

void write_tcp_syn(std::span<std::uint8_t, kTcpSynLength> tcp, std::uint32_t src_ip,
                   std::uint32_t dst_ip, std::uint16_t src_port, std::uint16_t dst_port,
                   std::uint32_t seq, std::uint16_t window) {
  write_tcp_syn(tcp, net::IpAddress::v4(src_ip), net::IpAddress::v4(dst_ip), src_port, dst_port,
                seq, window);
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

void write_ipv6_tcp_syn(std::span<std::uint8_t, kIpv6SynLength> out, const net::IpAddress& src,
                        const net::IpAddress& dst, std::uint16_t src_port, std::uint16_t dst_port,
                        std::uint32_t seq, std::uint16_t window) {
  auto ip = out.first<40>();
  std::fill(ip.begin(), ip.end(), std::uint8_t{0});
  ip[0] = 0x60;  // version 6, traffic class 0, flow label 0
  put16(ip, 4, static_cast<std::uint16_t>(kTcpSynLength));  // payload length
  ip[6] = 6;                                                // next header: TCP
  ip[7] = 64;                                               // hop limit
  std::copy(src.bytes.begin(), src.bytes.end(), ip.begin() + 8);
  std::copy(dst.bytes.begin(), dst.bytes.end(), ip.begin() + 24);
  write_tcp_syn(out.last<kTcpSynLength>(), src, dst, src_port, dst_port, seq, window);
}

std::size_t write_ip_tcp_syn(std::span<std::uint8_t, kMaxSynLength> out, const net::IpAddress& src,
                             const net::IpAddress& dst, std::uint16_t src_port,
                             std::uint16_t dst_port, std::uint32_t seq, std::uint16_t window) {
  if (dst.family == AF_INET6) {
    write_ipv6_tcp_syn(out, src, dst, src_port, dst_port, seq, window);
    return kIpv6SynLength;
  }
  write_ipv4_tcp_syn(out.first<kIpv4SynLength>(), src.v4_host_order(), dst.v4_host_order(),
                     src_port, dst_port, seq, window);
  return kIpv4SynLength;
}

std::vector<std::uint8_t> build_tcp_syn(std::uint32_t src_ip, std::uint32_t dst_ip,
                                        std::uint16_t src_port, std::uint16_t dst_port,
                                        std::uint32_t seq, std::uint16_t window) {
  std::vector<std::uint8_t> tcp(kTcpSynLength, 0);
  write_tcp_syn(std::span<std::uint8_t, kTcpSynLength>(tcp.data(), kTcpSynLength), src_ip, dst_ip,
                src_port, dst_port, seq, window);
  return tcp;
}

std::uint32_t syn_cookie(std::uint64_t secret, const net::IpAddress& dst, std::uint16_t dst_port,
                         std::uint16_t src_port) {
  // Two rounds, one per half of the 16 address bytes (IPv4 fills 4, the rest are zero).
  std::uint64_t hi = 0, lo = 0;
  std::memcpy(&hi, dst.bytes.data(), 8);
  std::memcpy(&lo, dst.bytes.data() + 8, 8);
  std::uint64_t h = mix(secret ^ hi ^ (std::uint64_t{dst_port} << 16) ^ src_port);
  return static_cast<std::uint32_t>(mix(h ^ lo ^ static_cast<std::uint64_t>(dst.family)));
}

std::optional<TcpSegmentView> parse_tcp_header(std::span<const std::uint8_t> tcp) {
  if (tcp.size() < 20) return std::nullopt;
  TcpSegmentView v{};
  v.src_port = be16(tcp, 0);
  v.dst_port = be16(tcp, 2);
  v.seq = be32(tcp, 4);
  v.ack = be32(tcp, 8);
  v.flags = tcp[13];
  v.window = be16(tcp, 14);
  return v;
}

std::optional<TcpSegmentView> parse_ipv4_tcp(std::span<const std::uint8_t> packet) {
  std::size_t ihl = ipv4_header_length(packet);
  if (ihl == 0 || packet[9] != 6) return std::nullopt;
  auto v = parse_tcp_header(packet.subspan(ihl));
  if (!v) return std::nullopt;
  v->ttl = packet[8];
  v->src = net::IpAddress::v4(be32(packet, 12));
  v->dst = net::IpAddress::v4(be32(packet, 16));
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
  v.from = net::IpAddress::v4(be32(packet, 12));
  v.ttl = packet[8];
  v.type = icmp[0];
  v.code = icmp[1];
  v.quoted_proto = quoted[9];
  v.quoted_src = net::IpAddress::v4(be32(quoted, 12));
  v.quoted_dst = net::IpAddress::v4(be32(quoted, 16));
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

std::optional<IcmpErrorView> parse_icmpv6_unreach(std::span<const std::uint8_t> message) {
  auto v = parse_icmpv6_error(message);
  if (!v || v->type != 1) return std::nullopt;
  return v;
}

std::optional<IcmpErrorView> parse_icmpv6_error(std::span<const std::uint8_t> message) {
  // ICMPv6 header (8) + the quoted IPv6 header (40) + ports and sequence number (8).
  constexpr std::size_t kIcmp = 8, kIpv6 = 40;
  if (message.size() < kIcmp + kIpv6 + 8 || message[0] < 1 || message[0] > 4) return std::nullopt;
  auto quoted = message.subspan(kIcmp);
  if ((quoted[0] >> 4) != 6) return std::nullopt;
  IcmpErrorView v{};
  v.from.family = AF_INET6;
  v.type = message[0];
  v.code = message[1];
  v.quoted_src.family = v.quoted_dst.family = AF_INET6;
  std::copy_n(quoted.begin() + 8, 16, v.quoted_src.bytes.begin());
  std::copy_n(quoted.begin() + 24, 16, v.quoted_dst.bytes.begin());
  auto chain = walk_ipv6_extensions(quoted.subspan(kIpv6), quoted[6]);
  if (!chain) return std::nullopt;
  v.quoted_proto = chain->proto;
  if (v.quoted_proto != kProtoTcp && v.quoted_proto != kProtoUdp) return v;  // no ports
  auto l4 = quoted.subspan(kIpv6 + chain->offset);
  if (l4.size() < 8) return std::nullopt;  // the quote ends before the ports it names
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
