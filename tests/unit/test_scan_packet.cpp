// The SYN scan's packet bytes: checksums that the kernel accepts, and bounds-checked
// parsing of the TCP and ICMP/ICMPv6 answers (truncated input is rejected, not read past),
// for IPv4 and IPv6.
#include "scan/packet.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>

#include <algorithm>
#include <array>

namespace sockscope::scan {
namespace {

std::vector<std::uint8_t> ipv4(std::uint8_t proto, std::uint32_t src, std::uint32_t dst,
                               std::uint8_t ttl, const std::vector<std::uint8_t>& payload) {
  std::vector<std::uint8_t> p;
  p.reserve(20 + payload.size());
  p.resize(20);
  p[0] = 0x45;
  p[8] = ttl;
  p[9] = proto;
  for (int i = 0; i < 4; ++i) {
    p[12 + i] = static_cast<std::uint8_t>(src >> (24 - 8 * i));
    p[16 + i] = static_cast<std::uint8_t>(dst >> (24 - 8 * i));
  }
  for (auto b : payload) p.push_back(b);
  return p;
}

TEST(ScanPacket, ChecksumOfTheRfc1071Example) {
  std::vector<std::uint8_t> bytes = {0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7};
  EXPECT_EQ(inet_checksum(bytes), static_cast<std::uint16_t>(~0xddf2 & 0xffff));
}

TEST(ScanPacket, SynVerifiesWithItsPseudoHeader) {
  std::uint32_t src = 0xC0000201, dst = 0xC0000202;
  auto syn = build_tcp_syn(src, dst, 40000, 80, 0x12345678);
  ASSERT_EQ(syn.size(), 24u);
  EXPECT_EQ(syn[13], kTcpSyn);
  std::uint32_t pseudo = (src >> 16) + (src & 0xffff) + (dst >> 16) + (dst & 0xffff) + 6 + 24;
  EXPECT_EQ(inet_checksum(syn, pseudo), 0);  // a correct checksum sums to zero
}

TEST(ScanPacket, SynWithItsIpHeaderParsesBackAndBothChecksumsVerify) {
  std::uint32_t src = 0xC0000201, dst = 0xC0000202;
  std::array<std::uint8_t, kIpv4SynLength> pkt{};
  write_ipv4_tcp_syn(pkt, src, dst, 40000, 443, 0x12345678);
  EXPECT_EQ(inet_checksum(std::span(pkt.data(), 20)), 0);  // IP header
  auto syn = build_tcp_syn(src, dst, 40000, 443, 0x12345678);
  EXPECT_TRUE(std::equal(syn.begin(), syn.end(), pkt.begin() + 20));  // the same TCP bytes
  auto v = parse_ipv4_tcp(pkt);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->src, net::IpAddress::v4(src));
  EXPECT_EQ(v->dst, net::IpAddress::v4(dst));
  EXPECT_EQ(v->src_port, 40000);
  EXPECT_EQ(v->dst_port, 443);
  EXPECT_EQ(v->seq, 0x12345678u);
  EXPECT_EQ(v->flags, kTcpSyn);
  EXPECT_EQ(v->ttl, 64);
  EXPECT_EQ((pkt[2] << 8) | pkt[3], static_cast<int>(kIpv4SynLength));
}

TEST(ScanPacket, ParsesASynAck) {
  auto tcp = build_tcp_syn(0xC0000202, 0xC0000201, 80, 40000, 7);
  tcp[13] = kTcpSyn | kTcpAck;
  tcp[8] = 0, tcp[9] = 0, tcp[10] = 0x30, tcp[11] = 0x3a;  // ack 12346
  auto pkt = ipv4(6, 0xC0000202, 0xC0000201, 64, tcp);
  auto v = parse_ipv4_tcp(pkt);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->src_port, 80);
  EXPECT_EQ(v->dst_port, 40000);
  EXPECT_EQ(v->ack, 12346u);
  EXPECT_EQ(v->ttl, 64);
  EXPECT_EQ(v->window, 1024);
  for (std::size_t cut = 0; cut < 40; ++cut) {
    EXPECT_FALSE(parse_ipv4_tcp(std::span(pkt.data(), cut))) << cut;
  }
}

