// The -sU payload table: the SNMP request is well-formed BER and asks for what its comment
// says, sysDescr.0 (it once asked for mib-2 itself).
#include "scan/udp_payloads.h"

#include <gtest/gtest.h>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sockscope::scan {
namespace {

// Walks BER TLVs (short lengths only, as the payload uses), descending into constructed
// ones; collects OIDs. False when a length does not add up.
bool walk(std::string_view ber, std::vector<std::string>& oids) {
  while (!ber.empty()) {
    if (ber.size() < 2) return false;
    auto tag = static_cast<unsigned char>(ber[0]);
    auto len = static_cast<unsigned char>(ber[1]);
    if (len >= 0x80 || ber.size() < 2u + len) return false;
    std::string_view body = ber.substr(2, len);
    if (tag & 0x20) {
      if (!walk(body, oids)) return false;
    } else if (tag == 0x06) {
      oids.emplace_back(body);
    }
    ber.remove_prefix(2u + len);
  }
  return true;
}

TEST(UdpPayloads, SnmpAsksForSysDescr0) {
  const std::string& p = udp_payload(161);
  std::vector<std::string> oids;
  ASSERT_TRUE(walk(p, oids));
  ASSERT_EQ(oids.size(), 1u);
  EXPECT_EQ(oids[0], std::string("\x2b\x06\x01\x02\x01\x01\x01\x00", 8));  // 1.3.6.1.2.1.1.1.0
  EXPECT_EQ(static_cast<unsigned char>(p[13]), 0xa0);                      // a get-request PDU
}

}  // namespace
}  // namespace sockscope::scan
