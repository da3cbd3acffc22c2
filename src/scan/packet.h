// Internal to scan/. The few packet bytes the raw SYN scan writes and reads: a TCP SYN
// with its checksum, and bounds-checked views of the TCP and ICMP answers it gets back
// (IPv4 header included, as raw sockets deliver them).
#pragma once

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

// An ICMP destination-unreachable about a packet we sent: the quoted headers.
struct IcmpUnreachView {
  std::uint32_t from_ip;  // who sent the ICMP, host order
  std::uint8_t ttl;
  std::uint8_t type, code;
  std::uint8_t quoted_proto;
  std::uint32_t quoted_src_ip, quoted_dst_ip;
  std::uint16_t quoted_src_port, quoted_dst_port;
  std::uint32_t quoted_tcp_seq;  // valid when quoted_proto is TCP
};
std::optional<IcmpUnreachView> parse_ipv4_icmp_unreach(std::span<const std::uint8_t> packet);

// nmap's reason word for an ICMP unreachable code: port-unreach, host-unreach, ...
const char* icmp_unreach_reason(std::uint8_t code);

}  // namespace sockscope::scan