TEST(ScanPacket, ParsesAnIcmpUnreachableQuotingOurSyn) {
  auto syn = build_tcp_syn(0xC0000201, 0xC0000202, 40000, 3000, 0xdeadbeef);
  auto quoted = ipv4(6, 0xC0000201, 0xC0000202, 64, syn);
  std::vector<std::uint8_t> icmp = {3, 13, 0, 0, 0, 0, 0, 0};
  for (std::size_t i = 0; i < 28; ++i) icmp.push_back(quoted[i]);  // IP header + 8 bytes
  auto pkt = ipv4(1, 0xC0000202, 0xC0000201, 63, icmp);
  auto v = parse_ipv4_icmp_unreach(pkt);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->code, 13);
  EXPECT_STREQ(icmp_unreach_reason(v->code), "admin-prohibited");
  EXPECT_EQ(v->quoted_dst_port, 3000);
  EXPECT_EQ(v->quoted_src_port, 40000);
  EXPECT_EQ(v->quoted_tcp_seq, 0xdeadbeefu);
  EXPECT_EQ(v->quoted_dst, net::IpAddress::v4(0xC0000202));
  EXPECT_EQ(v->from, net::IpAddress::v4(0xC0000202));
  EXPECT_FALSE(parse_ipv4_icmp_unreach(std::span(pkt.data(), pkt.size() - 1)));
  pkt[20] = 11;  // time exceeded: not an unreachable
  EXPECT_FALSE(parse_ipv4_icmp_unreach(pkt));
}

net::IpAddress v6(const char* text) {
  net::IpAddress a;
  a.family = AF_INET6;
  EXPECT_EQ(inet_pton(AF_INET6, text, a.bytes.data()), 1) << text;
  return a;
}

// The RFC 8200 section 8.1 pseudo-header laid out byte by byte, in front of `upper`:
// summing the whole must give zero when upper's checksum is right.
std::vector<std::uint8_t> with_ipv6_pseudo_header(const net::IpAddress& src,
                                                  const net::IpAddress& dst, std::uint8_t next,
                                                  std::span<const std::uint8_t> upper) {
  std::vector<std::uint8_t> b(src.bytes.begin(), src.bytes.end());
  b.insert(b.end(), dst.bytes.begin(), dst.bytes.end());
  auto n = static_cast<std::uint32_t>(upper.size());
  for (int shift : {24, 16, 8, 0}) b.push_back(static_cast<std::uint8_t>(n >> shift));
  b.insert(b.end(), {0, 0, 0, next});
  b.insert(b.end(), upper.begin(), upper.end());
  return b;
}

TEST(ScanPacket, PseudoHeaderSumIsTheSameForBothLayoutsOfIpv4) {
  // RFC 793's 12-byte IPv4 pseudo-header, summed plainly, against the shared routine.
  std::uint32_t src = 0xC0000201, dst = 0xC0000202;
  auto tcp = build_tcp_syn(src, dst, 40000, 80, 99);
  std::vector<std::uint8_t> b = {0xC0, 0x00, 0x02, 0x01, 0xC0, 0x00, 0x02, 0x02, 0, 6, 0, 24};
  b.insert(b.end(), tcp.begin(), tcp.end());
  EXPECT_EQ(inet_checksum(b), 0);
  EXPECT_EQ(inet_checksum(
                tcp, pseudo_header_sum(net::IpAddress::v4(src), net::IpAddress::v4(dst), 6, 24)),
            0);
}

