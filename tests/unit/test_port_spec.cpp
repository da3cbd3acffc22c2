// nmap -p syntax: ranges, open ends, T:/U: prefixes, service names, and bad specs that
// must fail naming the bad part.
#include "net/port_spec.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace sockscope::net {
namespace {

const ServiceTable& services() {
  static const ServiceTable t = ServiceTable::parse(
      "ssh 22/tcp\nhttp 80/tcp www # web\nhttp 80/udp\ndomain 53/tcp\ndomain 53/udp\nntp "
      "123/udp\n");
  return t;
}

PortSet tcp(std::string_view spec) {
  return parse_port_spec(spec, true, false, services());
}

TEST(PortSpec, SinglesRangesAndLists) {
  EXPECT_EQ(tcp("22").tcp, (std::vector<std::uint16_t>{22}));
  EXPECT_EQ(tcp("20-23").tcp, (std::vector<std::uint16_t>{20, 21, 22, 23}));
  EXPECT_EQ(tcp("443,80,8000-8002,80").tcp,
            (std::vector<std::uint16_t>{80, 443, 8000, 8001, 8002}));
  EXPECT_TRUE(tcp("22").udp.empty());
}

TEST(PortSpec, OpenEndsAndAll) {
  EXPECT_EQ(tcp("-").tcp.size(), 65535u);
  EXPECT_EQ(tcp("-3").tcp, (std::vector<std::uint16_t>{1, 2, 3}));
  EXPECT_EQ(tcp("65534-").tcp, (std::vector<std::uint16_t>{65534, 65535}));
}

TEST(PortSpec, ProtocolPrefixes) {
  PortSet p = parse_port_spec("22,T:80,U:53,123", true, true, services());
  EXPECT_EQ(p.tcp, (std::vector<std::uint16_t>{22, 80}));
  EXPECT_EQ(p.udp, (std::vector<std::uint16_t>{22, 53, 123}));
  // A prefix for a protocol not being scanned contributes nothing.
  EXPECT_TRUE(parse_port_spec("U:53", true, false, services()).tcp.empty());
}

TEST(PortSpec, ServiceNamesAndAliases) {
  EXPECT_EQ(tcp("ssh,www").tcp, (std::vector<std::uint16_t>{22, 80}));
  PortSet p = parse_port_spec("domain", true, true, services());
  EXPECT_EQ(p.tcp, (std::vector<std::uint16_t>{53}));
  EXPECT_EQ(p.udp, (std::vector<std::uint16_t>{53}));
}

void expect_bad(std::string_view spec, const std::string& names) {
  try {
    tcp(spec);
    FAIL() << "accepted '" << spec << "'";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ExitCode::kUsage);
    EXPECT_NE(std::string(e.what()).find("'" + names + "'"), std::string::npos) << e.what();
  }
}

TEST(PortSpec, BadSpecsNameTheBadPart) {
  expect_bad("0", "0");
  expect_bad("70000", "70000");
  expect_bad("5-1", "5-1");
  expect_bad("abc", "abc");
  expect_bad("22,abc,80", "abc");
  expect_bad("1-70000", "1-70000");
  expect_bad("22,,80", "");
  expect_bad("X:80", "X:80");
  expect_bad("", "");
  expect_bad("99999999999999999999", "99999999999999999999");
}

TEST(PortSpec, FormatRanges) {
  EXPECT_EQ(format_port_ranges({1, 2, 3, 5, 7, 8}), "1-3,5,7-8");
  EXPECT_EQ(format_port_ranges({}), "");
}

TEST(TopPorts, OurTableFirstThenServicesThenAscending) {
  auto top = top_ports(Transport::kTcp, 1000, services());
  ASSERT_EQ(top.size(), 1000u);
  EXPECT_EQ(top[0], 80);
  EXPECT_EQ(std::set<std::uint16_t>(top.begin(), top.end()).size(), 1000u);  // no duplicates
  EXPECT_EQ(top_ports(Transport::kUdp, 3, services()), (std::vector<std::uint16_t>{53, 67, 68}));
}

TEST(ServiceTable, ParsesNamesAndSkipsJunk) {
  auto t = ServiceTable::parse("# comment\nssh 22/tcp\nbad\nx 99999/tcp\ny 5/sctp\n");
  EXPECT_EQ(t.name(22, Transport::kTcp), "ssh");
  EXPECT_EQ(t.name(22, Transport::kUdp), "");
  EXPECT_FALSE(t.port("x", Transport::kTcp));
  EXPECT_FALSE(t.port("y", Transport::kTcp));
}

TEST(ServiceTable, FirstNameOfAPortWinsPerProtocol) {
  auto t = ServiceTable::parse("http 80/tcp www\nhttp-alt 80/tcp\nhttp 80/udp\nlast 65535/udp\n");
  EXPECT_EQ(t.name(80, Transport::kTcp), "http");
  EXPECT_EQ(t.name(80, Transport::kUdp), "http");
  EXPECT_EQ(t.name(65535, Transport::kUdp), "last");
  EXPECT_EQ(t.find_name(65535, Transport::kTcp), nullptr);
  EXPECT_EQ(t.find_name(1, Transport::kTcp), nullptr);
  ServiceTable copy = t;  // names found through a copy are the copy's own
  ASSERT_NE(copy.find_name(80, Transport::kTcp), nullptr);
  EXPECT_EQ(*copy.find_name(80, Transport::kTcp), "http");
  EXPECT_EQ(t.listed(Transport::kTcp), (std::vector<std::uint16_t>{80}));
  EXPECT_EQ(t.port("http-alt", Transport::kTcp), 80);
  ServiceTable empty = ServiceTable::parse("");
  EXPECT_EQ(empty.find_name(22, Transport::kTcp), nullptr);
}

}  // namespace
}  // namespace sockscope::net

namespace sockscope::net {
namespace {

TEST(PortRanges, ParseIsTheInverseOfFormat) {
  std::vector<std::uint16_t> ports{1, 2, 3, 7, 65534, 65535};
  std::vector<std::uint16_t> back;
  ASSERT_TRUE(parse_port_ranges(format_port_ranges(ports), back));
  EXPECT_EQ(back, ports);
  back.clear();
  EXPECT_TRUE(parse_port_ranges("", back));
  EXPECT_TRUE(back.empty());
  for (const char* bad : {"0", "1-65536", "5-3", "a", "1,,2", "-3", "1-", " 1", "+1"})
    EXPECT_FALSE(parse_port_ranges(bad, back)) << bad;
}

}  // namespace
}  // namespace sockscope::net
