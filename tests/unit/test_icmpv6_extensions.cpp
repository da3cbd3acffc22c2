// parse_icmpv6_error walking the IPv6 extension headers of the quoted packet (hop-by-hop,
// routing, destination options, fragment) to the TCP or UDP header behind them: crafted
// quotes, every truncation, the bound on the chain, and fragments that carry no ports.
#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <vector>

#include "scan/packet.h"

namespace sockscope::scan {
namespace {

using Bytes = std::vector<std::uint8_t>;
constexpr std::uint8_t kHopByHop = 0, kRouting = 43, kFragment = 44, kDestOptions = 60;
constexpr std::uint8_t kTcp = 6, kUdp = 17;

struct Ext {
  std::uint8_t type;
  std::uint8_t units = 0;           // options/routing: length in 8-byte units after the first 8
  std::uint16_t fragment_word = 0;  // fragment: offset << 3 | M flag
};

// An ICMPv6 error (type/code) quoting an IPv6 packet from 2001:db8::1 to 2001:db8::2
// whose extension headers are `exts`, followed by `l4` (TCP or UDP's first bytes) of
// protocol `proto`.
Bytes icmpv6_quote(std::uint8_t type, std::uint8_t code, const std::vector<Ext>& exts,
                   std::uint8_t proto, const Bytes& l4) {
  Bytes m = {type, code, 0, 0, 0, 0, 0, 0};
  Bytes ip6(40, 0);
  ip6[0] = 0x60;
  ip6[6] = exts.empty() ? proto : exts[0].type;
  ip6[7] = 64;
  ip6[8] = ip6[24] = 0x20, ip6[9] = ip6[25] = 0x01, ip6[10] = ip6[26] = 0x0d;
  ip6[11] = ip6[27] = 0xb8, ip6[23] = 1, ip6[39] = 2;
  m.insert(m.end(), ip6.begin(), ip6.end());
  for (std::size_t i = 0; i < exts.size(); ++i) {
    std::uint8_t next = i + 1 < exts.size() ? exts[i + 1].type : proto;
    Bytes h;
    if (exts[i].type == kFragment) {
      h = {next,
           0,
           static_cast<std::uint8_t>(exts[i].fragment_word >> 8),
           static_cast<std::uint8_t>(exts[i].fragment_word),
           0,
           0,
           0x12,
           0x34};
    } else {
      h.assign((exts[i].units + 1u) * 8u, 0x01);  // PadN-looking filler
      h[0] = next;
      h[1] = exts[i].units;
    }
    m.insert(m.end(), h.begin(), h.end());
  }
  m.insert(m.end(), l4.begin(), l4.end());
  std::uint16_t payload = static_cast<std::uint16_t>(m.size() - 48);
  m[8 + 4] = static_cast<std::uint8_t>(payload >> 8);
  m[8 + 5] = static_cast<std::uint8_t>(payload);
  return m;
}

// Source port 41000, destination 53, then a sequence number (TCP) or length+checksum.
const Bytes kPortsAndSeq = {0xa0, 0x28, 0x00, 0x35, 0xde, 0xad, 0xbe, 0xef};

TEST(Icmpv6Extensions, EachKindOfHeaderIsSteppedOver) {
  for (std::uint8_t type : {kHopByHop, kRouting, kDestOptions, kFragment}) {
    for (std::uint8_t units : std::initializer_list<std::uint8_t>{0, 1, 5}) {
      if (type == kFragment && units > 0) continue;  // fixed size
      auto m = icmpv6_quote(1, 4, {{type, units}}, kUdp, kPortsAndSeq);
      auto v = parse_icmpv6_error(m);
      ASSERT_TRUE(v) << int{type} << "/" << int{units};
      EXPECT_EQ(v->quoted_proto, kUdp);
      EXPECT_EQ(v->quoted_src_port, 41000);
      EXPECT_EQ(v->quoted_dst_port, 53);
      EXPECT_EQ(v->quoted_dst.bytes[15], 2);
      EXPECT_EQ(v->quoted_src.bytes[15], 1);
    }
  }
}

TEST(Icmpv6Extensions, AChainOfAllFourReachesTheTcpSequenceNumber) {
  auto m =
      icmpv6_quote(1, 1, {{kHopByHop, 0}, {kRouting, 2}, {kFragment, 0, 0x0001}, {kDestOptions, 1}},
                   kTcp, kPortsAndSeq);
  auto v = parse_icmpv6_unreach(m);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->quoted_proto, kTcp);
  EXPECT_EQ(v->quoted_src_port, 41000);
  EXPECT_EQ(v->quoted_dst_port, 53);
  EXPECT_EQ(v->quoted_tcp_seq, 0xdeadbeefu);
  // Cut anywhere (inside a header, or inside the 8 bytes of TCP): nothing, and no read
  // past the end.
  for (std::size_t cut = 0; cut < m.size(); ++cut) {
    EXPECT_FALSE(parse_icmpv6_error(Bytes(m.begin(), m.begin() + cut))) << cut;
  }
}

TEST(Icmpv6Extensions, ALaterFragmentHoldsNoPorts) {
  // Offset 185 (1480 bytes): the quoted bytes are the middle of a datagram, which by
  // chance look like our ports. They must not be read as such.
  auto m = icmpv6_quote(1, 4, {{kFragment, 0, 185 << 3}}, kUdp, kPortsAndSeq);
  auto v = parse_icmpv6_error(m);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->quoted_proto, kFragment);
  EXPECT_EQ(v->quoted_src_port, 0);
  EXPECT_EQ(v->quoted_dst_port, 0);
  // The first fragment (offset 0, more fragments follow) holds them.
  v = parse_icmpv6_error(icmpv6_quote(1, 4, {{kFragment, 0, 0x0001}}, kUdp, kPortsAndSeq));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->quoted_proto, kUdp);
  EXPECT_EQ(v->quoted_src_port, 41000);
}