TEST(ScanPacket, Ipv6SynHasItsHeaderAndAChecksumOverTheIpv6PseudoHeader) {
  net::IpAddress src = v6("2001:db8::1"), dst = v6("2001:db8::2");
  std::array<std::uint8_t, kIpv6SynLength> pkt{};
  write_ipv6_tcp_syn(pkt, src, dst, 40000, 8080, 0xa1b2c3d4);
  EXPECT_EQ(pkt[0] >> 4, 6);              // version
  EXPECT_EQ((pkt[4] << 8) | pkt[5], 24);  // payload length: the TCP header
  EXPECT_EQ(pkt[6], 6);                   // next header TCP, no extension headers
  EXPECT_EQ(pkt[7], 64);                  // hop limit
  EXPECT_TRUE(std::equal(src.bytes.begin(), src.bytes.end(), pkt.begin() + 8));
  EXPECT_TRUE(std::equal(dst.bytes.begin(), dst.bytes.end(), pkt.begin() + 24));
  auto tcp = std::span<const std::uint8_t>(pkt).subspan(40);
  EXPECT_EQ(inet_checksum(with_ipv6_pseudo_header(src, dst, 6, tcp)), 0);
  auto v = parse_tcp_header(tcp);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->src_port, 40000);
  EXPECT_EQ(v->dst_port, 8080);
  EXPECT_EQ(v->seq, 0xa1b2c3d4u);
  EXPECT_EQ(v->flags, kTcpSyn);
  EXPECT_EQ(v->window, 1024);
  // A different address changes the checksum: all 128 bits are covered.
  std::array<std::uint8_t, kIpv6SynLength> other{};
  write_ipv6_tcp_syn(other, src, v6("2001:db8::1:2"), 40000, 8080, 0xa1b2c3d4);
  EXPECT_NE((pkt[56] << 8) | pkt[57], (other[56] << 8) | other[57]);
}

TEST(ScanPacket, WriteIpTcpSynPicksTheFamily) {
  std::array<std::uint8_t, kMaxSynLength> out{};
  EXPECT_EQ(write_ip_tcp_syn(out, net::IpAddress::v4(0xC0000201), net::IpAddress::v4(0xC0000202), 1,
                             2, 3),
            kIpv4SynLength);
  EXPECT_EQ(out[0], 0x45);
  EXPECT_EQ(write_ip_tcp_syn(out, v6("::1"), v6("::1"), 1, 2, 3), kIpv6SynLength);
  EXPECT_EQ(out[0], 0x60);
}

TEST(ScanPacket, TcpHeaderAloneParsesAndRejectsShortInput) {
  std::array<std::uint8_t, kIpv6SynLength> pkt{};
  write_ipv6_tcp_syn(pkt, v6("2001:db8::2"), v6("2001:db8::1"), 22, 40000, 5);
  auto tcp = std::span<std::uint8_t>(pkt).subspan(40);
  tcp[13] = kTcpRst | kTcpAck;
  tcp[8] = 0x12, tcp[9] = 0x34, tcp[10] = 0x56, tcp[11] = 0x79;
  auto v = parse_tcp_header(tcp);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->ack, 0x12345679u);
  EXPECT_EQ(v->flags, kTcpRst | kTcpAck);
  EXPECT_EQ(v->src_port, 22);
  for (std::size_t cut = 0; cut < 20; ++cut) EXPECT_FALSE(parse_tcp_header(tcp.first(cut))) << cut;
}

TEST(ScanPacket, ParsesAnIcmpv6UnreachableQuotingOurSyn) {
  net::IpAddress us = v6("2001:db8::1"), target = v6("2001:db8::2");
  std::array<std::uint8_t, kIpv6SynLength> syn{};
  write_ipv6_tcp_syn(syn, us, target, 40000, 3000, 0xdeadbeef);
  std::vector<std::uint8_t> icmp = {1, 1, 0, 0, 0, 0, 0, 0};  // unreachable, admin-prohibited
  icmp.insert(icmp.end(), syn.begin(), syn.end());            // the whole SYN, as Linux quotes it
  auto v = parse_icmpv6_unreach(icmp);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->type, 1);
  EXPECT_EQ(v->code, 1);
  EXPECT_EQ(v->quoted_proto, 6);
  EXPECT_EQ(v->quoted_src, us);
  EXPECT_EQ(v->quoted_dst, target);
  EXPECT_EQ(v->quoted_src_port, 40000);
  EXPECT_EQ(v->quoted_dst_port, 3000);
  EXPECT_EQ(v->quoted_tcp_seq, 0xdeadbeefu);
  EXPECT_EQ(v->quoted_dst.to_string(), "2001:db8::2");
  // 8 bytes of TCP after the quoted header are enough; one fewer is not.
  EXPECT_TRUE(parse_icmpv6_unreach(std::span(icmp.data(), 8 + 40 + 8)));
  for (std::size_t cut = 0; cut < 8 + 40 + 8; ++cut)
    EXPECT_FALSE(parse_icmpv6_unreach(std::span(icmp.data(), cut))) << cut;
  icmp[0] = 3;  // time exceeded: not an unreachable
  EXPECT_FALSE(parse_icmpv6_unreach(icmp));
  icmp[0] = 1;
  icmp[8] = 0x45;  // quoted packet is not IPv6
  EXPECT_FALSE(parse_icmpv6_unreach(icmp));
}

