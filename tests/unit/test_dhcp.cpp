// DHCP/BOOTP: the summary line, Protocol column and dhcp.* filter fields as tshark 4.0
// gives them (checked against tshark by test_dhcp_vs_tshark.sh), and bounds: every cut of
// a message is read without touching a byte past its end.
#include "capture/dissect/dhcp.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>

#include "capture/display_filter.h"
#include "capture/dissect/dissect.h"
#include "capture/packet_decoder.h"
#include "capture/summary.h"
#include "packet_builder.h"

namespace sockscope::capture {
namespace {

using testing::Frame;

Frame bootp(std::uint8_t op, std::uint32_t xid, const Frame& options, bool cookie = true) {
  Frame m = {op, 1, 6, 0};
  for (int shift = 24; shift >= 0; shift -= 8) m.push_back(static_cast<std::uint8_t>(xid >> shift));
  m.resize(10, 0);
  m.push_back(0x80);  // flags: broadcast
  m.push_back(0);
  m.resize(16, 0);
  const Frame yiaddr = {192, 0, 2, 120};
  m.insert(m.end(), yiaddr.begin(), yiaddr.end());
  m.resize(28, 0);
  const Frame mac = {2, 0, 0, 0, 0, 0xaa};
  m.insert(m.end(), mac.begin(), mac.end());
  m.resize(236, 0);
  if (cookie) {
    const Frame c = {99, 130, 83, 99};
    m.insert(m.end(), c.begin(), c.end());
  }
  m.insert(m.end(), options.begin(), options.end());
  return m;
}

std::string text(const Frame& f) {
  return std::string(f.begin(), f.end());
}

struct Decoded {
  Frame frame;
  Packet p;
};

std::unique_ptr<Decoded> decode(const Frame& message, std::uint16_t sport = 68,
                                std::uint16_t dport = 67) {
  auto d = std::make_unique<Decoded>();
  d->frame =
      testing::ethernet(testing::ipv4(17, testing::udp_datagram(sport, dport, text(message))));
  PacketDecoder decoder;
  Record r;
  r.data = testing::as_bytes(d->frame);
  r.caplen = r.len = static_cast<std::uint32_t>(d->frame.size());
  r.linktype = kLinkEthernet;
  decoder.decode(r, d->p);
  return d;
}

std::string info(const Frame& message) {
  return dhcp_summary(testing::as_bytes(message), message.size());
}

bool match(const std::string& filter, const Packet& p) {
  return DisplayFilter::compile(filter).matches(p);
}

TEST(Dhcp, SummaryNamesTheMessageTypeLikeTshark) {
  EXPECT_EQ(info(bootp(1, 0x1001, {53, 1, 1, 255})), "DHCP Discover - Transaction ID 0x1001");
  EXPECT_EQ(info(bootp(2, 0xabc, {53, 1, 2, 255})), "DHCP Offer    - Transaction ID 0xabc");
  EXPECT_EQ(info(bootp(2, 1, {53, 1, 5, 255})), "DHCP ACK      - Transaction ID 0x1");
  EXPECT_EQ(info(bootp(2, 1, {53, 1, 6, 255})), "DHCP NAK      - Transaction ID 0x1");
  EXPECT_EQ(info(bootp(1, 1, {53, 1, 7, 255})), "DHCP Release  - Transaction ID 0x1");
  EXPECT_EQ(info(bootp(1, 1, {53, 1, 9, 255})), "DHCP Force Renew - Transaction ID 0x1");
  EXPECT_EQ(info(bootp(1, 1, {53, 1, 0, 255})),
            "DHCP Unknown Message Type (0x00) - Transaction ID 0x1");
  // the last type option before End counts; one after End does not
  EXPECT_EQ(info(bootp(1, 1, {0, 0, 53, 1, 5, 53, 1, 6, 255})),
            "DHCP NAK      - Transaction ID 0x1");
  EXPECT_EQ(info(bootp(1, 1, {255, 53, 1, 1})),
            "Boot Request from 02:00:00:00:00:aa (02:00:00:00:00:aa)");
}

TEST(Dhcp, BootpWithoutTypeAndMalformedMessages) {
  EXPECT_EQ(info(bootp(2, 1, {255})), "Boot Reply");
  EXPECT_EQ(info(bootp(3, 1, {255})), "Unknown BOOTP message type (3)");
  EXPECT_EQ(info(bootp(1, 1, {}, false)),
            "Boot Request from 02:00:00:00:00:aa (02:00:00:00:00:aa)[Malformed Packet]");
  EXPECT_EQ(info(bootp(1, 1, {53, 1, 1, 12, 40, 65})),
            "DHCP Discover - Transaction ID 0x1[Malformed Packet]");
  EXPECT_EQ(info(bootp(1, 1, {53, 0, 255})),
            "DHCP Unknown Message Type (0xff) - Transaction ID 0x1[Malformed Packet]");
  EXPECT_EQ(info({1, 1, 6}), "[Malformed Packet]");  // chaddr missing
  EXPECT_EQ(info({2, 1, 6}), "Boot Reply[Malformed Packet]");
  EXPECT_EQ(dhcp_protocol(testing::as_bytes(bootp(2, 1, {255})), 241), std::string("BOOTP"));
  EXPECT_EQ(dhcp_protocol(testing::as_bytes(bootp(2, 1, {53, 1, 2})), 243), std::string("DHCP"));
}

TEST(Dhcp, HookedIntoUdpByPortAfterDns) {
  auto d = decode(bootp(1, 0x1001, {53, 1, 1, 255}));
  EXPECT_TRUE(d->p.has(kProtoDhcp));
  EXPECT_FALSE(has_data_layer(d->p));
  EXPECT_STREQ(protocol_name(d->p), "DHCP");
  std::string line;
  append_summary(line, d->p, {});
  EXPECT_NE(line.find(" DHCP 286 DHCP Discover - Transaction ID 0x1001"), std::string::npos)
      << line;
  auto other = decode(bootp(1, 1, {53, 1, 1, 255}), 5000, 68);
  EXPECT_STREQ(protocol_name(other->p), "DHCP");
  auto dns = decode(bootp(1, 1, {53, 1, 1, 255}), 53, 67);  // the lower port, DNS, wins
  EXPECT_FALSE(dns->p.has(kProtoDhcp));
  EXPECT_STREQ(protocol_name(dns->p), "DNS");
  auto empty = decode({}, 68, 67);
  EXPECT_STREQ(protocol_name(empty->p), "UDP");
}

TEST(Dhcp, FilterFields) {
  const Frame opts = {53, 1,  3,  50, 4, 192, 0,  2,  120, 54,  4,   192,  0,  2,
                      2,  51, 4,  0,  0, 14,  16, 12, 3,   'a', 'b', 'c',  55, 3,
                      1,  3,  42, 61, 7, 1,   2,  0,  0,   0,   0,   0xbb, 255};
  auto d = decode(bootp(1, 0x5c0c0002, opts));
  const Packet& p = d->p;
  EXPECT_TRUE(match("dhcp", p));
  EXPECT_TRUE(match("bootp", p));
  EXPECT_TRUE(match("dhcp.type == 1", p));
  EXPECT_TRUE(match("bootp.type == 1", p));
  EXPECT_TRUE(match("dhcp.id == 0x5c0c0002", p));
  EXPECT_TRUE(match("dhcp.flags.bc == 1", p));
  EXPECT_TRUE(match("dhcp.ip.your == 192.0.2.120 && dhcp.ip.client == 0.0.0.0", p));
  EXPECT_TRUE(match("dhcp.hw.mac_addr == 02:00:00:00:00:aa", p));
  EXPECT_TRUE(match("dhcp.cookie == 99.130.83.99", p));
  EXPECT_TRUE(match("dhcp.option.dhcp == 3", p));
  EXPECT_TRUE(match("dhcp.option.requested_ip_address == 192.0.2.120", p));
  EXPECT_TRUE(match("dhcp.option.dhcp_server_id == 192.0.2.2", p));
  EXPECT_TRUE(match("dhcp.option.ip_address_lease_time == 3600", p));
  EXPECT_TRUE(match("dhcp.option.hostname == \"abc\"", p));
  EXPECT_TRUE(match("dhcp.option.request_list_item == 42", p));
  EXPECT_TRUE(match("dhcp.option.type == 61", p));
  // option 61 of hardware type 1 adds a second dhcp.hw.type and dhcp.hw.mac_addr
  EXPECT_TRUE(match("count(dhcp.hw.mac_addr) == 2 && dhcp.hw.mac_addr == 02:00:00:00:00:bb", p));
  EXPECT_TRUE(match("count(dhcp.hw.type) == 2", p));
  EXPECT_TRUE(match("dhcp.option.end == 255", p));
  EXPECT_FALSE(match("dhcp.option.type == 255", p));  // End shows type 0 in tshark 4.0
  EXPECT_TRUE(match("dhcp.option.type == 0", p));
  EXPECT_FALSE(match("dhcp.bootp", p));
  EXPECT_FALSE(match("data", p));
  EXPECT_TRUE(match("frame.protocols == \"eth:ethertype:ip:udp:dhcp\"", p));

  auto cut = decode(bootp(1, 1, {53, 1, 1, 50, 4, 192, 0}));  // value past the end
  EXPECT_TRUE(match("dhcp.option.type == 50 && dhcp.option.length == 4", cut->p));
  EXPECT_FALSE(match("dhcp.option.requested_ip_address", cut->p));
  auto plain = decode(bootp(2, 1, {255}));
  EXPECT_TRUE(match("dhcp.bootp && !dhcp.option.dhcp", plain->p));
}

TEST(Dhcp, OptionsBeyondTheMessageType) {
  // overload 3: options in sname (a Host Name) and file (a Router), relay agent
  // information, a DUID client identifier, an ASCII FQDN, a wrong-length MTU
  Frame m = bootp(
      1, 7, {53, 1,  1,  52,  1, 3, 82, 12, 1,   4,   'e', 't', 'h',  '0',  5,    4,    192, 0, 2,
             9,  61, 19, 255, 0, 0, 0,  1,  0,   1,   0,   1,   0x2a, 0x2b, 0x2c, 0x2d, 2,   0, 0,
             0,  0,  1,  81,  6, 1, 0,  0,  'h', '.', 'x', 26,  3,    5,    0xdc, 0,    255});
  const Frame sname = {12, 3, 's', 'r', 'v', 255};
  const Frame file = {3, 4, 192, 0, 2, 1, 255};
  std::copy(sname.begin(), sname.end(), m.begin() + 44);
  std::copy(file.begin(), file.end(), m.begin() + 108);
  auto d = decode(m);
  const Packet& p = d->p;
  EXPECT_TRUE(match("dhcp.option.option_overload == 3", p));
  EXPECT_TRUE(match("dhcp.option.hostname == \"srv\" && dhcp.option.router == 192.0.2.1", p));
  EXPECT_FALSE(match("dhcp.server", p));  // overloaded: not a name
  EXPECT_TRUE(
      match("dhcp.server_name_overloaded_by_dhcp && dhcp.boot_filename_overloaded_by_dhcp", p));
  EXPECT_TRUE(match("dhcp.option.agent_information_option.agent_circuit_id == \"eth0\"", p));
  EXPECT_TRUE(match("dhcp.option.agent_information_option.link_selection == 192.0.2.9", p));
  EXPECT_TRUE(match("dhcp.client_id.duid_type == 1 && dhcp.client_id.iaid == \"00000001\"", p));
  EXPECT_TRUE(match("dhcp.client_id.link_layer_address == \"02:00:00:00:00:01\"", p));
  EXPECT_TRUE(match("dhcp.fqdn.s && dhcp.fqdn.name == \"h.x\"", p));
  EXPECT_TRUE(match("dhcp.bad_length && !dhcp.option.interface_mtu", p));
  EXPECT_TRUE(match("dhcp.option.value == 03 && count(dhcp.option.end) == 3", p));
  EXPECT_TRUE(match("dhcp.hw.addr_padding == 00:00:00:00:00:00:00:00:00:00", p));
  // a field not computed here: absent, and the filter says it may differ only where the
  // message holds something not modelled (here: nothing)
  DisplayFilter f = DisplayFilter::compile("dhcp.option.vi.tr111.device_serial_number");
  EXPECT_FALSE(f.matches(p));
  EXPECT_EQ(f.warning(), "");
  auto vi = decode(bootp(1, 8, {53, 1, 1, 125, 5, 0, 0, 0x0d, 0xe9, 0, 255}));  // TR-111
  EXPECT_FALSE(f.matches(vi->p));
  EXPECT_NE(f.warning().find("may differ from tshark's from frame"), std::string::npos);
}

TEST(Dhcp, EveryCutIsReadInsideTheMessage) {
  const Frame full = bootp(1, 7, {53, 1,  3, 12,  5, 'h', 'o', 's', 't', 0,   55, 2, 1,
                                  3,  50, 4, 192, 0, 2,   1,   0,   0,   255, 1,  2});
  for (std::size_t n = 0; n <= full.size(); ++n) {
    // each cut in its own allocation, so that a read past it is a heap overflow under ASan
    auto cut = std::make_unique<std::uint8_t[]>(n + 1);
    std::copy(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(n), cut.get());
    Bytes b(reinterpret_cast<const std::byte*>(cut.get()), n);
    // cut as the message's own end: Wireshark's "[Malformed Packet]" rules
    const std::string s = dhcp_summary(b, n);
    EXPECT_FALSE(s.empty());
    if (n < 240) {  // the fixed part and the cookie are not all there
      EXPECT_NE(s.find("[Malformed Packet]"), std::string::npos) << n;
    }
    // cut by the snap length: not Malformed (summary.cpp says the size was limited),
    // and no message type once the first pass needs a byte that is missing
    const DhcpScan cut_scan = dhcp_scan(b, full.size());
    if (n < 236 || n >= 240) {  // (no cookie and no room for the vendor area: Malformed)
      EXPECT_EQ(dhcp_summary(b, full.size()).find("[Malformed Packet]"), std::string::npos) << n;
      EXPECT_EQ(cut_scan.capture_cut, n < full.size() - 2) << n;  // (up to End)
    }
    if (n > 0 && n < 243) {
      EXPECT_EQ(cut_scan.message_type, -1) << n;
    }
    for (std::size_t reported : {n, full.size()}) {
      DhcpOptions options(b, reported);
      DhcpOption o;
      int count = 0;
      while (options.next(o) && count < 1000) ++count;
      EXPECT_LT(count, 1000);
    }
  }
  EXPECT_EQ(info(full), "DHCP Request  - Transaction ID 0x7");
  // a snap length inside the options: tshark 4.0 falls back to the BOOTP line
  Bytes cut300 = testing::as_bytes(full).first(250);
  EXPECT_EQ(dhcp_summary(cut300, full.size()),
            "Boot Request from 02:00:00:00:00:aa (02:00:00:00:00:aa)");
  EXPECT_STREQ(dhcp_protocol(cut300, full.size()), "BOOTP");
}

}  // namespace
}  // namespace sockscope::capture
