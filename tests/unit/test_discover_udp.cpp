// The UDP reply decoders on replies built byte by byte as the RFCs lay them out, and on
// the malformed ones a peer might send (cut short, pointer loops, bad lengths).
#include <gtest/gtest.h>

#include "discover/udp_decoders.h"

namespace sockscope::discover {
namespace {

using namespace std::string_literals;

std::string header(std::uint16_t flags, int qd, int an) {
  std::string h = "\x12\x34"s;
  h += static_cast<char>(flags >> 8);
  h += static_cast<char>(flags & 0xff);
  h += "\x00"s + static_cast<char>(qd) + "\x00"s + static_cast<char>(an) + "\x00\x00\x00\x00"s;
  return h;
}

TEST(DnsDecoder, AnswerWithCompressedName) {
  std::string m = header(0x8180, 1, 1) +
                  "\x03www\x07"
                  "example\x00\x00\x01\x00\x01"s +
                  "\xc0\x0c\x00\x01\x00\x01\x00\x00\x0e\x10\x00\x04\xc0\x00\x02\x07"s;
  EXPECT_EQ(decode_dns(m), "DNS: response, 1 answer, A 192.0.2.7");
}

TEST(DnsDecoder, VersionBind) {
  std::string m = header(0x8400, 1, 1) +
                  "\x07version\x04"
                  "bind\x00\x00\x10\x00\x03"s +
                  "\xc0\x0c\x00\x10\x00\x03\x00\x00\x00\x00\x00\x07\x06"
                  "9.18.1"s;
  EXPECT_EQ(decode_dns(m), "DNS: version.bind \"9.18.1\"");
}

TEST(DnsDecoder, ErrorsAndOtherTypes) {
  std::string refused = header(0x8185, 1, 0) +
                        "\x07version\x04"
                        "bind\x00\x00\x10\x00\x03"s;
  EXPECT_EQ(decode_dns(refused), "DNS: response, REFUSED, 0 answers");
  std::string mx = header(0x8180, 0, 2) +
                   "\x00\x00\x0f\x00\x01\x00\x00\x00\x00\x00\x05\x00\x0a\x01m\x00"s +
                   "\x00\x00\x1c\x00\x01\x00\x00\x00\x00\x00\x10"s +
                   "\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01"s;
  EXPECT_EQ(decode_dns(mx), "DNS: response, 2 answers, MX 10 m, AAAA 2001:db8::1");
}

TEST(DnsDecoder, MalformedIsRejected) {
  std::string good = header(0x8180, 1, 1) + "\x03www\x00\x00\x01\x00\x01"s +
                     "\xc0\x0c\x00\x01\x00\x01\x00\x00\x0e\x10\x00\x04\xc0\x00\x02\x07"s;
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    EXPECT_FALSE(decode_dns(good.substr(0, cut))) << cut;
  }
  // A name that points at itself ends (no endless loop).
  std::string loop = header(0x8180, 1, 0) + "\xc0\x0c\x00\x01\x00\x01"s;
  EXPECT_FALSE(decode_dns(loop));
  // A length running past the end.
  EXPECT_FALSE(decode_dns(header(0x8180, 1, 0) + "\x3f"
                                                 "abc"s));
}

std::string ntp(std::uint8_t first, std::uint8_t stratum, std::string refid) {
  std::string p(48, '\0');
  p[0] = static_cast<char>(first);
  p[1] = static_cast<char>(stratum);
  p.replace(12, 4, refid);
  return p;
}

TEST(NtpDecoder, ServerReplies) {
  EXPECT_EQ(decode_ntp(ntp(0x24, 2, "\xc0\x00\x02\x01"s)),
            "NTP: v4 server, stratum 2, ref 192.0.2.1");
  EXPECT_EQ(decode_ntp(ntp(0x1c, 1, "GPS\0"s)), "NTP: v3 server, stratum 1, refid GPS");
  EXPECT_EQ(decode_ntp(ntp(0xe4, 0, "RATE")),
            "NTP: v4 server, stratum 0, kiss code RATE, unsynchronized");
  EXPECT_EQ(decode_ntp(ntp(0x24, 16, "INIT")), "NTP: v4 server, stratum 16, unsynchronized");
  EXPECT_FALSE(decode_ntp(ntp(0x23, 2, "abcd")));  // mode 3: a client request
  EXPECT_FALSE(decode_ntp(ntp(0x24, 2, "abcd").substr(0, 47)));
  EXPECT_FALSE(decode_ntp(ntp(0x24, 17, "abcd")));
}

// SEQUENCE { version, community, GetResponse { id, status, index, { { OID, value } } } }
std::string tlv(std::uint8_t tag, const std::string& content) {
  std::string out(1, static_cast<char>(tag));
  if (content.size() < 128) {
    out += static_cast<char>(content.size());
  } else {
    out +=
        "\x82"s + static_cast<char>(content.size() >> 8) + static_cast<char>(content.size() & 0xff);
  }
  return out + content;
}

std::string snmp_reply(int status, const std::string& oid, const std::string& value) {
  std::string binding = tlv(0x30, tlv(0x06, oid) + value);
  std::string pdu = tlv(0x02, "\x53"s) + tlv(0x02, std::string(1, static_cast<char>(status))) +
                    tlv(0x02, "\x00"s) + tlv(0x30, binding);
  return tlv(0x30, tlv(0x02, "\x01"s) + tlv(0x04, "public") + tlv(0xa2, pdu));
}

const std::string kSysDescr = "\x2b\x06\x01\x02\x01\x01\x01\x00"s;

TEST(SnmpDecoder, SysDescr) {
  EXPECT_EQ(decode_snmp(snmp_reply(0, kSysDescr, tlv(0x04, "Linux gw 6.1.0 x86_64"))),
            "SNMP: sysDescr \"Linux gw 6.1.0 x86_64\"");
  // Long descriptions use the long length form.
  std::string long_text(300, 'L');
  EXPECT_EQ(decode_snmp(snmp_reply(0, kSysDescr, tlv(0x04, long_text))),
            "SNMP: sysDescr \"" + long_text + "\"");
  EXPECT_EQ(decode_snmp(snmp_reply(0, kSysDescr, tlv(0x04, "a\x1b[2J"))),
            "SNMP: sysDescr \"a\\x1b[2J\"");
}

TEST(SnmpDecoder, ErrorsAndOtherValues) {
  EXPECT_EQ(decode_snmp(snmp_reply(2, kSysDescr, tlv(0x05, ""))),
            "SNMP: v2c response, error noSuchName (community \"public\")");
  EXPECT_EQ(decode_snmp(snmp_reply(0, "\x2b\x06\x01\x02\x01"s, tlv(0x80, ""))),
            "SNMP: v2c response, 1.3.6.1.2.1 = noSuchObject (community \"public\")");
  std::string good = snmp_reply(0, kSysDescr, tlv(0x04, "x"));
  for (std::size_t cut = 0; cut < good.size(); ++cut) {
    EXPECT_FALSE(decode_snmp(good.substr(0, cut))) << cut;
  }
  EXPECT_FALSE(decode_snmp("\x30\x85\x00\x00\x00\x00\x01"s));  // 5 length bytes
}

TEST(UdpDecoders, ByPortThenByShape) {
  std::string reply = ntp(0x24, 3, "\x0a\x00\x00\x01"s);
  EXPECT_EQ(decode_udp_reply(123, reply), "NTP: v4 server, stratum 3, ref 10.0.0.1");
  EXPECT_EQ(decode_udp_reply(4123, reply), "NTP: v4 server, stratum 3, ref 10.0.0.1");
  EXPECT_FALSE(decode_udp_reply(53, reply.substr(0, 5)));
  EXPECT_FALSE(decode_udp_reply(9999, "hello"));
}

}  // namespace
}  // namespace sockscope::discover
