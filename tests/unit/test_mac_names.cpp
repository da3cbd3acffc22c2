// Ethernet address names as tshark resolves them by default (net/mac_names): the rules
// checked here were read off tshark 4.0 on Debian 12's manuf and wka files.
#include "net/mac_names.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "core/text.h"
#include "net/manuf_index.h"

namespace sockscope::net {
namespace {

// SNAP's Info names an OUI by manuf's long name (tshark 4.0: "OUI 0x0080C2 (IEEE)").
TEST(MacNames, VendorLongNamesOfPlainPrefixesOnly) {
  const std::string text =
      "00:00:00\t00:00:00\tOfficially Xerox, but 0:0:0:0:0:0 is more common\n"
      "00:00:0C\tCisco\tCisco Systems, Inc\n"
      "00:00:0D\tFibronic\n"
      "00:1B:C5:00:00:00/36\tConvergi\tConverging Systems Inc.\n"
      "00:80:C2\tIeee8021\tIEEE\t# 802.1 Committee\n";
  MacNames whole, sorted;
  whole.add(text);
  sorted.add_sorted(text);
  for (const MacNames* n : {&whole, &sorted}) {
    EXPECT_EQ(n->vendor_long_name(0x000000), "Officially Xerox, but 0:0:0:0:0:0 is more common");
    EXPECT_EQ(n->vendor_long_name(0x00000c), "Cisco Systems, Inc");
    EXPECT_EQ(n->vendor_long_name(0x00000d), "Fibronic");  // no long name: the short one
    EXPECT_EQ(n->vendor_long_name(0x0080c2), "IEEE");      // the comment is not part of it
    EXPECT_EQ(n->vendor_long_name(0x001bc5), "");          // a range, not a plain prefix
    EXPECT_EQ(n->vendor_long_name(0x123456), "");
  }
}

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

// add_sorted parses a vendor prefix's lines when a name first needs them; the names must
// be add()'s, also for ranges found at cuts shorter than 24 bits (other prefixes' lines).
TEST(MacNames, SortedTextNamesAsTheWholeParse) {
  const std::string wka = "FF:FF:FF:FF:FF:FF\tBroadcast\n00-1B-C5-00-00-01\tFromWka\n";
  const std::string manuf =
      "# comment\n"
      "\n"
      "00:00:00\t00:00:00\tXerox\n"
      "00:1B:21\tIntelCor\tIntel Corporate\n"
      "00:1B:C4:00:00:00/28\tShortCut\n"
      "00:1B:C5\tIEEERegi\tIEEE Registration Authority\n"
      "# a comment among a prefix's lines\n"
      "00:1B:C5:00:00:00/36\tConvergi\tConverging Systems Inc.\n"
      "00:1B:C5:00:00:01\tWhole\n"
      "00:1B:C5:00:00:01\tSecond\n"
      "00:55:DA:10:00:00/28\tKoolPOS\tKoolPOS Inc.\n"
      "FF:FF:FF:FF:FF:FF\tNotFirst\n";
  ASSERT_TRUE(ManufIndex(manuf).sorted());
  MacNames whole, lazy;
  whole.add(wka);
  whole.add(manuf);
  lazy.add(wka);
  lazy.add_sorted(manuf);
  const std::vector<std::array<std::uint8_t, 6>> macs = {
      {0x00, 0x1b, 0x21, 0x12, 0x34, 0x56}, {0x00, 0x1b, 0xc5, 0x00, 0x00, 0x12},
      {0x00, 0x1b, 0xc5, 0x00, 0x10, 0x34}, {0x00, 0x1b, 0xc5, 0xff, 0xff, 0xff},
      {0x00, 0x1b, 0xc5, 0x00, 0x00, 0x01}, {0x00, 0x1b, 0xc7, 0x12, 0x34, 0x56},
      {0x00, 0x55, 0xda, 0x1a, 0xbc, 0xde}, {0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
      {0x00, 0x00, 0x00, 0x00, 0x00, 0x01}, {0x02, 0x00, 0x00, 0x00, 0x00, 0x01}};
  for (const auto& mac : macs) EXPECT_EQ(lazy.name(mac), whole.name(mac));
  // the answers themselves: wka's and the first of equal keys win, a /28 of another prefix
  // is found at 22 bits
  EXPECT_EQ(lazy.name({0x00, 0x1b, 0xc5, 0x00, 0x00, 0x01}), "FromWka");
  EXPECT_EQ(lazy.name({0xff, 0xff, 0xff, 0xff, 0xff, 0xff}), "Broadcast");
  EXPECT_EQ(lazy.name({0x00, 0x1b, 0xc7, 0x12, 0x34, 0x56}), "ShortCut_03:12:34:56");
  // text added after the sorted text comes after all of it, as with add()
  lazy.add("00:1B:21\tLater\n00:1B:22\tNew\n");
  EXPECT_EQ(lazy.name({0x00, 0x1b, 0x21, 0x00, 0x00, 0x01}), "IntelCor_00:00:01");
  EXPECT_EQ(lazy.name({0x00, 0x1b, 0x22, 0x00, 0x00, 0x01}), "New_00:00:01");
}

TEST(MacNames, UnsortedTextIsParsedWhole) {
  MacNames n;
  n.add_sorted("00:1B:C5\tIEEERegi\n00:1B:21\tIntelCor\n01-00-5E/25\t\tIPv4mcast\n");
  EXPECT_EQ(n.name({0x00, 0x1b, 0x21, 0x12, 0x34, 0x56}), "IntelCor_12:34:56");
  EXPECT_EQ(n.name({0x01, 0x00, 0x5e, 0x00, 0x00, 0x01}), "IPv4mcast_01");
}

// Wireshark's own files, as system() reads them: sample addresses are named as the whole
// parse names them. Every 97th line's address and a random one under its prefix; above
// each range that starts a prefix ("HH:HH:HH:00:00:00/bits", the only lines found at cuts
// shorter than 24 bits), addresses of the next prefixes; random ones anywhere. (All
// 52,000 lines' addresses took 20 s under AddressSanitizer; this, well under 1 s.)
TEST(MacNames, SystemFilesNamedAsTheWholeParse) {
  const auto slurp = [](const char* path) {
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    std::string text(in ? static_cast<std::size_t>(in.tellg()) : 0, '\0');
    in.seekg(0);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    return text;
  };
  const std::string wka = slurp("/usr/share/wireshark/wka");
  const std::string manuf = slurp("/usr/share/wireshark/manuf");
  if (manuf.empty()) GTEST_SKIP() << "no /usr/share/wireshark/manuf";
  ASSERT_TRUE(ManufIndex(manuf).sorted());  // else the lazy path would not be under test
  MacNames whole, lazy;
  whole.add(wka);
  whole.add(manuf);
  lazy.add(wka);
  lazy.add_sorted(manuf);
  std::vector<std::array<std::uint8_t, 6>> macs;
  std::mt19937_64 random(42);
  const auto random_byte = [&random] { return static_cast<std::uint8_t>(random()); };
  for (const std::string_view text : {std::string_view(wka), std::string_view(manuf)}) {
    std::size_t line = 0;
    for (std::size_t at = 0; at < text.size(); ++line) {
      const std::string_view l = text.substr(at, text.find('\n', at) - at);
      at += l.size() + 1;
      const bool sampled = line % 97 == 0,
                 starts_prefix = l.size() > 18 && l.substr(8, 10) == ":00:00:00/";
      if (!sampled && !starts_prefix) continue;
      std::array<std::uint8_t, 6> mac{};
      std::size_t i = 0;
      for (std::size_t c = 0; i < 6 && c + 1 < l.size(); c += 3, ++i) {
        const int hi = hex_digit(l[c]), lo = hex_digit(l[c + 1]);
        if (hi < 0 || lo < 0) break;
        mac[i] = static_cast<std::uint8_t>(hi << 4 | lo);
      }
      if (i < 3) continue;
      if (sampled) {
        macs.push_back(mac);
        auto m = mac;  // the same prefix, random low bytes
        for (std::size_t j = i == 6 ? 4 : 3; j < 6; ++j) m[j] = random_byte();
        macs.push_back(m);
      }
      if (starts_prefix) {
        const std::uint32_t prefix = std::uint32_t{mac[0]} << 16 | mac[1] << 8 | mac[2];
        for (std::uint32_t up : {1u, 3u, 0x1fu}) {
          const std::uint32_t p = prefix + up;
          macs.push_back({static_cast<std::uint8_t>(p >> 16), static_cast<std::uint8_t>(p >> 8),
                          static_cast<std::uint8_t>(p), random_byte(), random_byte(),
                          random_byte()});
        }
      }
    }
  }
  for (int k = 0; k < 500; ++k)  // anywhere, locally administered and multicast too
    macs.push_back(
        {random_byte(), random_byte(), random_byte(), random_byte(), random_byte(), random_byte()});
  ASSERT_GT(macs.size(), 2500u);
  std::size_t named = 0, differ = 0;
  for (const auto& mac : macs) {
    const std::string want = whole.name(mac);
    named += !want.empty();
    if (lazy.name(mac) != want && ++differ <= 10)
      ADD_FAILURE() << "differs from the whole parse: " << lazy.name(mac) << " vs " << want;
  }
  EXPECT_EQ(differ, 0u);
  EXPECT_GT(named, 1000u);
}

TEST(MacNames, EmptyWithoutFiles) {
  MacNames n;
  n.add("");
  EXPECT_TRUE(n.empty());
  EXPECT_EQ(n.name({0x00, 0x1b, 0x21, 0x12, 0x34, 0x56}), "");
}

}  // namespace
}  // namespace sockscope::net