TEST(ScanPacket, SynCookieDependsOnEveryAddressBytePortsSecretAndFamily) {
  net::IpAddress a = v6("2001:db8::2");
  std::uint32_t base = syn_cookie(42, a, 80, 40000);
  EXPECT_EQ(syn_cookie(42, a, 80, 40000), base);  // deterministic: nothing kept per probe
  for (std::size_t i = 0; i < 16; ++i) {
    for (int bit : {0x01, 0x80}) {
      net::IpAddress b = a;
      b.bytes[i] = static_cast<std::uint8_t>(b.bytes[i] ^ bit);
      EXPECT_NE(syn_cookie(42, b, 80, 40000), base) << "byte " << i;
    }
  }
  EXPECT_NE(syn_cookie(42, a, 81, 40000), base);
  EXPECT_NE(syn_cookie(42, a, 80, 40001), base);
  EXPECT_NE(syn_cookie(43, a, 80, 40000), base);
  // 192.0.2.2 and the IPv6 address whose first bytes are the same differ by family.
  net::IpAddress v4 = net::IpAddress::v4(0xC0000202), same_bytes = v4;
  same_bytes.family = AF_INET6;
  EXPECT_NE(syn_cookie(42, v4, 80, 40000), syn_cookie(42, same_bytes, 80, 40000));
}

// A UDP datagram's first 8 bytes, as an ICMP error quotes them.
std::vector<std::uint8_t> udp_header(std::uint16_t src, std::uint16_t dst) {
  return {static_cast<std::uint8_t>(src >> 8),
          static_cast<std::uint8_t>(src),
          static_cast<std::uint8_t>(dst >> 8),
          static_cast<std::uint8_t>(dst),
          0,
          8,
          0,
          0};
}

TEST(ScanPacket, ParsesIcmpErrorsOfEveryQuotingTypeAboutAUdpDatagram) {
  auto quoted = ipv4(17, 0xC0000201, 0xC0000202, 64, udp_header(41000, 161));
  for (std::uint8_t type : std::initializer_list<std::uint8_t>{3, 4, 5, 11, 12}) {
    std::vector<std::uint8_t> icmp = {type, 0, 0, 0, 0, 0, 0, 0};
    icmp.insert(icmp.end(), quoted.begin(), quoted.end());
    auto pkt = ipv4(1, 0xC0000202, 0xC0000201, 55, icmp);
    auto v = parse_ipv4_icmp_error(pkt);
    ASSERT_TRUE(v) << int{type};
    EXPECT_EQ(v->type, type);
    EXPECT_EQ(v->ttl, 55);
    EXPECT_EQ(v->from, net::IpAddress::v4(0xC0000202));
    EXPECT_EQ(v->quoted_proto, 17);
    EXPECT_EQ(v->quoted_src, net::IpAddress::v4(0xC0000201));
    EXPECT_EQ(v->quoted_dst, net::IpAddress::v4(0xC0000202));
    EXPECT_EQ(v->quoted_src_port, 41000);
    EXPECT_EQ(v->quoted_dst_port, 161);
    EXPECT_EQ(parse_ipv4_icmp_unreach(pkt).has_value(), type == 3);
    for (std::size_t cut = 0; cut < pkt.size(); ++cut) {
      EXPECT_FALSE(parse_ipv4_icmp_error(std::span(pkt.data(), cut))) << cut;
    }
  }
  for (std::uint8_t type :
       std::initializer_list<std::uint8_t>{0, 8, 13}) {  // echo reply, echo, timestamp: no quote
    std::vector<std::uint8_t> icmp = {type, 0, 0, 0, 0, 0, 0, 0};
    icmp.insert(icmp.end(), quoted.begin(), quoted.end());
    EXPECT_FALSE(parse_ipv4_icmp_error(ipv4(1, 0xC0000202, 0xC0000201, 55, icmp))) << int{type};
  }
}

