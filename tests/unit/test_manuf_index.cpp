// Wireshark's manuf cut into each vendor prefix's lines (net/manuf_index): the stretches,
// and every form that makes the index give up so that MacNames parses the text whole.
#include "net/manuf_index.h"

#include <gtest/gtest.h>

#include <string>

namespace sockscope::net {
namespace {

TEST(ManufIndex, EachPrefixIsOneStretchOfLines) {
  const std::string text =
      "# header\n"
      "\n"
      "00:00:00\tXerox\n"
      "00:1B:C5\tIEEERegi\n"
      "# among them\n"
      "00:1B:C5:00:00:00/36\tConvergi\n"
      "00:1B:C5:00:00:01\tWhole\n"
      "00:55:DA:10:00:00/28\tKoolPOS\n"
      "FF:FF:FF:FF:FF:FF\tBroadcast";  // no newline at the end
  const ManufIndex index(text);
  ASSERT_TRUE(index.sorted());
  EXPECT_EQ(index.lines(0x000000), "00:00:00\tXerox\n");
  EXPECT_EQ(index.lines(0x001bc5),
            "00:1B:C5\tIEEERegi\n# among them\n00:1B:C5:00:00:00/36\tConvergi\n"
            "00:1B:C5:00:00:01\tWhole\n");
  EXPECT_EQ(index.lines(0x0055da), "00:55:DA:10:00:00/28\tKoolPOS\n");
  EXPECT_EQ(index.lines(0xffffff), "FF:FF:FF:FF:FF:FF\tBroadcast");
  EXPECT_EQ(index.lines(0x001b21), "");
  EXPECT_EQ(index.text(), text);
}

TEST(ManufIndex, FormsItDoesNotReadMakeItGiveUp) {
  for (const char* text : {
           "00:1B:21\tIntelCor\n00:00:00\tXerox\n",      // out of order
           "00:1b:21\tIntelCor\n",                       // lower case
           "00-1B-21\tIntelCor\n",                       // other separators
           "02:20:00:00:00:00/16\tMS-NLB\n",             // a key cut inside the prefix
           "00:1B:C5:00:00:00/49\tX\n",                  // past 48 bits
           "00:1B:C5:00:00:00/100\tX\n",                 // three digits
           "00:1B:C5:00:00/36\tX\n",                     // five bytes
           "00:1B:21 IntelCor\n",                        // no tab
           " 00:1B:21\tIntelCor\n",                      // leading space
           "00:1B:21\tIntelCor\r\nnot an address\tx\n",  // a line it cannot read
       }) {
    const ManufIndex index(text);
    EXPECT_FALSE(index.sorted()) << text;
    EXPECT_EQ(index.lines(0x001b21), "") << text;
    EXPECT_EQ(index.text(), text);
  }
  EXPECT_TRUE(ManufIndex("").sorted());
  EXPECT_TRUE(ManufIndex("00:1B:C5:00:00:00/24\tX\n00:1B:C5/48\tY\n").sorted());
}

}  // namespace
}  // namespace sockscope::net
