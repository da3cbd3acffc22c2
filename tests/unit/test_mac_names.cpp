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
  EXPECT_EQ(n.name({0x00, 0x1b, 0xc5, 0x00, 0x10, 0x34}), "IEEERegi_00:10:34");
  EXPECT_EQ(n.name({0x00, 0x55, 0xda, 0x1a, 0xbc, 0xde}), "KoolPOS_0a:bc:de");  // masked nibble
  EXPECT_EQ(n.name({0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}), "IPv4mcast_01");
  EXPECT_EQ(n.name({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), "Broadcast");
  EXPECT_EQ(n.name({0x00, 0x00, 0x00, 0x00, 0x00, 0x01}), "00:00:00_00:00:01");
  EXPECT_EQ(n.name({0x00, 0x00, 0x0c, 0x07, 0xac, 0x05}), "All-HSRP-routers_05");
  EXPECT_EQ(n.name({0x02, 0x00, 0x00, 0x00, 0x00, 0x01}), "");  // nothing: the caller shows it raw
}

TEST(MacNames, EmptyWithoutFiles) {
  MacNames n;
  n.add("");
  EXPECT_TRUE(n.empty());
  EXPECT_EQ(n.name({0x00, 0x1b, 0x21, 0x12, 0x34, 0x56}), "");
}

}  // namespace
}  // namespace sockscope::net