TEST(ScanPacket, RejectsAnIcmpErrorWhoseQuoteIsNotIpv4) {
  auto quoted = ipv4(17, 0xC0000201, 0xC0000202, 64, udp_header(41000, 161));
  quoted[0] = 0x65;  // version 6 in an IPv4 quote
  std::vector<std::uint8_t> icmp = {3, 3, 0, 0, 0, 0, 0, 0};
  icmp.insert(icmp.end(), quoted.begin(), quoted.end());
  EXPECT_FALSE(parse_ipv4_icmp_error(ipv4(1, 0xC0000202, 0xC0000201, 64, icmp)));
  quoted[0] = 0x44;  // header length 16 bytes: too short to be one
  icmp.resize(8);
  icmp.insert(icmp.end(), quoted.begin(), quoted.end());
  EXPECT_FALSE(parse_ipv4_icmp_error(ipv4(1, 0xC0000202, 0xC0000201, 64, icmp)));
}

// An ICMPv6 error as a raw ICMPv6 socket delivers it: ICMPv6 header, quoted IPv6 header
// from 2001:db8::1 to 2001:db8::2, then the quoted UDP header.
std::vector<std::uint8_t> icmpv6_error(std::uint8_t type, std::uint8_t code,
                                       std::uint8_t next_header) {
  std::vector<std::uint8_t> m = {type, code, 0, 0, 0, 0, 0, 0};
  std::vector<std::uint8_t> ip6(40, 0);
  ip6[0] = 0x60;
  ip6[5] = 8;  // payload length
  ip6[6] = next_header;
  ip6[7] = 64;
  std::array<std::uint8_t, 16> src{0x20, 0x01, 0x0d, 0xb8}, dst{0x20, 0x01, 0x0d, 0xb8};
  src[15] = 1;
  dst[15] = 2;
  std::copy(src.begin(), src.end(), ip6.begin() + 8);
  std::copy(dst.begin(), dst.end(), ip6.begin() + 24);
  m.insert(m.end(), ip6.begin(), ip6.end());
  auto udp = udp_header(41000, 53);
  m.insert(m.end(), udp.begin(), udp.end());
  return m;
}

TEST(ScanPacket, ParsesAnIcmpv6PortUnreachableQuotingOurDatagram) {
  auto m = icmpv6_error(1, 4, 17);
  auto v = parse_icmpv6_error(m);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->type, 1);
  EXPECT_EQ(v->code, 4);
  EXPECT_EQ(v->quoted_proto, 17);
  EXPECT_EQ(v->quoted_src.bytes[0], 0x20);
  EXPECT_EQ(v->quoted_src.bytes[15], 1);
  EXPECT_EQ(v->quoted_dst.bytes[15], 2);
  EXPECT_EQ(v->quoted_src_port, 41000);
  EXPECT_EQ(v->quoted_dst_port, 53);
  for (std::size_t cut = 0; cut < m.size(); ++cut) {
    EXPECT_FALSE(parse_icmpv6_error(std::span(m.data(), cut))) << cut;
  }
}

TEST(ScanPacket, Icmpv6ErrorsOnlyAndAnIpv6Quote) {
  for (std::uint8_t type : std::initializer_list<std::uint8_t>{1, 2, 3, 4})
    EXPECT_TRUE(parse_icmpv6_error(icmpv6_error(type, 0, 17)));
  for (std::uint8_t type : std::initializer_list<std::uint8_t>{
           0, 5, 128, 129, 135}) {  // echo, neighbour discovery: no quote
    EXPECT_FALSE(parse_icmpv6_error(icmpv6_error(type, 0, 17))) << int{type};
  }
  auto m = icmpv6_error(1, 4, 17);
  m[8] = 0x45;  // an IPv4 header where the IPv6 one should be
  EXPECT_FALSE(parse_icmpv6_error(m));
  // A hop-by-hop header whose length (read from the UDP bytes) runs past the quote:
  // nothing (test_icmpv6_extensions.cpp walks well-formed chains).
  EXPECT_FALSE(parse_icmpv6_error(icmpv6_error(1, 4, 0)));
}

}  // namespace
}  // namespace sockscope::scan
