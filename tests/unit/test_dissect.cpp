#include "capture/dissect/dissect.h"

#include <gtest/gtest.h>

#include "capture/packet_decoder.h"
#include "capture/summary.h"
#include "packet_builder.h"

namespace sockscope::capture {
namespace {

using testing::as_bytes;

Packet dissect(const testing::Frame& f, std::uint32_t caplen_limit = 0) {
  Packet p;
  p.linktype = kLinkEthernet;
  p.data = as_bytes(f);
  if (caplen_limit) p.data = p.data.first(caplen_limit);
  p.len = static_cast<std::uint32_t>(f.size());
  dissect_packet(p);
  return p;
}

TEST(Dissect, TcpHeaderAndOptions) {
  testing::Frame opts = {2, 4, 0x05, 0xb4, 4, 2, 1, 3, 3, 7, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0};
  auto f =
      testing::ethernet(testing::ipv4(6, testing::tcp_segment(40000, 80, 1000, 0, kSyn, "", opts)));
  Packet p = dissect(f);
  ASSERT_TRUE(p.has(kProtoTcp));
  EXPECT_EQ(p.tcp.sport, 40000);
  EXPECT_EQ(p.tcp.seq, 1000u);
  EXPECT_TRUE(p.tcp.has_mss);
  EXPECT_EQ(p.tcp.mss, 1460);
  EXPECT_TRUE(p.tcp.sack_perm);
  EXPECT_EQ(p.tcp.ws_shift, 7);
  EXPECT_TRUE(p.tcp.has_ts);
  EXPECT_EQ(p.tcp.tsval, 1u);
  EXPECT_EQ(p.payload_len, 0u);
  EXPECT_EQ(p.truncated, nullptr);
}

TEST(Dissect, TruncatedIsNotInvalid) {
  auto f =
      testing::ethernet(testing::ipv4(6, testing::tcp_segment(40000, 80, 1, 1, kAck, "payload")));
  Packet p = dissect(f, 14 + 20 + 10);
  EXPECT_FALSE(p.has(kProtoTcp));
  EXPECT_EQ(p.partial, static_cast<std::uint32_t>(kProtoTcp));
  ASSERT_NE(p.truncated, nullptr);
  EXPECT_STREQ(p.truncated, "TCP header");
  EXPECT_EQ(p.malformed, nullptr);
  EXPECT_EQ(p.tcp.sport, 40000);  // the ports that were there are kept
}

TEST(Dissect, InvalidHeaderLengthIsMalformed) {
  auto ip = testing::ipv4(17, testing::udp_datagram(1, 2, "x"));
  ip[0] = 0x43;  // IHL 3 words
  Packet p = dissect(testing::ethernet(ip));
  ASSERT_NE(p.malformed, nullptr);
  EXPECT_EQ(p.truncated, nullptr);
}

TEST(Dissect, UdpPaddingIsNotPayload) {
  auto f = testing::ethernet(testing::ipv4(17, testing::udp_datagram(5, 6, "ab")));
  f.resize(60, 0);  // Ethernet minimum frame padding
  Packet p = dissect(f);
  ASSERT_TRUE(p.has(kProtoUdp));
  EXPECT_EQ(p.payload_len, 2u);
  EXPECT_EQ(p.payload.size(), 2u);
}

TEST(Dissect, IcmpErrorQuotesInnerUdp) {
  auto inner = testing::ipv4(17, testing::udp_datagram(4000, 53, "q"), 1, 3);
  testing::Frame icmp = {3, 3, 0, 0, 0, 0, 0, 0};
  icmp.insert(icmp.end(), inner.begin(), inner.end());
  Packet p = dissect(testing::ethernet(testing::ipv4(1, icmp, 3, 1)));
  ASSERT_TRUE(p.has(kProtoIcmp));
  ASSERT_TRUE(p.inner.present);
  EXPECT_EQ(p.inner.proto, 17);
  EXPECT_EQ(p.inner.dport, 53);
}

TEST(Summary, MatchesTsharkLayout) {
  PacketDecoder decoder;
  Record r;
  auto f = testing::ethernet(testing::ipv4(6, testing::tcp_segment(41234, 65432, 7, 0, kSyn)));
  r.data = as_bytes(f);
  r.caplen = r.len = static_cast<std::uint32_t>(f.size());
  r.linktype = kLinkEthernet;
  Packet p;
  decoder.decode(r, p);
  std::string line;
  append_summary(line, p, {});
  EXPECT_EQ(line,
            "    1   0.000000    192.0.2.1 \xe2\x86\x92 192.0.2.2    TCP 54 41234 \xe2\x86\x92 "
            "65432 [SYN] Seq=0 Win=512 Len=0\n");
}

}  // namespace
}  // namespace sockscope::capture
