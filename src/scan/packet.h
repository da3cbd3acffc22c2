// Internal to scan/. The few packet bytes the raw scans write and read: a TCP SYN with
// its checksum, and bounds-checked views of the TCP and ICMP answers they get back
// (IPv4 header included, as raw sockets deliver them; ICMPv6 without its IPv6 header,
// as raw ICMPv6 sockets deliver it).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace sockscope::scan {

// Internet checksum (RFC 1071) of `bytes`, starting from a partial `sum`.
std::uint16_t inet_checksum(std::span<const std::uint8_t> bytes, std::uint32_t sum = 0);

// A 24-byte TCP SYN (MSS 1460 option) from src to dst (addresses in network order as
// raw 32-bit values in host order), checksum filled in.
constexpr std::size_t kTcpSynLength = 24;
// The same, written into `out` (no allocation: the SYN scan builds one per port).
void write_tcp_syn(std::span<std::uint8_t, kTcpSynLength> out, std::uint32_t src_ip,
                   std::uint32_t dst_ip, std::uint16_t src_port, std::uint16_t dst_port,
                   std::uint32_t seq, std::uint16_t window = 1024);
// The same SYN behind a 20-byte IPv4 header (TTL 64, no options), for a socket that
// sends whole IP packets (IPPROTO_RAW). The kernel fills the IP id when it is 0.
constexpr std::size_t kIpv4SynLength = 20 + kTcpSynLength;
void write_ipv4_tcp_syn(std::span<std::uint8_t, kIpv4SynLength> out, std::uint32_t src_ip,
                        std::uint32_t dst_ip, std::uint16_t src_port, std::uint16_t dst_port,
                        std::uint32_t seq, std::uint16_t window = 1024);
std::vector<std::uint8_t> build_tcp_syn(std::uint32_t src_ip, std::uint32_t dst_ip,
                                        std::uint16_t src_port, std::uint16_t dst_port,
                                        std::uint32_t seq, std::uint16_t window = 1024);

struct TcpSegmentView {
  std::uint32_t src_ip, dst_ip;  // host order
  std::uint8_t ttl;
  std::uint16_t src_port, dst_port;
  std::uint32_t seq, ack;
  std::uint8_t flags;
  std::uint16_t window;
};
constexpr std::uint8_t kTcpFin = 0x01, kTcpSyn = 0x02, kTcpRst = 0x04, kTcpAck = 0x10;

// An IPv4 packet carrying TCP; nullopt when truncated or not TCP.
std::optional<TcpSegmentView> parse_ipv4_tcp(std::span<const std::uint8_t> packet);

// An ICMP error about a packet we sent: who sent it, its TTL, and the quoted headers.
struct IcmpErrorView {
  std::uint32_t from_ip;  // who sent the ICMP, host order
  std::uint8_t ttl;
  std::uint8_t type, code;
  std::uint8_t quoted_proto;
  std::uint32_t quoted_src_ip, quoted_dst_ip;
  std::uint16_t quoted_src_port, quoted_dst_port;  // TCP or UDP: the first 4 bytes
  std::uint32_t quoted_tcp_seq;                    // valid when quoted_proto is TCP
};
using IcmpUnreachView = IcmpErrorView;
// An IPv4 packet carrying an ICMP error that quotes an IPv4 header and 8 bytes of it:
// destination unreachable (3), source quench (4), redirect (5), time exceeded (11),
// parameter problem (12). nullopt for anything else or anything truncated.
std::optional<IcmpErrorView> parse_ipv4_icmp_error(std::span<const std::uint8_t> packet);
// The same, destination unreachable only (what the SYN scan acts on).
std::optional<IcmpErrorView> parse_ipv4_icmp_unreach(std::span<const std::uint8_t> packet);

// An ICMPv6 error message (as a raw ICMPv6 socket delivers it: no IPv6 header; the
// sender comes from the socket address, the hop limit from IPV6_HOPLIMIT) quoting an
// IPv6 header and 8 bytes: destination unreachable (1), packet too big (2), time
// exceeded (3), parameter problem (4). The quoted packet's extension headers are not
// walked (our probes carry none): quoted_next_header is then not TCP or UDP.
struct Icmp6ErrorView {
  std::uint8_t type, code;
  std::uint8_t quoted_next_header;
  std::array<std::uint8_t, 16> quoted_src, quoted_dst;
  std::uint16_t quoted_src_port, quoted_dst_port;
  std::uint32_t quoted_tcp_seq;
};
std::optional<Icmp6ErrorView> parse_icmpv6_error(std::span<const std::uint8_t> message);

// nmap's reason word for an ICMP unreachable code: port-unreach, host-unreach, ...
const char* icmp_unreach_reason(std::uint8_t code);

}  // namespace sockscope::scan
