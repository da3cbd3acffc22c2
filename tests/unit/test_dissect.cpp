#include "capture/dissect/dissect.h"

#include <gtest/gtest.h>

#include <deque>
#include <tuple>

#include "capture/dissect/dns.h"
#include "capture/frame_protocols.h"
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

// read_tcp_options reads NOP, NOP, timestamps (most segments) in one step: what it leaves
// must be what its general loop leaves. The loop is the one taken when the area on the wire
// is longer than the 12 bytes held (the shortcut's condition; the area is not kept), so the
// same bytes read both ways must give the same header, field for field.
TEST(Dissect, NopNopTimestampsShortcutEqualsTheGeneralReading) {
  const testing::Frame bytes = {1, 1, 8, 10, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc, 0xde, 0xf0};
  const Bytes options = as_bytes(bytes);
  TcpHeader quick, general;
  read_tcp_options(options, 12, quick);
  read_tcp_options(options, 16, general);
  EXPECT_TRUE(quick.has_ts);
  EXPECT_EQ(quick.tsval, 0x12345678u);
  EXPECT_EQ(quick.tsecr, 0x9abcdef0u);
  EXPECT_EQ(quick.option_count, 3);
  const auto fields = [](const TcpHeader& t) {
    return std::tuple(t.has_mss, t.sack_perm, t.has_ws, t.has_ts, t.mss, t.ws_shift, t.tfo_cookie,
                      t.tsval, t.tsecr, t.has_tsval, t.sack_blocks, t.sack, t.option_count,
                      t.option_value_cut, t.option_value_fail_end, t.option_kinds, t.option_lens,
                      t.option_offsets, t.sack_edges);
  };
  EXPECT_EQ(fields(quick), fields(general));
  // another order, or a cut timestamps option, is the general loop's
  const testing::Frame cut = {1, 1, 8, 10, 0x12, 0x34, 0x56, 0x78, 0x9a, 0xbc};
  TcpHeader short_one;
  read_tcp_options(as_bytes(cut), 12, short_one);
  EXPECT_FALSE(short_one.has_ts);
  EXPECT_TRUE(short_one.has_tsval);
  EXPECT_TRUE(short_one.option_value_cut);
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

// Wireshark stops at a bogus header length ("Bogus IP header length (12, must be at
// least 20)"): the header is kept as read so far, neither malformed nor cut short.
TEST(Dissect, InvalidHeaderLengthIsBogus) {
  auto ip = testing::ipv4(17, testing::udp_datagram(1, 2, "x"));
  ip[0] = 0x43;  // IHL 3 words
  Packet p = dissect(testing::ethernet(ip));
  EXPECT_EQ(p.ip_bogus, 2);
  EXPECT_EQ(p.partial, kProtoIp);
  EXPECT_EQ(p.malformed, nullptr);
  EXPECT_EQ(p.truncated, nullptr);
  EXPECT_FALSE(p.has(kProtoUdp));
  ip[0] = 0x55;  // version 5
  EXPECT_EQ(dissect(testing::ethernet(ip)).ip_bogus, 1);
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

// Decodes frames in order through one decoder (reassembly and streams keep state).
class Decoded {
 public:
  Packet next(const testing::Frame& f, Timestamp ts = {}) {
    frames_.push_back(f);
    Record r;
    r.ts = ts;
    r.data = as_bytes(frames_.back());
    r.caplen = r.len = static_cast<std::uint32_t>(f.size());
    r.linktype = kLinkEthernet;
    Packet p;
    decoder_.decode(r, p);
    return p;
  }

 private:
  PacketDecoder decoder_;
  std::deque<testing::Frame> frames_;  // the packets' spans point into these
};

TEST(Dissect, IpInIpKeepsEveryLayer) {
  auto inner = testing::ipv4(17, testing::udp_datagram(4444, 5060, "sip"), 7, 8);
  Packet p = dissect(testing::ethernet(testing::ipv4(4, inner)));
  ASSERT_EQ(p.ip_layer_count, 2);
  EXPECT_EQ(p.ip_layers[0].proto, 4);
  EXPECT_EQ(p.ip_layers[1].proto, 17);
  EXPECT_EQ(p.src.bytes[3], 7);  // the columns show the innermost header
  ASSERT_TRUE(p.has(kProtoUdp));
  EXPECT_EQ(p.udp.dport, 5060);
}

TEST(Dissect, FragmentsAreReassembledOnTheLastOne) {
  std::string payload(3000, 'F');
  auto whole = testing::udp_datagram(1234, 7777, payload);
  auto piece = [&](std::size_t off, std::size_t len, bool more) {
    testing::Frame l4(whole.begin() + static_cast<std::ptrdiff_t>(off),
                      whole.begin() + static_cast<std::ptrdiff_t>(off + len));
    auto ip = testing::ipv4(17, l4);
    std::uint16_t frag = static_cast<std::uint16_t>((more ? 0x2000 : 0) | (off / 8));
    ip[6] = static_cast<std::uint8_t>(frag >> 8);
    ip[7] = static_cast<std::uint8_t>(frag & 0xff);
    return testing::ethernet(ip);
  };
  Decoded d;
  // Out of order: the last piece first, so only the middle one completes the datagram.
  Packet last = d.next(piece(2480, whole.size() - 2480, false));
  Packet first = d.next(piece(0, 1480, true));
  Packet middle = d.next(piece(1480, 1000, true));
  EXPECT_TRUE(last.fragment);
  EXPECT_FALSE(last.has(kProtoUdp));
  EXPECT_TRUE(first.fragment);
  EXPECT_TRUE(has_data_layer(first));
  ASSERT_TRUE(middle.has(kProtoUdp));
  EXPECT_TRUE(middle.reassembled);
  EXPECT_EQ(middle.udp.dport, 7777);
  EXPECT_EQ(middle.payload_len, 3000u);
  EXPECT_EQ(static_cast<char>(middle.payload[2999]), 'F');
}

TEST(Dissect, HttpOverSeveralSegmentsGoesToTheLastOne) {
  Decoded d;
  auto seg = [&](std::uint32_t seq, std::uint8_t flags, const std::string& data) {
    return d.next(
        testing::ethernet(testing::ipv4(6, testing::tcp_segment(40000, 80, seq, 1, flags, data))));
  };
  seg(100, kSyn, "");
  std::string a = "GET /x HTTP/1.1\r\n", b = "Host: h\r\nUser-Agent: lab/1\r\n", c = "\r\n";
  Packet p1 = seg(101, kAck | kPsh, a);
  Packet p2 = seg(101 + static_cast<std::uint32_t>(a.size()), kAck | kPsh, b);
  Packet p3 = seg(101 + static_cast<std::uint32_t>(a.size() + b.size()), kAck | kPsh, c);
  EXPECT_EQ(p1.http, Packet::HttpPart::kSegment);
  EXPECT_EQ(p2.http, Packet::HttpPart::kSegment);
  EXPECT_FALSE(has_data_layer(p1));
  ASSERT_EQ(p3.http, Packet::HttpPart::kMessage);
  EXPECT_EQ(
      std::string(reinterpret_cast<const char*>(p3.http_message.data()), p3.http_message.size()),
      a + b + c);
  EXPECT_STREQ(protocol_name(p3), "HTTP");
}

// As tshark (no HTTP heuristic by default): a GET-like payload on another port is TCP
// data, and nothing is buffered for it.
TEST(Dissect, HttpOnlyOnWiresharksHttpPorts) {
  Decoded d;
  d.next(testing::ethernet(testing::ipv4(6, testing::tcp_segment(40000, 46027, 100, 0, kSyn))));
  Packet p = d.next(testing::ethernet(testing::ipv4(
      6, testing::tcp_segment(40000, 46027, 101, 1, kAck | kPsh, "GET /index.html HTTP/1.1 x"))));
  EXPECT_EQ(p.http, Packet::HttpPart::kNone);
  EXPECT_TRUE(has_data_layer(p));
}

// A GRE header: flags/version, protocol type, then the optional fields given.
testing::Frame gre(std::uint16_t flags, std::uint16_t type, const testing::Frame& payload,
                   std::initializer_list<std::uint32_t> optional = {}) {
  testing::Frame g;
  testing::put16(g, flags);
  testing::put16(g, type);
  for (std::uint32_t v : optional) testing::put32(g, v);
  g.insert(g.end(), payload.begin(), payload.end());
  return g;
}

TEST(Dissect, GreCarriesIpv4AsAFurtherLayer) {
  auto inner = testing::ipv4(17, testing::udp_datagram(5000, 5001, "inner"), 7, 8);
  // K and S: key 123456, sequence number 7
  // (the frames live in variables: frame_protocols() reads the packet's bytes again)
  auto f = testing::ethernet(testing::ipv4(47, gre(0x3000, 0x0800, inner, {123456, 7})));
  Packet p = dissect(f);
  ASSERT_TRUE(p.has(kProtoGre));
  EXPECT_EQ(p.gre[0].proto, 0x0800);
  EXPECT_EQ(p.gre[0].key, 123456u);
  EXPECT_EQ(p.gre[0].seq, 7u);
  EXPECT_EQ(p.gre[0].header_len, 12);
  EXPECT_TRUE(p.gre[0].payload_dissected);
  ASSERT_EQ(p.ip_layer_count, 2);
  EXPECT_EQ(p.ip_layers[0].proto, 47);
  EXPECT_EQ(p.ip_layers[1].src.bytes[3], 7);
  ASSERT_TRUE(p.has(kProtoUdp));
  EXPECT_EQ(p.udp.dport, 5001);
  std::string path;
  EXPECT_TRUE(frame_protocols(p, path));
  EXPECT_EQ(path, "eth:ethertype:ip:gre:ip:udp:data");
  std::string line;
  append_summary(line, p, {});
  EXPECT_NE(line.find("192.0.2.7 → 192.0.2.8    UDP"), std::string::npos) << line;
}

TEST(Dissect, PptpCarriesPppWithLcpOrCompressedIpv4) {
  // GRE version 1 (key, sequence number), PPP with address/control, LCP Echo-Request.
  testing::Frame lcp = {0xff, 0x03, 0xc0, 0x21, 9, 4, 0, 12, 0x12, 0x34, 0x56, 0x78, 'e', 'c'};
  lcp.insert(lcp.end(), {'h', 'o'});
  auto f = testing::ethernet(testing::ipv4(47, gre(0x3001, 0x880b, lcp, {(16u << 16) | 5, 1})));
  Packet p = dissect(f);
  ASSERT_TRUE(p.has(kProtoPpp));
  EXPECT_TRUE(p.ppp.has_address);
  EXPECT_EQ(p.ppp.protocol, 0xc021);
  EXPECT_EQ(p.malformed, nullptr);
  std::string path;
  EXPECT_TRUE(frame_protocols(p, path));
  EXPECT_EQ(path, "eth:ethertype:ip:gre:ppp:lcp");
  std::string line;
  append_summary(line, p, {});
  EXPECT_NE(line.find("PPP LCP 62 Echo Request"), std::string::npos) << line;

  // No address/control (ACFC), a one-byte protocol (PFC): IPv4 and UDP follow.
  testing::Frame ip = {0x21};
  auto inner = testing::ipv4(17, testing::udp_datagram(5000, 5001, "x"), 7, 8);
  ip.insert(ip.end(), inner.begin(), inner.end());
  auto g = testing::ethernet(testing::ipv4(47, gre(0x3001, 0x880b, ip, {5, 2})));
  Packet q = dissect(g);
  ASSERT_TRUE(q.has(kProtoPpp));
  EXPECT_FALSE(q.ppp.has_address);
  EXPECT_EQ(q.ppp.protocol, 0x0021);
  ASSERT_TRUE(q.has(kProtoUdp));
  EXPECT_TRUE(frame_protocols(q, path));
  EXPECT_EQ(path, "eth:ethertype:ip:gre:ppp:ip:udp:data");
}

TEST(Dissect, PppControlPacketCutByTheSnapLengthIsShortNotMalformed) {
  // LCP Echo-Request (length 12) in PPTP's GRE: the snap length cuts it inside the magic
  // number, then inside the data up to the length; the frame itself ends inside the data.
  testing::Frame lcp = {0xff, 0x03, 0xc0, 0x21, 9, 4, 0, 12, 0x12, 0x34, 0x56, 0x78, 'e', 'c'};
  lcp.insert(lcp.end(), {'h', 'o'});
  auto f = testing::ethernet(testing::ipv4(47, gre(0x3001, 0x880b, lcp, {(16u << 16) | 5, 1})));
  const std::size_t body = f.size() - 12;  // where the LCP packet starts
  for (std::size_t cut : {body + 6, body + 10}) {
    Packet p = dissect(f, static_cast<std::uint32_t>(cut));
    EXPECT_EQ(p.malformed, nullptr) << cut;
    EXPECT_NE(p.truncated, nullptr) << cut;
  }
  // The same packet claiming 20 bytes on a wire that held 12: past the frame, malformed.
  lcp[7] = 20;
  auto g = testing::ethernet(testing::ipv4(47, gre(0x3001, 0x880b, lcp, {(16u << 16) | 5, 1})));
  Packet q = dissect(g, static_cast<std::uint32_t>(body + 10));
  EXPECT_NE(q.malformed, nullptr);
  EXPECT_EQ(q.truncated, nullptr);
}

TEST(Dissect, GreInIpInGreKeepsBothGreHeaders) {
  auto inner = testing::ipv4(17, testing::udp_datagram(5000, 5001, "inner"), 7, 8);
  auto middle = testing::ipv4(47, gre(0x2000, 0x0800, inner, {2}), 5, 6);
  auto f = testing::ethernet(testing::ipv4(47, gre(0x2000, 0x0800, middle, {1})));
  Packet p = dissect(f);
  ASSERT_EQ(p.gre_count, 2);
  EXPECT_EQ(p.gre[0].key, 1u);
  EXPECT_EQ(p.gre[1].key, 2u);
  EXPECT_EQ(p.ip_layer_count, 3);
  std::string path;
  EXPECT_TRUE(frame_protocols(p, path));
  EXPECT_EQ(path, "eth:ethertype:ip:gre:ip:gre:ip:udp:data");
}

TEST(Dissect, GreOfAnUnknownTypeIsData) {
  auto f = testing::ethernet(testing::ipv4(47, gre(0, 0x1234, {'a', 'b'})));
  Packet p = dissect(f);
  ASSERT_TRUE(p.has(kProtoGre));
  EXPECT_FALSE(p.gre[0].payload_dissected);
  EXPECT_TRUE(has_data_layer(p));
  std::string path;
  EXPECT_TRUE(frame_protocols(p, path));
  EXPECT_EQ(path, "eth:ethertype:ip:gre:data");
  std::string line;
  append_summary(line, p, {});
  EXPECT_NE(line.find("GRE 40 Encapsulated 0x1234 (unknown)"), std::string::npos) << line;
}

TEST(Dissect, GreCutShortOrWithEndlessRoutingStopsCleanly) {
  auto f = testing::ethernet(testing::ipv4(47, gre(0x3000, 0x0800, {}, {1})));  // no seq
  Packet p = dissect(f);
  EXPECT_FALSE(p.has(kProtoGre));
  ASSERT_NE(p.truncated, nullptr);
  EXPECT_STREQ(p.truncated, "GRE header");
  // R bit: routing entries that never end within the packet
  Packet q =
      dissect(testing::ethernet(testing::ipv4(47, gre(0x4000, 0x0800, {}, {0, 0x00010004u}))));
  EXPECT_FALSE(q.has(kProtoGre));
}

TEST(Dissect, FrameProtocolsNamesTunnelsAndQuotes) {
  auto inner = testing::ipv4(17, testing::udp_datagram(1, 2, "x"));
  auto f1 = testing::ethernet(testing::ipv4(4, inner));
  Packet ipip = dissect(f1);
  std::string path;
  EXPECT_TRUE(frame_protocols(ipip, path));
  EXPECT_EQ(path, "eth:ethertype:ip:ip:udp:data");
  auto f2 = testing::ethernet(testing::Frame(28, 0), 0x0806);
  Packet arp = dissect(f2);
  frame_protocols(arp, path);
  EXPECT_EQ(path, "eth:ethertype:arp");
  // An ethertype we do not dissect: what we know, and false (tshark's may go on).
  auto f3 = testing::ethernet(testing::Frame(30, 0), 0x88cc);
  Packet other = dissect(f3);
  EXPECT_FALSE(frame_protocols(other, path));
  EXPECT_EQ(path, "eth:ethertype");
}

TEST(Dissect, AQuotedGrePacketIsDissectedToItsInnerHeaders) {
  auto inner = testing::ipv4(17, testing::udp_datagram(5001, 5000, "q"), 20, 21);
  auto quoted = testing::ipv4(47, gre(0x2000, 0x0800, inner, {4242}), 2, 1);
  testing::Frame icmp = {3, 2, 0, 0, 0, 0, 0, 0};
  icmp.insert(icmp.end(), quoted.begin(), quoted.end());
  auto f = testing::ethernet(testing::ipv4(1, icmp));
  Packet p = dissect(f);
  ASSERT_TRUE(p.has(kProtoIcmp));
  ASSERT_TRUE(p.has(kProtoGre));
  EXPECT_EQ(p.gre[0].key, 4242u);
  ASSERT_EQ(p.ip_layer_count, 3);
  EXPECT_EQ(p.inner.proto, 17);
  EXPECT_EQ(p.inner.sport, 5001);
  std::string path;
  EXPECT_TRUE(frame_protocols(p, path));
  EXPECT_EQ(path, "eth:ethertype:ip:icmp:ip:gre:ip:udp:data");
}

// A DNS message of `id`: a query for www.example.com or its response with one A record.
testing::Frame dns_frame(std::uint16_t id, bool response, std::uint16_t qtype = 1) {
  std::string m;
  const auto u16 = [&m](unsigned v) {
    m.push_back(static_cast<char>(v >> 8));
    m.push_back(static_cast<char>(v & 0xff));
  };
  u16(id);
  u16(response ? 0x8180 : 0x0100);
  u16(1);
  u16(response ? 1 : 0);
  u16(0);
  u16(0);
  m += std::string(
           "\x03www\x07"
           "example\x03"
           "com",
           16) +
       '\0';
  u16(qtype);
  u16(1);
  if (response) {
    m += "\xc0\x0c";
    u16(1), u16(1), u16(0), u16(60), u16(4);
    m += "\xc0\x00\x02\x50";
  }
  return response ? testing::ethernet(testing::ipv4(17, testing::udp_datagram(53, 40000, m), 2, 1))
                  : testing::ethernet(testing::ipv4(17, testing::udp_datagram(40000, 53, m)));
}

TEST(DnsTransactions, RetransmissionsWithinFiveSecondsAndTheResponse) {
  Decoded d;
  EXPECT_EQ(d.next(dns_frame(7, false), {100, 0}).dns_links.retransmit_of, 0u);
  EXPECT_EQ(d.next(dns_frame(7, false), {104, 999999999}).dns_links.retransmit_of, 1u);
  const Packet answer = d.next(dns_frame(7, true), {105, 500000000});
  EXPECT_EQ(answer.dns_links.response_to, 1u);
  EXPECT_EQ(answer.dns_links.time, (Timestamp{5, 500000000}));
  EXPECT_EQ(d.next(dns_frame(7, true), {106, 0}).dns_links.retransmit_of, 3u);
  // answered: the same ID starts a new transaction, which 5 s later starts another
  EXPECT_EQ(d.next(dns_frame(7, false), {107, 0}).dns_links.retransmit_of, 0u);
  EXPECT_EQ(d.next(dns_frame(7, false), {112, 0}).dns_links.retransmit_of, 0u);
  EXPECT_EQ(d.next(dns_frame(7, true), {112, 1}).dns_links.response_to, 6u);
  EXPECT_TRUE(d.next(dns_frame(8, true), {113, 0}).dns_links.unsolicited);
}

TEST(DnsTransactions, AZoneTransferMayBeAnsweredTwice) {
  Decoded d;
  d.next(dns_frame(9, false, 252), {1, 0});
  EXPECT_EQ(d.next(dns_frame(9, true, 252), {2, 0}).dns_links.response_to, 1u);
  const Packet second = d.next(dns_frame(9, true, 252), {3, 0});
  EXPECT_EQ(second.dns_links.retransmit_of, 0u);
  EXPECT_EQ(second.dns_links.response_to, 1u);
}

TEST(DnsHeader, HasTheCountsThatWereCaptured) {
  const std::byte m[] = {std::byte{0x12}, std::byte{0x34}, std::byte{0x81}, std::byte{0x80},
                         std::byte{0},    std::byte{1},    std::byte{0}};
  DnsHeader h;
  EXPECT_FALSE(dns_header(Bytes(m, 3), h));
  ASSERT_TRUE(dns_header(Bytes(m, 7), h));
  EXPECT_EQ(h.words, 3);
  EXPECT_EQ(h.id, 0x1234);
  EXPECT_EQ(h.questions, 1);
  EXPECT_EQ(h.answers, 0);
  EXPECT_EQ(dns_asks_zone_transfer(Bytes(m, 7)), -1);
}

}  // namespace
}  // namespace sockscope::capture
