// Wireshark 4.0's TCP ACK analysis in the stream tracker (tcp.analysis.acks_frame, ack_rtt,
// initial_rtt, bytes_in_flight, push_bytes_sent, rto) on a crafted connection whose every
// value was read from tshark 4.0 (`-T fields -e tcp.analysis.*`): a handshake, data with
// and without PSH, a retransmission (its ACK measured from the first copy), a SACK block
// taken off the bytes in flight, and a FIN exchange. Also: the analysis is off unless
// asked for, a filter that needs it refuses packets decoded without it, the TCP Fast
// Open flags, and frame.time_delta_displayed as tshark -Y computes it.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "capture/display_filter.h"
#include "capture/packet_stream.h"
#include "core/error.h"
#include "packet_builder.h"

namespace sockscope::capture {
namespace {

using testing::Frame;
constexpr std::uint8_t kF = 0x01, kS = 0x02, kP = 0x08, kA = 0x10;

Frame client(std::uint32_t seq, std::uint32_t ack, std::uint8_t flags, std::size_t len = 0) {
  return testing::ethernet(testing::ipv4(
      6, testing::tcp_segment(40000, 8000, seq, ack, flags, std::string(len, 'x')), 1, 2));
}
Frame server(std::uint32_t seq, std::uint32_t ack, std::uint8_t flags, const Frame& options = {}) {
  return testing::ethernet(
      testing::ipv4(6, testing::tcp_segment(8000, 40000, seq, ack, flags, "", options), 2, 1));
}

// Frames 1 ms apart (testing::pcap_file).
std::vector<std::uint8_t> connection() {
  Frame sack = {1, 1, 5, 10};  // NOP NOP SACK(401..501 relative)
  testing::put32(sack, 1401);
  testing::put32(sack, 1501);
  return testing::pcap_file({
      client(1000, 0, kS),               // 1
      server(5000, 1001, kS | kA),       // 2
      client(1001, 5001, kA),            // 3  handshake done: iRTT 2 ms
      client(1001, 5001, kA | kP, 100),  // 4
      client(1101, 5001, kA, 100),       // 5
      server(5001, 1101, kA),            // 6  ACKs frame 4
      client(1101, 5001, kA, 100),       // 7  retransmission of frame 5
      server(5001, 1201, kA),            // 8  ACKs frame 5, the first copy
      client(1201, 5001, kA, 100),       // 9
      client(1301, 5001, kA, 100),       // 10
      client(1401, 5001, kA | kP, 100),  // 11
      server(5001, 1201, kA, sack),      // 12 dup ACK, SACK of frame 11
      client(1501, 5001, kA, 100),       // 13 400 bytes out, 100 of them SACKed
      server(5001, 1601, kA),            // 14
      client(1601, 5001, kA | kF),       // 15
      server(5001, 1602, kA | kF),       // 16
      client(1602, 5002, kA),            // 17
  });
}

struct Row {
  std::uint32_t acks_frame;
  std::int64_t ack_rtt_us, initial_rtt_us;
  std::uint32_t bytes_in_flight, push_bytes_sent;
  std::int64_t rto_us;
  std::uint32_t rto_frame;
};

TEST(TcpAckAnalysis, ValuesAreTsharks) {
  // tshark 4.0.17 on the same frames (0: not shown).
  const Row want[] = {
      {0, 0, 0, 0, 0, 0, 0},           {1, 1000, 0, 0, 0, 0, 0},     {2, 1000, 2000, 0, 0, 0, 0},
      {0, 0, 2000, 100, 100, 0, 0},    {0, 0, 2000, 200, 100, 0, 0}, {4, 2000, 2000, 0, 0, 0, 0},
      {0, 0, 2000, 100, 200, 2000, 5}, {5, 3000, 2000, 0, 0, 0, 0},  {0, 0, 2000, 100, 300, 0, 0},
      {0, 0, 2000, 200, 400, 0, 0},    {0, 0, 2000, 300, 500, 0, 0}, {0, 0, 2000, 0, 0, 0, 0},
      {0, 0, 2000, 300, 100, 0, 0},    {13, 1000, 2000, 0, 0, 0, 0}, {0, 0, 0, 0, 0, 0, 0},
      {15, 1000, 2000, 0, 0, 0, 0},    {16, 1000, 2000, 0, 0, 0, 0},
  };
  auto bytes = connection();
  PacketStream stream(testing::as_bytes(bytes), "mem");
  stream.set_ack_analysis(true);
  Packet p;
  for (const Row& w : want) {
    ASSERT_TRUE(stream.next(p));
    SCOPED_TRACE("frame " + std::to_string(p.number));
    ASSERT_TRUE(p.tcpa.acks_tracked);
    const TcpAcks& a = p.tcp_acks;
    // Frames 1 and 15 have no analysis tree at all, so no iRTT either.
    EXPECT_EQ(a.analysed, p.number != 1 && p.number != 15);
    EXPECT_EQ(a.acks_frame, w.acks_frame);
    EXPECT_EQ(a.acks_frame ? to_ns(a.ack_rtt) : 0, w.ack_rtt_us * 1000);
    EXPECT_EQ(to_ns(a.initial_rtt), w.initial_rtt_us * 1000);
    EXPECT_EQ(a.bytes_in_flight, w.bytes_in_flight);
    EXPECT_EQ(a.bytes_in_flight ? a.push_bytes_sent : 0, w.push_bytes_sent);
    const bool retransmission = (p.tcpa.flags & kRetransmission) != 0;
    EXPECT_EQ(retransmission ? to_ns(a.rto) : 0, w.rto_us * 1000);
    EXPECT_EQ(retransmission ? a.rto_frame : 0, w.rto_frame);
  }
  EXPECT_FALSE(stream.next(p));
}

std::vector<std::uint32_t> frames(const std::string& filter, bool analysis) {
  auto bytes = connection();
  PacketStream stream(testing::as_bytes(bytes), "mem");
  DisplayFilter f = DisplayFilter::compile(filter);
  stream.set_ack_analysis(analysis && f.needs_ack_analysis());
  std::vector<std::uint32_t> out;
  Packet p;
  while (stream.next(p))
    if (f.matches(p)) out.push_back(p.number);
  return out;
}

TEST(TcpAckAnalysis, FiltersSelectTsharksFrames) {
  using V = std::vector<std::uint32_t>;
  EXPECT_EQ(frames("tcp.analysis.ack_rtt > 0.0015", true), (V{6, 8}));
  EXPECT_EQ(frames("tcp.analysis.acks_frame == 5", true), (V{8}));
  EXPECT_EQ(frames("tcp.analysis.bytes_in_flight == 300", true), (V{11, 13}));
  EXPECT_EQ(frames("tcp.analysis.push_bytes_sent > tcp.analysis.bytes_in_flight", true),
            (V{7, 9, 10, 11}));
  EXPECT_EQ(frames("tcp.analysis.rto_frame", true), (V{7}));
  EXPECT_EQ(frames("tcp && !tcp.analysis", true), (V{1, 15}));
  EXPECT_EQ(frames("tcp.analysis.initial_rtt == 0.002 && tcp.flags.fin == 1", true), (V{16}));
  EXPECT_EQ(frames("tcp.analysis.duplicate_ack_num == 1", true), (V{12}));
  // Filters without these fields leave the analysis off.
  EXPECT_FALSE(DisplayFilter::compile("tcp.analysis.flags").needs_ack_analysis());
  EXPECT_TRUE(DisplayFilter::compile("tcp.port == 1 || tcp.analysis").needs_ack_analysis());
}

TEST(TcpAckAnalysis, OffByDefaultAndNeverASilentWrongAnswer) {
  auto bytes = connection();
  PacketStream stream(testing::as_bytes(bytes), "mem");
  Packet p;
  ASSERT_TRUE(stream.next(p));
  ASSERT_TRUE(stream.next(p));
  EXPECT_FALSE(p.tcpa.acks_tracked);
  // A filter that needs it, on packets decoded without it: an internal error, not "no".
  try {
    frames("tcp.analysis.ack_rtt", false);
    FAIL() << "expected an internal error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kInternal);
  }
}

// TCP Fast Open: one SYN / SYN-ACK pair per port, as in tests/data/tcp_tfo.pcap.
std::vector<std::uint32_t> tfo_frames(const std::string& filter) {
  const Frame cookie = {34, 10, 'A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 1, 1},
              request = {34, 2, 1, 1};
  auto syn = [](std::uint16_t port, const std::string& data, const Frame& opt) {
    return testing::ethernet(
        testing::ipv4(6, testing::tcp_segment(port, 80, 1000, 0, kS, data, opt), 1, 2));
  };
  auto synack = [](std::uint16_t port, std::uint32_t ack) {
    return testing::ethernet(
        testing::ipv4(6, testing::tcp_segment(80, port, 5000, ack, kS | kA), 2, 1));
  };
  auto bytes = testing::pcap_file({
      syn(1, "hello", cookie), synack(1, 1006),   // 1-2   data acked
      syn(2, "hello", cookie), synack(2, 1001),   // 3-4   data ignored
      syn(3, "", request), synack(3, 1001),       // 5-6   cookie request
      syn(4, "hello", {}), synack(4, 1006),       // 7-8   data, no TFO option
      syn(5, "", {}), synack(5, 1001),            // 9-10  ordinary
      syn(6, "hello", request), synack(6, 1001),  // 11-12 a request with data, ignored
      syn(7, "", cookie), synack(7, 1001),        // 13-14 a cookie, no data
      syn(8, "hello", cookie), synack(8, 1000),   // 15-16 relative ACK 0
  });
  PacketStream stream(testing::as_bytes(bytes), "mem");
  DisplayFilter f = DisplayFilter::compile(filter);
  std::vector<std::uint32_t> out;
  Packet p;
  while (stream.next(p))
    if (f.matches(p)) out.push_back(p.number);
  return out;
}

TEST(TcpAckAnalysis, FastOpenFlagsAreTsharks) {
  using V = std::vector<std::uint32_t>;
  // tshark 4.0.17 on the same frames: a SYN with a cookie (data or not); a SYN-ACK acking
  // beyond the SYN (TFO option or not); a SYN-ACK acking no data after a cookie SYN with data.
  EXPECT_EQ(tfo_frames("tcp.analysis.tfo_syn"), (V{1, 3, 13, 15}));
  EXPECT_EQ(tfo_frames("tcp.analysis.tfo_ack"), (V{2, 8}));
  EXPECT_EQ(tfo_frames("tcp.analysis.tfo_ignored"), (V{4, 16}));
  // Not among tcp.analysis.flags, as in tshark.
  EXPECT_EQ(tfo_frames("tcp.analysis.flags"), (V{}));
}

TEST(TcpAckAnalysis, TimeDeltaDisplayedRunsFromTheLastPacketLetThrough) {
  using V = std::vector<std::uint32_t>;
  // As tshark 4.0 -Y: 0 until a packet matched, then the time since the last match.
  EXPECT_EQ(frames("frame.time_delta_displayed == 0", false), (V{1}));
  EXPECT_EQ(frames("frame.time_delta_displayed > 0", false), (V{}));
  EXPECT_EQ(frames("frame.time_delta_displayed >= 0", false).size(), 17u);
  // Data frames: 4 is the first match; 5 comes 1 ms after it and is left out, so 7 is
  // measured from 4 (3 ms); 10 comes 1 ms after 9 (tshark 4.0.17 gives 4 7 9 11 13).
  EXPECT_EQ(frames("tcp.len > 0 && frame.time_delta_displayed != 0.001", false),
            (V{4, 7, 9, 11, 13}));
}

}  // namespace
}  // namespace sockscope::capture
