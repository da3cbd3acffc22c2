#include "capture/display_filter.h"

#include <gtest/gtest.h>

#include "capture/packet_decoder.h"
#include "core/error.h"
#include "packet_builder.h"

namespace sockscope::capture {
namespace {

class DisplayFilterTest : public ::testing::Test {
 protected:
  Packet decode(const testing::Frame& f) {
    frames_.push_back(f);
    Record r;
    r.data = testing::as_bytes(frames_.back());
    r.caplen = r.len = static_cast<std::uint32_t>(f.size());
    r.linktype = kLinkEthernet;
    Packet p;
    decoder_.decode(r, p);
    return p;
  }
  bool match(const std::string& filter, const Packet& p) {
    return DisplayFilter::compile(filter).matches(p);
  }
  std::string error_of(const std::string& filter) {
    try {
      DisplayFilter::compile(filter);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      return e.what();
    }
    return "";
  }
  PacketDecoder decoder_;
  std::vector<testing::Frame> frames_;
};

TEST_F(DisplayFilterTest, FieldsOperatorsAndLogic) {
  Packet tcp =
      decode(testing::ethernet(testing::ipv4(6, testing::tcp_segment(40000, 80, 1, 0, kSyn))));
  Packet udp = decode(
      testing::ethernet(testing::ipv4(17, testing::udp_datagram(53, 5353, "youtube video"))));
  EXPECT_TRUE(match("tcp", tcp));
  EXPECT_FALSE(match("udp", tcp));
  EXPECT_TRUE(match("tcp.port == 80", tcp));
  EXPECT_TRUE(match("tcp.port eq 40000 && ip.addr == 192.0.2.0/24", tcp));
  EXPECT_TRUE(match("tcp.flags.syn == 1 and not tcp.flags.ack == 1", tcp));
  EXPECT_TRUE(match("!(udp) || frame.len < 10", tcp));
  EXPECT_TRUE(match("tcp.dstport >= 80 and tcp.dstport <= 80", tcp));
  EXPECT_TRUE(match("ip.src == 192.0.2.1 and ip.dst ne 192.0.2.1", tcp));
  EXPECT_FALSE(match("ip.addr != 192.0.2.1", tcp));  // Wireshark 4: != is "no occurrence equals"
  EXPECT_TRUE(match("udp contains \"youtube\"", udp));
  EXPECT_TRUE(match("udp contains youtube", udp));
  EXPECT_TRUE(match("udp matches \"you.*video\"", udp));
  EXPECT_TRUE(match("udp.port in {53, 99}", udp));
  EXPECT_TRUE(match("udp.port in {50..60}", udp));
  EXPECT_TRUE(match("dns", udp));
  EXPECT_FALSE(match("tcp.port == 80", udp));
  EXPECT_TRUE(match("", udp));
}

TEST_F(DisplayFilterTest, ErrorsPointAtTheFault) {
  std::string e = error_of("tcp.port == ");
  EXPECT_NE(e.find("expected a value"), std::string::npos) << e;
  EXPECT_NE(e.find("\n  tcp.port == \n              ^"), std::string::npos) << e;
  EXPECT_NE(error_of("tcp.prot == 1").find("'tcp.prot' is neither"), std::string::npos);
  EXPECT_NE(error_of("ip.addr == 1.2.3").find("not a valid IPv4"), std::string::npos);
  EXPECT_NE(error_of("(tcp").find("expected ')'"), std::string::npos);
  EXPECT_NE(error_of("tcp.port = 80").find("did you mean '=='"), std::string::npos);
  EXPECT_NE(error_of("tcp == 1").find("use 'contains'"), std::string::npos);
  EXPECT_NE(error_of("udp contains \"abc").find("unterminated"), std::string::npos);
  EXPECT_NE(error_of("tcp.port == 99999999999999999999999").find("too large"), std::string::npos);
  EXPECT_NE(error_of("udp matches \"(\"").find("bad regular expression"), std::string::npos);
}

}  // namespace
}  // namespace sockscope::capture
