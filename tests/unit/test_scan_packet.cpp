// The SYN scan's packet bytes: checksums that the kernel accepts, and bounds-checked
// parsing of the TCP and ICMP answers (truncated input is rejected, not read past).
#include "scan/packet.h"

#include <gtest/gtest.h>

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
  EXPECT_EQ(v->src_ip, src);
  EXPECT_EQ(v->dst_ip, dst);
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
  EXPECT_FALSE(parse_ipv4_icmp_unreach(std::span(pkt.data(), pkt.size() - 1)));
  pkt[20] = 11;  // time exceeded: not an unreachable
  EXPECT_FALSE(parse_ipv4_icmp_unreach(pkt));
}

}  // namespace
}  // namespace sockscope::scan