TEST(Icmpv6Extensions, TheWalkIsBoundedToEightHeaders) {
  std::vector<Ext> eight(8, Ext{kDestOptions, 0});
  auto v = parse_icmpv6_error(icmpv6_quote(1, 4, eight, kUdp, kPortsAndSeq));
  ASSERT_TRUE(v);
  EXPECT_EQ(v->quoted_proto, kUdp);
  EXPECT_EQ(v->quoted_dst_port, 53);
  std::vector<Ext> nine(9, Ext{kHopByHop, 0});
  EXPECT_FALSE(parse_icmpv6_error(icmpv6_quote(1, 4, nine, kUdp, kPortsAndSeq)));
}

TEST(Icmpv6Extensions, AHeaderLongerThanTheQuoteIsRejected) {
  auto m = icmpv6_quote(1, 4, {{kRouting, 0}}, kUdp, kPortsAndSeq);
  m[48 + 1] = 255;  // claims 2,048 bytes
  EXPECT_FALSE(parse_icmpv6_error(m));
  m[48 + 1] = 1;  // 16 bytes: runs into the UDP header, which then ends short
  EXPECT_FALSE(parse_icmpv6_error(m));
}

TEST(Icmpv6Extensions, OtherUpperLayersAreNamedNotTakenForUdp) {
  for (std::uint8_t proto : std::initializer_list<std::uint8_t>{50, 58, 59}) {  // ESP, ICMPv6, none
    auto v = parse_icmpv6_error(icmpv6_quote(1, 4, {{kDestOptions, 0}}, proto, kPortsAndSeq));
    ASSERT_TRUE(v) << int{proto};
    EXPECT_EQ(v->quoted_proto, proto);
    EXPECT_EQ(v->quoted_src_port, 0);
  }
  // No next header right after the options and nothing behind it: still an answer
  // that names no port (not a truncated TCP/UDP quote).
  auto m = icmpv6_quote(1, 4, {{kDestOptions, 0}}, 59, {});
  m.resize(8 + 40 + 8);
  auto v = parse_icmpv6_error(m);
  ASSERT_TRUE(v);
  EXPECT_EQ(v->quoted_proto, 59);
  EXPECT_EQ(v->quoted_src_port, 0);
}

}  // namespace
}  // namespace sockscope::scan
