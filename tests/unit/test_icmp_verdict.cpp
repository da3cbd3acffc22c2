// icmp_verdict(): nmap's state and reason for every ICMP / ICMPv6 error type and code
// its raw scan engine acts on, and silence for the ones it ignores.
#include "scan/icmp_verdict.h"

#include <gtest/gtest.h>

#include <string>

namespace sockscope::scan {
namespace {

using net::Transport;

std::string verdict(Transport proto, int family, int type, int code, bool from_target = true) {
  auto v = icmp_verdict(proto, family, static_cast<std::uint8_t>(type),
                        static_cast<std::uint8_t>(code), from_target);
  return v ? std::string(state_name(v->state)) + " " + v->reason : "none";
}

TEST(IcmpVerdict, Ipv4UnreachablesAsNmapClassifiesThemForUdp) {
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET, 3, 3), "closed port-unreach");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET, 3, 0), "filtered net-unreach");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET, 3, 1), "filtered host-unreach");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET, 3, 2), "filtered proto-unreach");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET, 3, 9), "filtered net-prohibited");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET, 3, 10), "filtered host-prohibited");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET, 3, 13), "filtered admin-prohibited");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET, 11, 0), "filtered time-exceeded");
}

TEST(IcmpVerdict, PortUnreachableIsClosedOnlyFromTheTargetAndOnlyForUdp) {
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET, 3, 3, false), "filtered port-unreach");
  EXPECT_EQ(verdict(Transport::kTcp, AF_INET, 3, 3, true), "filtered port-unreach");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 1, 4, true), "closed port-unreach");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 1, 4, false), "filtered port-unreach");
  EXPECT_EQ(verdict(Transport::kTcp, AF_INET6, 1, 4, true), "filtered port-unreach");
}

TEST(IcmpVerdict, Ipv4CodesAndTypesNmapIgnores) {
  for (int code : {4, 5, 6, 7, 8, 11, 12, 14, 15}) {
    EXPECT_EQ(verdict(Transport::kUdp, AF_INET, 3, code), "none") << code;
  }
  for (int type : {0, 4, 5, 8, 12}) EXPECT_EQ(verdict(Transport::kUdp, AF_INET, type, 0), "none");
}

TEST(IcmpVerdict, Icmpv6UnreachablesAndParameterProblems) {
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 1, 0), "filtered no-route");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 1, 1), "filtered admin-prohibited");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 1, 2), "filtered beyond-scope");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 1, 3), "filtered host-unreach");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 1, 5), "filtered admin-prohibited");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 1, 6), "filtered reject-route");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 1, 7), "none");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 4, 0), "open param-problem");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 4, 1), "filtered param-problem");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 4, 2), "none");
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 2, 0), "none");  // packet too big
  EXPECT_EQ(verdict(Transport::kUdp, AF_INET6, 3, 0), "none");  // nmap skips time exceeded
}

}  // namespace
}  // namespace sockscope::scan
