#include "capture/dissect/dns_tcp.h"

#include <gtest/gtest.h>

#include <deque>
#include <string>
#include <vector>

#include "capture/frame_protocols.h"
#include "capture/packet_decoder.h"
#include "capture/summary.h"
#include "packet_builder.h"

namespace sockscope::capture {
namespace {

using testing::as_bytes;
using testing::Frame;

constexpr std::uint8_t kSyn = 0x02, kAck = 0x10, kPshAck = 0x18;

// A query for example.com (type A) with this ID, after its 2-byte length.
std::string framed_query(std::uint16_t id) {
  std::string m;
  const auto u16 = [&m](unsigned v) {
    m.push_back(static_cast<char>(v >> 8));
    m.push_back(static_cast<char>(v & 0xff));
  };
  u16(id);
  u16(0x0100);
  u16(1);
  u16(0);
  u16(0);
  u16(0);
  m += std::string(
           "\x07"
           "example\x03"
           "com",
           12) +
       '\0';
  u16(1);
  u16(1);
  std::string pdu;
  pdu.push_back(static_cast<char>(m.size() >> 8));
  pdu.push_back(static_cast<char>(m.size() & 0xff));
  return pdu + m;
}

// One client connection to port 53, decoded segment by segment after its handshake.
class Connection {
 public:
  Connection() {
    segment(true, kSyn, "", 0);
    segment(false, kSyn | kAck, "", 0);
    seq_[0] = seq_[1] = 1;
    segment(true, kAck, "");
  }
  Packet send(const std::string& data) { return segment(true, kPshAck, data); }
  // Skips `n` bytes of the client's stream, as if a segment was lost.
  void lose(std::uint32_t n) { seq_[0] += n; }

 private:
  Packet segment(bool client, std::uint8_t flags, const std::string& data, std::uint32_t seq) {
    const std::uint32_t isn = client ? 1000 : 7000;
    Frame tcp = client ? testing::tcp_segment(40000, 53, isn + seq, 7001, flags, data)
                       : testing::tcp_segment(53, 40000, isn + seq, 1001, flags, data);
    frames_.push_back(client ? testing::ethernet(testing::ipv4(6, tcp))
                             : testing::ethernet(testing::ipv4(6, tcp, 2, 1)));
    Record r;
    r.data = as_bytes(frames_.back());
    r.caplen = r.len = static_cast<std::uint32_t>(frames_.back().size());
    r.linktype = kLinkEthernet;
    Packet p;
    decoder_.decode(r, p);
    return p;
  }
  Packet segment(bool client, std::uint8_t flags, const std::string& data) {
    Packet p = segment(client, flags, data, seq_[client ? 0 : 1]);
    seq_[client ? 0 : 1] += static_cast<std::uint32_t>(data.size());
    return p;
  }

  PacketDecoder decoder_;
  std::deque<Frame> frames_;  // the packets' spans point into these
  std::uint32_t seq_[2] = {0, 0};
};

std::vector<std::uint16_t> ids(const Packet& p) {
  std::vector<std::uint16_t> out;
  for_each_dns_message(p, [&out](Bytes m) {
    out.push_back(
        static_cast<std::uint16_t>(static_cast<unsigned>(m[0]) << 8 | static_cast<unsigned>(m[1])));
  });
  return out;
}

std::string info(const Packet& p) {
  std::string out;
  append_info(out, p, {});
  return out;
}

TEST(DnsTcp, WholePdusAreCountedUpToTheFirstThatRunsPastTheBytes) {
  const std::string two = framed_query(1) + framed_query(2);
  const auto size = [](const std::string& s) {
    return whole_dns_pdus(as_bytes(Frame(s.begin(), s.end())));
  };
  EXPECT_EQ(size(two), two.size());
  EXPECT_EQ(size(two + framed_query(3).substr(0, 5)), two.size());
  EXPECT_EQ(size(std::string("\x00", 1)), 0u);
  EXPECT_EQ(size(std::string("\x00\x00", 2)), 2u);  // a PDU of length 0 is whole
}

TEST(DnsTcp, PortsAsTsharkTriesThem) {
  Packet p;
  p.tcp.sport = 40000;
  p.tcp.dport = 53;
  EXPECT_TRUE(on_dns_tcp_port(p));
  p.tcp.sport = 5353;
  p.tcp.dport = 40000;
  EXPECT_TRUE(on_dns_tcp_port(p));
  p.tcp.sport = 25;  // SMTP, the lower port, is tried first
  p.tcp.dport = 53;
  EXPECT_FALSE(on_dns_tcp_port(p));
  p.tcp.sport = 40000;
  p.tcp.dport = 8053;
  EXPECT_FALSE(on_dns_tcp_port(p));
}

TEST(DnsTcp, SeveralMessagesInOneSegmentShowTheLastInInfo) {
  Connection c;
  const Packet p = c.send(framed_query(0x3001) + framed_query(0x3002));
  ASSERT_TRUE(p.has(kProtoDns));
  EXPECT_EQ(ids(p), (std::vector<std::uint16_t>{0x3001, 0x3002}));
  EXPECT_EQ(info(p), "Standard query 0x3002 A example.com");
  EXPECT_TRUE(p.tcp_segments.empty());
  std::string path;
  frame_protocols(p, path);
  EXPECT_EQ(path, "eth:ethertype:ip:tcp:dns");
}

TEST(DnsTcp, ASplitPduIsDissectedOnTheSegmentThatCompletesIt) {
  Connection c;
  const std::string q1 = framed_query(0x4001), q2 = framed_query(0x4002);
  const Packet first = c.send(q1.substr(0, 1));  // the length itself split
  EXPECT_FALSE(first.has(kProtoDns));
  EXPECT_TRUE(first.dns_tcp.piece_only);
  EXPECT_TRUE(info(first).ends_with("Len=1 [TCP segment of a reassembled PDU]"));
  EXPECT_TRUE(c.send(q1.substr(1, 10)).dns_tcp.piece_only);
  const Packet last = c.send(q1.substr(11) + q2 + framed_query(0x4003).substr(0, 4));
  ASSERT_TRUE(last.has(kProtoDns));
  EXPECT_EQ(ids(last), (std::vector<std::uint16_t>{0x4001, 0x4002}));
  EXPECT_EQ(std::vector<std::uint32_t>(last.tcp_segments.begin(), last.tcp_segments.end()),
            (std::vector<std::uint32_t>{4, 5, 6}));
  EXPECT_EQ(last.tcp_reassembled_len, q1.size());
  EXPECT_EQ(last.dns_tcp.tail, 4u);
  // TCP fences the column after the reassembled PDU
  EXPECT_EQ(info(last), "Standard query 0x4001 A example.comStandard query 0x4002 A example.com");
  std::string path;
  frame_protocols(last, path);
  EXPECT_EQ(path, "eth:ethertype:ip:tcp:dns:dns");
}

TEST(DnsTcp, AGapDropsThePduBeingBuilt) {
  Connection c;
  const std::string q = framed_query(0x5001);
  EXPECT_TRUE(c.send(q.substr(0, 10)).dns_tcp.piece_only);
  c.lose(5);
  const Packet after = c.send(q.substr(15));  // read afresh: no PDU starts whole here
  EXPECT_FALSE(after.has(kProtoDns));
  EXPECT_TRUE(after.tcp_segments.empty());
}

}  // namespace
}  // namespace sockscope::capture
