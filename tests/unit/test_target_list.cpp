// Target lists (net/target_list.h): literals, CIDR, octet ranges, names through an injected
// resolver, exclusion.
#include "net/target_list.h"

#include <gtest/gtest.h>

#include "core/error.h"

namespace sockscope::net {
namespace {

std::optional<IpAddress> fake_resolve(std::string_view name) {
  if (name == "lab.example") return IpAddress::v4(0xC0000263);  // 192.0.2.99
  return std::nullopt;
}

std::vector<std::string> all(const TargetList& list) {
  std::vector<std::string> out;
  for (std::uint64_t i = 0; i < list.size(); ++i) out.push_back(list.at(i).address.to_string());
  return out;
}

TEST(TargetSpec, LiteralsAndNames) {
  TargetList l;
  l.add("192.0.2.1", fake_resolve);
  l.add("2001:db8::1", fake_resolve);
  l.add("lab.example", fake_resolve);
  l.add("nosuch.invalid", fake_resolve);
  EXPECT_EQ(all(l), (std::vector<std::string>{"192.0.2.1", "2001:db8::1", "192.0.2.99"}));
  EXPECT_EQ(l.at(2).name, "lab.example");
  EXPECT_EQ(l.unresolved(), (std::vector<std::string>{"nosuch.invalid"}));
}

TEST(TargetSpec, CidrIsComputedNotStored) {
  TargetList l;
  l.add("192.0.2.5/30", fake_resolve);
  EXPECT_EQ(all(l), (std::vector<std::string>{"192.0.2.4", "192.0.2.5", "192.0.2.6", "192.0.2.7"}));
  TargetList big;
  big.add("10.0.0.0/8", fake_resolve);
  EXPECT_EQ(big.size(), 1u << 24);
  EXPECT_EQ(big.at((1u << 24) - 1).address.to_string(), "10.255.255.255");
}

TEST(TargetSpec, OctetRanges) {
  TargetList l;
  l.add("192.0.2.1-3", fake_resolve);
  l.add("10.0.0,1.7", fake_resolve);
  EXPECT_EQ(all(l), (std::vector<std::string>{"192.0.2.1", "192.0.2.2", "192.0.2.3", "10.0.0.7",
                                              "10.0.1.7"}));
  TargetList star;
  star.add("192.0.2.*", fake_resolve);
  EXPECT_EQ(star.size(), 256u);
}

TEST(TargetSpec, Exclusion) {
  TargetList ex;
  ex.add("192.0.2.0/30", fake_resolve);
  ex.add("10.0.0.1-5", fake_resolve);
  EXPECT_TRUE(ex.contains(IpAddress::v4(0xC0000202)));
  EXPECT_FALSE(ex.contains(IpAddress::v4(0xC0000204)));
  EXPECT_TRUE(ex.contains(IpAddress::v4(0x0A000003)));
  EXPECT_FALSE(ex.contains(IpAddress::v4(0x0A000006)));
}

TEST(TargetSpec, BadSpecsNameTheValue) {
  for (const char* bad : {"192.0.2.300", "192.0.2.5-1", "192.0.2.0/33", "192.0.2.0/abc", "1.2.3",
                          "::1/64", "a b", "192.0.2.1-", "", "192.0.2.0/4"}) {
    TargetList l;
    try {
      l.add(bad, fake_resolve);
      if (std::string(bad) == "192.0.2.1-") continue;  // nmap: an open range end means 255
      ADD_FAILURE() << "accepted '" << bad << "'";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      EXPECT_NE(std::string(e.what()).find(bad), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace sockscope::net
