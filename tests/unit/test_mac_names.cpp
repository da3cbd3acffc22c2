// Ethernet address names as tshark resolves them by default (net/mac_names): the rules
// checked here were read off tshark 4.0 on Debian 12's manuf and wka files.
#include "net/mac_names.h"

#include <gtest/gtest.h>

namespace sockscope::net {
namespace {

TEST(MacNames, PrefixesOfEveryLengthLongestFirst) {
  MacNames n;
  n.add(
      "# comment\n"
      "00:1B:21\tIntelCor\tIntel Corporate\n"
      "00:1B:C5\tIEEERegi\tIEEE Registration Authority\n"
      "00:1B:C5:00:00:00/36\tConvergi\tConverging Systems Inc.\n"
      "00:55:DA:10:00:00/28\tKoolPOS\tKoolPOS Inc.\n"
      "01-00-5E/25\t\tIPv4mcast\n"
      "FF:FF:FF:FF:FF:FF\tBroadcast\n"
      "00:00:00\t00:00:00\tXerox\n"
      "not an address\tx\n"
      "00:00:0C:07:AC/40\tAll-HSRP-routers\n");
  EXPECT_EQ(n.name({0x00, 0x1b, 0x21, 0x12, 0x34, 0x56}), "IntelCor_12:34:56");
  EXPECT_EQ(n.name({0x00, 0x1b, 0xc5, 0x00, 0x00, 0x12}), "Convergi_12");  // leading 0s dropped
  // Wireshark looks each cut up by its value alone: at 35 bits this one is the /36's key,
  // and at 24 bits any address of the vendor prefix is too (tshark 4.0 says the same)
  EXPECT_EQ(n.name({0x00, 0x1b, 0xc5, 0x00, 0x10, 0x34}), "Convergi_10:34");
  EXPECT_EQ(n.name({0x00, 0x1b, 0xc5, 0xff, 0xff, 0xff}), "Convergi_ff:ff:ff");
  EXPECT_EQ(n.name({0x00, 0x55, 0xda, 0x1a, 0xbc, 0xde}), "KoolPOS_0a:bc:de");  // masked nibble
  EXPECT_EQ(n.name({0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}), "IPv4mcast_01");
  EXPECT_EQ(n.name({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), "Broadcast");
  EXPECT_EQ(n.name({0x00, 0x00, 0x00, 0x00, 0x00, 0x01}), "00:00:00_00:00:01");
  EXPECT_EQ(n.name({0x00, 0x00, 0x0c, 0x07, 0xac, 0x05}), "All-HSRP-routers_05");
  EXPECT_EQ(n.name({0x02, 0x00, 0x00, 0x00, 0x00, 0x01}), "");  // nothing: the caller shows it raw
}

TEST(MacNames, ARangeIsFoundByItsValueAtShorterCuts) {
  MacNames n;
  n.add("02-20-00-00-00-00/16\tMS-NLB-PhysServer-32\n02-04-96-00-00-00/24\tExtremeNetworks\n");
  // 02:3b cut to 11 bits is 02:20: the /16's value (tshark 4.0 names random veth MACs so)
  EXPECT_EQ(n.name({0x02, 0x3b, 0xa8, 0xab, 0x00, 0xe2}), "MS-NLB-PhysServer-32_1b:a8:ab:00:e2");
  EXPECT_EQ(n.name({0x02, 0x04, 0x96, 0x00, 0x00, 0xaa}), "ExtremeNetworks_aa");  // at 40 bits
  EXPECT_EQ(n.name({0x02, 0x04, 0x97, 0x00, 0x00, 0xaa}), "ExtremeNetworks_01:00:00:aa");
  EXPECT_EQ(n.name({0x02, 0x40, 0xa8, 0xab, 0x00, 0xe2}), "");
}

TEST(MacNames, EmptyWithoutFiles) {
  MacNames n;
  n.add("");
  EXPECT_TRUE(n.empty());
  EXPECT_EQ(n.name({0x00, 0x1b, 0x21, 0x12, 0x34, 0x56}), "");
}

}  // namespace
}  // namespace sockscope::net
