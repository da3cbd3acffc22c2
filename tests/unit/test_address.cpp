#include "net/address.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include "core/error.h"

namespace sockscope::net {
namespace {

TEST(ParseIpv4Strict, AcceptsDottedQuads) {
  auto a = parse_ipv4_strict("192.0.2.1");
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(ntohl(a->s_addr), 0xC0000201u);
  EXPECT_TRUE(parse_ipv4_strict("0.0.0.0").has_value());
  EXPECT_TRUE(parse_ipv4_strict("255.255.255.255").has_value());
}

TEST(ParseIpv4Strict, RejectsWhatTheLabRejects) {
  for (const char* bad :
       {"192.168.sam", "192.168.2", "192.168.1.", "192.168.1.1.1", "256.1.1.1", "1.2.3.-4",
        "01.2.3.4", " 1.2.3.4", "1.2.3.4 ", "", "....", "1..2.3", "+1.2.3.4", "1.2.3.4x"}) {
    EXPECT_FALSE(parse_ipv4_strict(bad).has_value()) << bad;
  }
}

TEST(ParseIpLiteral, Ipv6WithAndWithoutBrackets) {
  auto a = parse_ip_literal("2001:db8::1", 80);
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->to_string(), "[2001:db8::1]:80");
  auto b = parse_ip_literal("[::1]", 443);
  ASSERT_TRUE(b.has_value());
  EXPECT_EQ(b->address_string(), "::1");
  EXPECT_FALSE(parse_ip_literal("example.com", 1).has_value());
}

TEST(ParsePort, RangeAndErrorsNameTheValue) {
  EXPECT_EQ(parse_port("1"), 1);
  EXPECT_EQ(parse_port("65535"), 65535);
  EXPECT_EQ(parse_port("0", true), 0);
  for (const char* bad : {"0", "65536", "70000", "-1", "abc", "", "12a", " 80"}) {
    try {
      parse_port(bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      EXPECT_NE(std::string(e.what()).find(std::string("'") + bad + "'"), std::string::npos)
          << e.what();
    }
  }
}

TEST(Resolve, NumericNeverTouchesDns) {
  Resolution r = resolve("192.0.2.7", 9, Transport::kTcp);
  ASSERT_EQ(r.endpoints.size(), 1u);
  EXPECT_EQ(r.endpoints[0].to_string(), "192.0.2.7:9");
}

TEST(CheckHostName, Rfc1035Lengths) {
  std::string label63(63, 'a');
  std::string name253 = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');
  ASSERT_EQ(name253.size(), 253U);
  for (const std::string& good : {std::string("example.org"), std::string("example.org."),
                                  std::string("localhost"), label63, name253, name253 + "."}) {
    EXPECT_NO_THROW(check_host_name(good)) << good;
  }
  auto refusal = [](const std::string& name) {
    try {
      check_host_name(name);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      return std::string(e.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refusal(name253 + "c"), "bad host '" + name253 + "c': longer than 253 characters");
  EXPECT_EQ(refusal(std::string(300, 'a') + ".com"),
            "bad host '" + std::string(300, 'a') + ".com': longer than 253 characters");
  EXPECT_EQ(refusal(label63 + "a.org"),
            "bad host '" + label63 + "a.org': a label longer than 63 characters");
  EXPECT_EQ(refusal("a..b"), "bad host 'a..b': an empty label (two dots in a row, or a dot first)");
  // resolve() applies the rule before asking the resolver.
  EXPECT_THROW(resolve(std::string(300, 'a') + ".com", 80, Transport::kTcp), Error);
}

TEST(ParseBindAddress, AnyAndDualStack) {
  EXPECT_EQ(parse_bind_address("*", 5).to_string(), "0.0.0.0:5");
  EXPECT_THROW(parse_bind_address("", 5), Error);
  EXPECT_EQ(parse_bind_address("::", 5).to_string(), "[::]:5");
  EXPECT_THROW(parse_bind_address("localhost", 5), Error);
}

}  // namespace
}  // namespace sockscope::net
