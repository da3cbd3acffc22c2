// Internal to scan/. The few packet bytes the raw scans write and read, for IPv4 and
// IPv6: a TCP SYN with its checksum (one pseudo-header routine for both families), and
// bounds-checked views of the TCP and ICMP/ICMPv6 answers they get back. IPv4 raw sockets
// deliver the IP header; IPv6 raw sockets do not (the caller takes the peer address and
// hop limit from recvmsg), so the IPv6 readers start at the TCP or ICMPv6 header.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "net/inet_checksum.h"
#include "net/target_list.h"

namespace sockscope::scan {

// The checksums (net/inet_checksum.h), under the names this layer has always used.
using net::inet_checksum;
using net::pseudo_header_sum;

// A 24-byte TCP SYN (MSS 1460 option) from src to dst, checksum filled in. Written into
// `out` (no allocation: the SYN scan builds one per port). src and dst: one family.
constexpr std::size_t kTcpSynLength = 24;
void write_tcp_syn(std::span<std::uint8_t, kTcpSynLength> out, const net::IpAddress& src,
                   const net::IpAddress& dst, std::uint16_t src_port, std::uint16_t dst_port,
                   std::uint32_t seq, std::uint16_t window = 1024);
// IPv4 addresses as host-order integers.
void write_tcp_syn(std::span<std::uint8_t, kTcpSynLength> out, std::uint32_t src_ip,
                   std::uint32_t dst_ip, std::uint16_t src_port, std::uint16_t dst_port,
                   std::uint32_t seq, std::uint16_t window = 1024);
std::vector<std::uint8_t> build_tcp_syn(std::uint32_t src_ip, std::uint32_t dst_ip,
                                        std::uint16_t src_port, std::uint16_t dst_port,
                                        std::uint32_t seq, std::uint16_t window = 1024);

// The same SYN behind its IP header, for a socket that sends whole IP packets
// (IPPROTO_RAW, both families). IPv4: 20-byte header, TTL 64, no options; the kernel
// fills the IP id when it is 0. IPv6: 40-byte header, hop limit 64, no extension headers.
constexpr std::size_t kIpv4SynLength = 20 + kTcpSynLength;
constexpr std::size_t kIpv6SynLength = 40 + kTcpSynLength;
constexpr std::size_t kMaxSynLength = kIpv6SynLength;
void write_ipv4_tcp_syn(std::span<std::uint8_t, kIpv4SynLength> out, std::uint32_t src_ip,
                        std::uint32_t dst_ip, std::uint16_t src_port, std::uint16_t dst_port,
                        std::uint32_t seq, std::uint16_t window = 1024);
void write_ipv6_tcp_syn(std::span<std::uint8_t, kIpv6SynLength> out, const net::IpAddress& src,
                        const net::IpAddress& dst, std::uint16_t src_port, std::uint16_t dst_port,
                        std::uint32_t seq, std::uint16_t window = 1024);
// Either of the two by the addresses' family; returns the packet's length.
std::size_t write_ip_tcp_syn(std::span<std::uint8_t, kMaxSynLength> out, const net::IpAddress& src,
                             const net::IpAddress& dst, std::uint16_t src_port,
                             std::uint16_t dst_port, std::uint32_t seq,
                             std::uint16_t window = 1024);

// The SYN's sequence number, masscan-style: a keyed hash of the target (all 128 bits of
// an IPv6 address), its port and our source port, so an answer proves itself by
// acknowledging cookie + 1 (or by quoting the cookie in an ICMP error) and nothing has
// to be remembered per probe.
std::uint32_t syn_cookie(std::uint64_t secret, const net::IpAddress& dst, std::uint16_t dst_port,
                         std::uint16_t src_port);

struct TcpSegmentView {
  net::IpAddress src, dst;
  int ttl;  // IPv4 TTL or IPv6 hop limit; -1 when the kernel did not give it (IPv6)
  std::uint16_t src_port, dst_port;
  std::uint32_t seq, ack;
  std::uint8_t flags;
  std::uint16_t window;
};
constexpr std::uint8_t kTcpFin = 0x01, kTcpSyn = 0x02, kTcpRst = 0x04, kTcpAck = 0x10;

// An IPv4 packet carrying TCP; nullopt when truncated or not TCP.
std::optional<TcpSegmentView> parse_ipv4_tcp(std::span<const std::uint8_t> packet);
// A TCP header alone (what a raw IPv6 socket delivers): ports, numbers, flags, window;
// addresses and ttl are left for the caller. nullopt when shorter than 20 bytes.
std::optional<TcpSegmentView> parse_tcp_header(std::span<const std::uint8_t> segment);

// An ICMP or ICMPv6 error about a packet we sent: who sent it, its TTL, and the quoted
// headers.
struct IcmpErrorView {
  net::IpAddress from;  // who sent the ICMP (IPv6: left for the caller)
  int ttl;              // IPv6: left for the caller (-1 when unknown)
  std::uint8_t type, code;
  std::uint8_t quoted_proto;  // IPv4 protocol or IPv6 next header
  net::IpAddress quoted_src, quoted_dst;
  std::uint16_t quoted_src_port, quoted_dst_port;  // TCP or UDP: the first 4 bytes
  std::uint32_t quoted_tcp_seq;                    // valid when quoted_proto is TCP
};
// An IPv4 packet carrying an ICMP error that quotes an IPv4 header and 8 bytes of it:
// destination unreachable (3), source quench (4), redirect (5), time exceeded (11),
// parameter problem (12). nullopt for anything else or anything truncated.
std::optional<IcmpErrorView> parse_ipv4_icmp_error(std::span<const std::uint8_t> packet);
// The same, destination unreachable only (what the SYN scan acts on).
std::optional<IcmpErrorView> parse_ipv4_icmp_unreach(std::span<const std::uint8_t> packet);

// An ICMPv6 error message from its ICMPv6 header on (as a raw ICMPv6 socket delivers it)
// quoting an IPv6 header and 8 bytes: destination unreachable (1), packet too big (2),
// time exceeded (3), parameter problem (4). Hop-by-hop, routing, destination options and
// fragment headers in the quote are stepped over, at most 8 of them (the kernel
// fragments a large datagram, IPv6 stacks and SRv6 add options and routing headers; a
// forged quote must not send the walk anywhere), so quoted_proto is the upper-layer
// protocol and the ports are its. A fragment that is not the first gives quoted_proto
// 44 (fragment): its bytes hold no ports. Protocols other than TCP and UDP leave the
// port fields 0. nullopt when the chain is longer or the quote ends inside it or
// inside TCP's or UDP's first 8 bytes.
std::optional<IcmpErrorView> parse_icmpv6_error(std::span<const std::uint8_t> message);
// The same, destination unreachable only.
std::optional<IcmpErrorView> parse_icmpv6_unreach(std::span<const std::uint8_t> message);

// nmap's reason word for an ICMP unreachable code: port-unreach, host-unreach, ...
const char* icmp_unreach_reason(std::uint8_t code);
}  // namespace sockscope::scan
