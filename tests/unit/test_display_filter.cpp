#include "capture/display_filter.h"

#include <gtest/gtest.h>

#include <chrono>

#include "capture/packet_decoder.h"
#include "core/error.h"
#include "packet_builder.h"

namespace sockscope::capture {
namespace {

class DisplayFilterTest : public ::testing::Test {
 protected:
  Packet decode(const testing::Frame& f) {
    frames_.push_back(f);
    Record r;
    r.data = testing::as_bytes(frames_.back());
    r.caplen = r.len = static_cast<std::uint32_t>(f.size());
    r.linktype = kLinkEthernet;
    Packet p;
    decoder_.decode(r, p);
    return p;
  }
  bool match(const std::string& filter, const Packet& p) {
    return DisplayFilter::compile(filter).matches(p);
  }
  std::string error_of(const std::string& filter) {
    try {
      DisplayFilter::compile(filter);
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), ExitCode::kUsage);
      return e.what();
    }
    return "";
  }
  PacketDecoder decoder_;
  std::vector<testing::Frame> frames_;
};

TEST_F(DisplayFilterTest, FieldsOperatorsAndLogic) {
  Packet tcp =
      decode(testing::ethernet(testing::ipv4(6, testing::tcp_segment(40000, 80, 1, 0, kSyn))));
  Packet udp = decode(
      testing::ethernet(testing::ipv4(17, testing::udp_datagram(53, 5353, "youtube video"))));
  EXPECT_TRUE(match("tcp", tcp));
  EXPECT_FALSE(match("udp", tcp));
  EXPECT_TRUE(match("tcp.port == 80", tcp));
  EXPECT_TRUE(match("tcp.port eq 40000 && ip.addr == 192.0.2.0/24", tcp));
  EXPECT_TRUE(match("tcp.flags.syn == 1 and not tcp.flags.ack == 1", tcp));
  EXPECT_TRUE(match("!(udp) || frame.len < 10", tcp));
  EXPECT_TRUE(match("tcp.dstport >= 80 and tcp.dstport <= 80", tcp));
  EXPECT_TRUE(match("ip.src == 192.0.2.1 and ip.dst ne 192.0.2.1", tcp));
  EXPECT_FALSE(match("ip.addr != 192.0.2.1", tcp));  // Wireshark 4: != is "no occurrence equals"
  EXPECT_TRUE(match("udp contains \"youtube\"", udp));
  EXPECT_TRUE(match("udp contains 79:6f:75", udp));  // "you" as bytes
  EXPECT_TRUE(match("udp matches \"you.*video\"", udp));
  EXPECT_TRUE(match("udp.port in {53, 99}", udp));
  EXPECT_TRUE(match("udp.port in {50..60}", udp));
  EXPECT_TRUE(match("dns", udp));
  EXPECT_FALSE(match("tcp.port == 80", udp));
  EXPECT_TRUE(match("", udp));
}

TEST_F(DisplayFilterTest, ErrorsPointAtTheFault) {
  std::string e = error_of("tcp.port == ");
  EXPECT_NE(e.find("expected a value"), std::string::npos) << e;
  EXPECT_NE(e.find("\n  tcp.port == \n              ^"), std::string::npos) << e;
  EXPECT_NE(error_of("tcp.prot == 1").find("'tcp.prot' is neither"), std::string::npos);
  EXPECT_NE(error_of("ip.addr == 1.2.3").find("not a valid IPv4"), std::string::npos);
  EXPECT_NE(error_of("(tcp").find("expected ')'"), std::string::npos);
  EXPECT_NE(error_of("tcp.port = 80").find("did you mean '=='"), std::string::npos);
  EXPECT_NE(error_of("tcp == hello").find("not a valid byte string"), std::string::npos);
  EXPECT_NE(error_of("udp contains \"abc").find("unterminated"), std::string::npos);
  EXPECT_NE(error_of("tcp.port == 99999999999999999999999").find("too large"), std::string::npos);
  EXPECT_NE(error_of("udp matches \"(\"").find("bad regular expression"), std::string::npos);
}

// Wireshark's rules for unquoted byte strings: hex digits alone, in pairs or in fours,
// with ':' '.' '-' between them; a leading ':' forces bytes; anything else is refused
// (never searched as text, as `frame contains :fc` once was).
TEST_F(DisplayFilterTest, UnquotedValuesOfByteFieldsAreByteStrings) {
  Packet udp = decode(testing::ethernet(testing::ipv4(
      17, testing::udp_datagram(1234, 5678, std::string("abc\x6b\xfc\xaa\xbb\xff")))));
  Packet other =
      decode(testing::ethernet(testing::ipv4(17, testing::udp_datagram(1234, 5678, "\xab\x0c"))));
  EXPECT_TRUE(match("frame contains 6b", udp));
  EXPECT_TRUE(match("frame contains :6b", udp));
  EXPECT_TRUE(match("eth contains :6b", udp));
  EXPECT_FALSE(match("frame contains :fc", other));
  EXPECT_TRUE(match("frame contains aa.bb.ff", udp));
  EXPECT_TRUE(match("frame contains aa-bb", udp));
  EXPECT_TRUE(match("frame contains aabb", udp));
  EXPECT_FALSE(match("frame contains \"6b\"", udp));  // quoted: the text "6b"
  EXPECT_TRUE(match("frame contains abc", other));    // ab 0c, as tshark reads it
  EXPECT_FALSE(match("frame contains abc", udp));
  EXPECT_TRUE(match("frame contains \"abc\"", udp));
  EXPECT_TRUE(match("frame contains 0xab", other));
  EXPECT_TRUE(match("udp.payload == 61:62:63:6b:fc:aa:bb:ff", udp));
  EXPECT_FALSE(match("udp.payload == 61:62:63", udp));
  EXPECT_TRUE(match("udp.payload != 61:62:63", udp));
  EXPECT_TRUE(match("eth == 02:00:00:00:00:02:02:00:00:00:00:01:08:00", udp));
  EXPECT_FALSE(match("eth == 02:00:00:00:00:02:02:00:00:00:00:01:08:01", udp));
  EXPECT_NE(error_of("frame contains aa.bb.hh").find("\"aa.bb.hh\" is not a valid byte string"),
            std::string::npos);
  EXPECT_NE(error_of("frame contains fc:").find("\":\" was unexpected"), std::string::npos);
  EXPECT_NE(error_of("frame contains hello").find("not a valid byte string"), std::string::npos);
  EXPECT_NE(error_of("frame contains ab:c").find("\":c\" was unexpected"), std::string::npos);
  EXPECT_NE(error_of("frame contains fc.").find("was unexpected"), std::string::npos);
  EXPECT_NE(error_of("frame contains :hello").find("was unexpected"), std::string::npos);
}

// `matches` reads what tshark reads: a slice's bytes only, a MAC address's six bytes.
TEST_F(DisplayFilterTest, MatchesReadsTheSliceAndTheAddressBytes) {
  testing::Frame f = testing::ethernet(testing::ipv4(17, testing::udp_datagram(1, 2, "abcd")));
  f[5] = 'x';  // eth.dst 02:00:00:00:00:78
  Packet p = decode(f);
  EXPECT_TRUE(match("eth.dst matches \"x$\"", p));
  EXPECT_FALSE(match("eth.src matches \"x\"", p));
  EXPECT_TRUE(match("eth.addr matches \"^\\x02\\x00\\x00\\x00\\x00x\"", p));
  EXPECT_TRUE(match("frame[5:1] matches \"x\"", p));
  EXPECT_FALSE(match("frame[0:5] matches \"x\"", p));
  EXPECT_TRUE(match("udp.payload[1:2] matches \"^bc$\"", p));
  EXPECT_FALSE(match("udp.payload[0:2] matches \"c\"", p));
}

// A bare word that is also a tshark protocol's name (ff: FOUNDATION Fieldbus, fc: Fibre
// Channel) is that protocol, absent here, as in tshark: never the bytes it spells.
TEST_F(DisplayFilterTest, ProtocolNamesThatSpellBytesAreProtocols) {
  Packet udp = decode(testing::ethernet(
      testing::ipv4(17, testing::udp_datagram(1234, 5678, std::string("\xff\xfc\xff")))));
  EXPECT_TRUE(match("frame contains :ff", udp));
  EXPECT_TRUE(match("udp.payload[0] == :ff", udp));
  EXPECT_FALSE(match("frame contains ff", udp));
  EXPECT_FALSE(match("udp.payload[0] == ff", udp));
  EXPECT_FALSE(match("udp.payload[0] != ff", udp));
  EXPECT_FALSE(match("udp.payload[1] == fc", udp));
  EXPECT_FALSE(match("ff", udp));
  EXPECT_TRUE(match("!ff", udp));
  EXPECT_TRUE(match("ff or udp", udp));
  EXPECT_TRUE(match("frame contains ff:fc", udp));  // not a name: bytes
  EXPECT_NE(error_of("udp.port == ff").find("not of compatible types"), std::string::npos);
  EXPECT_NE(error_of("frame contains dc").find("not of compatible types"), std::string::npos);
  EXPECT_NE(error_of("udp[0:2] & ff").find("FT_PROTOCOL cannot &"), std::string::npos);
}

// Any protocol tshark registers is a protocol name, not a literal; one sockscope does not
// dissect is absent. A name under a protocol it dissects stays unknown (tshark would find it).
TEST_F(DisplayFilterTest, EveryTsharkProtocolNameIsAProtocol) {
  Packet udp = decode(
      testing::ethernet(testing::ipv4(17, testing::udp_datagram(1234, 5678, std::string("sip")))));
  EXPECT_FALSE(match("sip", udp));
  EXPECT_TRUE(match("udp && !ntp", udp));
  EXPECT_FALSE(match("frame contains sip", udp));
  EXPECT_TRUE(match("frame contains \"sip\"", udp));
  EXPECT_NE(error_of("http.host == sip").find("not of compatible types"), std::string::npos);
  EXPECT_NE(error_of("udp.port == ntp").find("not of compatible types"), std::string::npos);
  EXPECT_NE(error_of("ip.notafield").find("neither a field nor a protocol"), std::string::npos);
  EXPECT_NE(error_of("nosuchprotocol").find("neither a field nor a protocol"), std::string::npos);
  // a negative number on the right made this a complaint about constants on the left
  EXPECT_NE(error_of("tcp.nosuch == -1").find("'tcp.nosuch' is neither a field nor a protocol"),
            std::string::npos);
  EXPECT_NE(error_of("-1 == tcp.port").find("Constant arithmetic expression"), std::string::npos);
}

// A name tshark knows and sockscope does not compute is refused as that, not as a typo: a
// field of a protocol it dissects (from tshark 4.0's -G fields), or any field of a protocol
// it does not dissect.
TEST_F(DisplayFilterTest, TsharkFieldsNotComputedAreRefusedAsSuch) {
  for (const char* f : {"mstp.config_name == \"r\"", "stp.pvst.origvlan == 1", "llc.nortel_pid",
                        "_ws.malformed.dissector_bug", "_ws.malformed.reassembly"})
    EXPECT_NE(error_of(f).find("is a tshark field that sockscope does not compute"),
              std::string::npos)
        << f;
  EXPECT_NE(error_of("tls.handshake.type == 1").find("a field of tls, a protocol sockscope does"),
            std::string::npos);
  EXPECT_NE(error_of("sip.Method == \"INVITE\"").find("a field of sip"), std::string::npos);
  EXPECT_NE(error_of("stp.nosuch").find("neither a field nor a protocol"), std::string::npos);
  // (the tree-end items sockscope computes are fields; the expert info is refused as such)
  EXPECT_EQ(error_of("_ws.malformed.expert"), "");
  EXPECT_NE(error_of("_ws.expert.message").find("expert info"), std::string::npos);
}

// Expert info comes from every dissector (a retransmission, a request, a bad checksum):
// taken as absent, `_ws.expert` would silently miss those frames, so it is refused.
TEST_F(DisplayFilterTest, ExpertInfoIsRefusedNotTakenAsAbsent) {
  for (const char* f : {"_ws.expert", "!_ws.expert", "_ws.expert.severity == 2",
                        "len(_ws.expert) > 1", "tcp or _ws.expert.message contains \"x\""})
    EXPECT_NE(error_of(f).find("does not compute Wireshark's expert info"), std::string::npos) << f;
  EXPECT_NE(error_of("_ws.expertise").find("neither a field nor a protocol"), std::string::npos);
}

// Integer and string literals as Wireshark 4.0's scanner reads them.
TEST_F(DisplayFilterTest, LiteralsReadAsWireshark) {
  Packet udp = decode(testing::ethernet(
      testing::ipv4(17, testing::udp_datagram(1234, 5678, std::string("a\x07.b\\c")))));
  EXPECT_TRUE(match("ip.ttl == 0100", udp));  // a leading 0 is octal: 64
  EXPECT_FALSE(match("ip.ttl == 0064", udp));
  EXPECT_TRUE(match("ip.ttl == 0b1000000", udp));
  EXPECT_NE(error_of("ip.ttl == 089").find("not a valid"), std::string::npos);
  EXPECT_TRUE(match("udp contains \"a\\a\"", udp));         // \a is BEL
  EXPECT_TRUE(match("udp contains \"a\\007\\056\"", udp));  // octal escapes
  EXPECT_TRUE(match("udp matches r\"b\\\\c\"", udp));       // raw: the regex gets \\ itself
  EXPECT_NE(error_of("udp contains \"\\e\"").find("invalid escape"), std::string::npos);
  EXPECT_NE(error_of("udp contains \"\\400\"").find("octal"), std::string::npos);
  EXPECT_FALSE(match("udp contains \"\"", udp));         // a protocol never contains ""
  EXPECT_TRUE(match("udp.payload contains \"\"", udp));  // a byte field does
}

// A boolean takes any number, nonzero as true, as tshark 4.0 does; it takes no '&'.
TEST_F(DisplayFilterTest, BooleansTakeAnyNumberAsTruth) {
  Packet syn =
      decode(testing::ethernet(testing::ipv4(6, testing::tcp_segment(40000, 80, 1, 0, kSyn))));
  EXPECT_TRUE(match("tcp.flags.syn == 2", syn));
  EXPECT_TRUE(match("tcp.flags.syn in {3}", syn));
  EXPECT_FALSE(match("tcp.flags.syn > 1", syn));
  EXPECT_FALSE(match("tcp.flags.syn != 2", syn));
  EXPECT_TRUE(match("tcp.flags.ack < 2", syn));
  EXPECT_NE(error_of("tcp.flags.syn & 1").find("FT_BOOLEAN cannot &"), std::string::npos);
  EXPECT_EQ(error_of("http.content_length & 1"), "");  // FT_UINT64, not a boolean
}

// Chosen layers of a protocol: IP-in-IP's inner header is ip#2; `contains` reads a layer
// from its start to the end of the capture, slices and comparisons its header.
TEST_F(DisplayFilterTest, LayersOfAProtocolAreSlicedAndSearched) {
  Packet tunnel = decode(testing::ethernet(
      testing::ipv4(4, testing::ipv4(17, testing::udp_datagram(1234, 53, std::string("q"))))));
  EXPECT_TRUE(match("ip#2[9] == 11", tunnel));
  EXPECT_TRUE(match("ip#1[9] == 04", tunnel));
  EXPECT_FALSE(match("ip#1[9] == 11", tunnel));
  EXPECT_TRUE(match("ip[9] == 11", tunnel));  // any layer
  EXPECT_TRUE(match("ip#2 contains 04:d2:00:35", tunnel));
  EXPECT_FALSE(match("ip#3 contains 45", tunnel));
  EXPECT_TRUE(match("udp#1[0:2] == 04:d2", tunnel));
  EXPECT_TRUE(match("ip.src[0:3] == c0:00:02", tunnel));
  EXPECT_NE(error_of("udp#2[0] == 00").find("first layer"), std::string::npos);
  EXPECT_TRUE(match("ip#2 matches \"\\x04\\xd2\"", tunnel));  // inner header onward
  EXPECT_FALSE(match("ip#1[0:1] matches \"\\x11\"", tunnel));
  EXPECT_TRUE(match("ip#2[9:1] ~ \"\\x11\"", tunnel));
  EXPECT_FALSE(match("ip#3 matches \".\"", tunnel));
}

TEST_F(DisplayFilterTest, ValuesBeyondTheFieldsWidthAreRefused) {
  EXPECT_NE(error_of("tcp.port == 70000").find("\"70000\" too big for this field, maximum 65535"),
            std::string::npos);
  EXPECT_NE(error_of("ip.ttl > 256").find("maximum 255"), std::string::npos);
  EXPECT_NE(error_of("udp.port in {1..70000}").find("maximum 65535"), std::string::npos);
  EXPECT_NE(error_of("frame.number == 4294967296").find("maximum 4294967295"), std::string::npos);
  EXPECT_EQ(error_of("tcp.port == 65535 || ip.ttl == 255 || frame.number == 4294967295"), "");
}

// Hostile filters: deep nesting and long chains end in a one-line error or a flat tree,
// never a stack overflow (in the parser, the evaluator or the destructor).
TEST_F(DisplayFilterTest, DeepNestingIsRefusedAndLongChainsStayFlat) {
  Packet udp = decode(testing::ethernet(testing::ipv4(17, testing::udp_datagram(1, 2, "x"))));
  std::string nested = std::string(9000, '(') + "udp" + std::string(9000, ')');
  EXPECT_NE(error_of(nested).find("nested deeper than 200"), std::string::npos);
  EXPECT_NE(error_of(std::string(10000, '(')).find("nested deeper than 200"), std::string::npos);
  EXPECT_TRUE(match(std::string(50000, '!') + "udp", udp));
  EXPECT_FALSE(match(std::string(50001, '!') + "udp", udp));
  std::string chain = "udp";
  for (int i = 0; i < 50000; ++i) chain += " && udp";
  EXPECT_TRUE(match(chain, udp));
  EXPECT_TRUE(match(std::string(199, '(') + "udp" + std::string(199, ')'), udp));
}

// PCRE2 with limits: a pattern that backtracks for ever gives up (no crash, no hang)
// and the filter says so; `matches` is case-insensitive as in Wireshark 4.
TEST_F(DisplayFilterTest, RegularExpressionsAreBoundedAndCaseInsensitive) {
  Packet big = decode(
      testing::ethernet(testing::ipv4(17, testing::udp_datagram(1, 2, std::string(42000, 'z')))));
  Packet text =
      decode(testing::ethernet(testing::ipv4(17, testing::udp_datagram(1, 2, "Hello green"))));
  EXPECT_TRUE(match("frame matches \"z+\"", big));
  EXPECT_TRUE(match("frame matches \"(.|\\n)*\"", big));
  EXPECT_FALSE(match("frame matches \".*green\"", big));
  EXPECT_TRUE(match("frame matches \"HELLO\"", text));
  EXPECT_FALSE(match("frame matches \"(?-i)HELLO\"", text));
  std::string lines;
  for (int i = 0; i < 15000; ++i) lines += "ab\n";  // 45 KB
  Packet many = decode(testing::ethernet(testing::ipv4(17, testing::udp_datagram(1, 2, lines))));
  DisplayFilter hard = DisplayFilter::compile("frame matches \"(.*)*$\"");
  auto start = std::chrono::steady_clock::now();
  EXPECT_FALSE(hard.matches(many));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_NE(hard.warning().find("limit"), std::string::npos);
  DisplayFilter easy = DisplayFilter::compile("frame matches \"z+\"");
  EXPECT_TRUE(easy.matches(big));
  EXPECT_EQ(easy.warning(), "");
}

// A field matches if any occurrence does: the outer and inner headers of a tunnel.
TEST_F(DisplayFilterTest, TunnelFieldsMatchAnyLayer) {
  auto inner = testing::ipv4(17, testing::udp_datagram(4444, 5060, "sip"), 7, 8);
  Packet p = decode(testing::ethernet(testing::ipv4(4, inner)));
  EXPECT_TRUE(match("ip.proto == 4", p));
  EXPECT_TRUE(match("ip.proto == 17", p));
  EXPECT_FALSE(match("ip.proto != 17", p));
  EXPECT_TRUE(match("ip.src == 192.0.2.7 && ip.src == 192.0.2.1", p));
  EXPECT_TRUE(match("udp.port == 5060", p));
  EXPECT_TRUE(match("ip.src#2 == 192.0.2.7", p));
  EXPECT_FALSE(match("ip.src#1 == 192.0.2.7", p));
  EXPECT_TRUE(match("ip.proto#1 == 4", p));
  EXPECT_FALSE(match("ip.proto#3 == 4", p));
}

TEST_F(DisplayFilterTest, HttpStringFields) {
  std::string req = "GET /index.html HTTP/1.1\r\nHost: example\r\nUser-Agent: lab/1.0\r\n\r\n";
  Packet p = decode(
      testing::ethernet(testing::ipv4(6, testing::tcp_segment(40000, 80, 1, 1, kAck | kPsh, req))));
  EXPECT_TRUE(match("http.request", p));
  EXPECT_FALSE(match("http.response", p));
  EXPECT_TRUE(match("http.request.method == \"GET\"", p));
  EXPECT_TRUE(match("http.request.method == GET", p));
  EXPECT_TRUE(match("http.request.uri == \"/index.html\"", p));
  EXPECT_TRUE(match("http.user_agent contains \"lab\"", p));
  EXPECT_TRUE(match("http.host == \"example\"", p));
  EXPECT_TRUE(match("http.user_agent matches \"^LAB\"", p));  // case-insensitive
  EXPECT_FALSE(match("http.response.code == 200", p));
}

TEST_F(DisplayFilterTest, LanguageSlicesFieldPairsBitsAndQuantifiers) {
  Packet p = decode(testing::ethernet(
      testing::ipv4(6, testing::tcp_segment(8080, 8080, 1, 1, kSyn | kAck, "GET /"))));
  EXPECT_TRUE(match("tcp.srcport == tcp.dstport", p));
  EXPECT_FALSE(match("tcp.srcport != tcp.dstport", p));
  EXPECT_TRUE(match("ip.src != ip.dst", p));
  EXPECT_NE(error_of("ip.src == tcp.port").find("not of compatible types"), std::string::npos);
  EXPECT_TRUE(match("tcp.flags & 0x12 == 0x12", p));
  EXPECT_TRUE(match("tcp.flags & 0x02", p));
  EXPECT_FALSE(match("tcp.flags & 0x01", p));
  EXPECT_TRUE(match("ip.addr === 192.0.2.0/24", p));
  EXPECT_FALSE(match("ip.addr === 192.0.2.1", p));  // the destination differs
  EXPECT_TRUE(match("ip.addr !== 192.0.2.1", p));
  EXPECT_TRUE(match("any ip.addr == 192.0.2.1", p));
  EXPECT_FALSE(match("all ip.addr == 192.0.2.1", p));
  EXPECT_TRUE(match("frame[0] == 02", p));
  EXPECT_TRUE(match("frame[12:2] == 08:00", p));
  EXPECT_TRUE(match("eth.src[0:3] == 02:00:00", p));
  EXPECT_TRUE(match("tcp.payload[0:3] == \"GET\"", p));
  EXPECT_TRUE(match("tcp.payload[-1] == 2f", p));
  EXPECT_TRUE(match("tcp.payload[1-2] == \"ET\"", p));
  EXPECT_FALSE(match("tcp.payload[4:10] == \"x\"", p));  // beyond the payload: no match
  EXPECT_TRUE(match("tcp.port in {80, 8080}", p));
  EXPECT_NE(error_of("tcp.port in {80 8080}").find("was unexpected"), std::string::npos);
  EXPECT_TRUE(match("ip.flags.df == 1 && ip.version == 4 && ip.frag_offset == 0", p));
  EXPECT_TRUE(match("len(tcp.payload) == 5 && len(eth) == 14 && count(ip.addr) == 2", p));
  EXPECT_FALSE(match("len(udp.payload) >= 0", p));  // no UDP: no value
  EXPECT_NE(error_of("len(frame)").find("must be compared"), std::string::npos);
}

// A field on the right of a byte comparison, `contains` or a set is that field; byte
// strings and protocols order by length first; a slice past the end is an empty value
// (tshark 4.0, checked frame for frame in tests/data/filters_corpus.txt).
TEST_F(DisplayFilterTest, ByteOperandsOnBothSidesAndEmptySlices) {
  Packet p = decode(testing::ethernet(
      testing::ipv4(6, testing::tcp_segment(8080, 8080, 1, 1, kSyn | kAck, "GET /"))));
  EXPECT_TRUE(match("frame contains ip", p));
  EXPECT_TRUE(match("ip contains tcp", p));
  EXPECT_FALSE(match("tcp contains ip", p));
  EXPECT_TRUE(match("frame[0:6] == eth.dst", p));
  EXPECT_TRUE(match("eth.src == frame[6:6]", p));
  EXPECT_TRUE(match("ip.src == ip[12:4]", p));
  EXPECT_FALSE(match("ip.src == ip[16:4]", p));
  EXPECT_TRUE(match("tcp[0:2] == tcp[2:2]", p));   // the same port
  EXPECT_FALSE(match("ip contains tcp[0:2]", p));  // `ip` taken whole is its header
  EXPECT_TRUE(match("tcp.payload contains tcp.payload[1:2]", p));
  EXPECT_TRUE(match("ip.src in {ip.dst, ip.src}", p));
  EXPECT_FALSE(match("ip.src in {ip.dst}", p));
  EXPECT_TRUE(match("ip > 46", p));  // 20 bytes against 1
  EXPECT_FALSE(match("ip < 46", p));
  EXPECT_TRUE(match("frame[0:3] < 00:00:00:00", p));
  EXPECT_FALSE(match("tcp.payload[0:9]", p));  // past the end: no bytes
  EXPECT_TRUE(match("tcp.payload[0:9] == \"\"", p));
  EXPECT_TRUE(match("frame contains tcp.payload[0:9]", p));
  EXPECT_FALSE(match("tcp.payload[0:9] contains 47", p));
  EXPECT_NE(error_of("frame contains tcp.payload").find("not of compatible types"),
            std::string::npos);
  EXPECT_NE(error_of("ip contains ip.src").find("not of compatible types"), std::string::npos);
  EXPECT_NE(error_of("ip.ttl == frame[22:1]").find("sequence of bytes"), std::string::npos);
  EXPECT_NE(error_of("http.host == http.no_such_field").find("quote it"), std::string::npos);
}

// Wireshark 4.0's arithmetic: 32-bit unsigned values, a subtraction below zero gives a
// signed value, an unsigned field never equals a negative number, an overflow or a
// division by zero gives no value; the checks against tshark itself are in
// tests/integration/test_filter_vs_tshark.sh.
// Ranges in sets compare as the field's type (addresses, times, strings), with any
// spacing around the dots; labels (FT_NONE) and quoted times are refused, as in tshark.
TEST_F(DisplayFilterTest, SetRangesOfEveryTypeAndLabels) {
  Packet p = decode(
      testing::ethernet(testing::ipv4(6, testing::tcp_segment(40000, 80, 1, 0, kSyn), 1, 2)));
  for (const char* f :
       {"ip.src in {192.0.2.0..192.0.2.1}", "ip.src in {192.0.2.1 .. 192.0.2.9}",
        "tcp.port in {70.. 90}", "tcp.port in {70 ..90}", "tcp.port in {1, 79..81}",
        "tcp.flags.str in {\"\xc2\" .. \"\xc3\"}", "frame.time_relative in {0 .. 1}"})
    EXPECT_TRUE(match(f, p)) << f;
  // Once read as integers whatever the type: every address or string was "in" any range.
  for (const char* f : {"ip.src in {192.0.2.2 .. 192.0.2.9}", "tcp.flags.str in {\"a\" .. \"z\"}",
                        "frame.time_relative in {0.5 .. 1}", "tcp.port in {81..90}"})
    EXPECT_FALSE(match(f, p)) << f;
  EXPECT_NE(error_of("tcp.port in {..90}").find("lower end"), std::string::npos);
  EXPECT_NE(error_of("tcp.port in {70..}").find("upper end"), std::string::npos);
  EXPECT_NE(error_of("tcp.analysis.flags == 1").find("label"), std::string::npos);
  EXPECT_NE(error_of("tcp.analysis contains 00").find("label"), std::string::npos);
  EXPECT_NE(error_of("tcp.analysis.retransmission[0] == 0").find("label"), std::string::npos);
  EXPECT_NE(error_of("frame.time_delta == \"1\"").find("cannot be converted from a string"),
            std::string::npos);
  EXPECT_TRUE(match("!tcp.analysis.flags", p));
}

TEST_F(DisplayFilterTest, ArithmeticAndFunctions) {
  Packet p = decode(testing::ethernet(
      testing::ipv4(17, testing::udp_datagram(5000, 5001, "hello"))));  // 47 bytes, TTL 64
  ASSERT_TRUE(match("frame.len == 47 && ip.ttl == 64", p));
  EXPECT_TRUE(match("frame.len + 1 == 48", p));
  EXPECT_TRUE(match("frame.len+1 == 48", p));
  EXPECT_TRUE(match("frame.len -7 == 40", p));
  EXPECT_TRUE(match("frame.len/2 == 23 && frame.len % 2 == 1", p));
  EXPECT_TRUE(match("{frame.len + 1} * 2 == 96", p));
  EXPECT_TRUE(match("frame.len + 1 * 2 == 49", p));  // * before +
  EXPECT_TRUE(match("udp.dstport == udp.srcport + 1", p));
  EXPECT_TRUE(match("ip.ttl - 100 == -36 && ip.ttl - 100 < 0", p));
  EXPECT_FALSE(match("ip.ttl - 60 < 0", p));
  EXPECT_TRUE(match("-frame.len == -47 && -frame.len < -40", p));
  EXPECT_FALSE(match("frame.len > -1", p));  // unsigned against negative: no relation holds
  EXPECT_FALSE(match("frame.len < -1", p));
  EXPECT_TRUE(match("frame.len != -1", p));
  EXPECT_FALSE(match("frame.len / 0 == 0", p));     // no value
  EXPECT_FALSE(match("frame.len * -1 == -47", p));  // -1 read as 2^32-1: overflow
  EXPECT_FALSE(match("ip.ttl + 200 == 8", p));      // 32-bit: no wrap at the field's 8 bits
  EXPECT_TRUE(match("ip.ttl + 0 & 0x40", p));
  EXPECT_FALSE(match("ip.ttl + 0 & 0x01", p));
  EXPECT_TRUE(match("frame.len * 2", p));
  EXPECT_TRUE(match("string(frame.len) == \"47\" && string(ip.src) matches \"^192\\\\.0\"", p));
  EXPECT_TRUE(match("max(udp.srcport, udp.dstport) == 5001 && min(udp.port, 10) == 10", p));
  EXPECT_TRUE(match("abs(frame.len - 50) == 3 && abs(-frame.len) == 47", p));
  EXPECT_TRUE(match("len(frame.len) == 4 && len(ip.ttl) == 1 && len(udp.port) == 2", p));
  EXPECT_TRUE(match("len(frame) + 1 == 48 && count(ip.addr) * 2 == 4", p));
  EXPECT_TRUE(match("ip.src#1 == 192.0.2.1 && ip.src#[1-2] == 192.0.2.1 && ip#1 && !ip#2", p));
  EXPECT_TRUE(match("ip.ttl#[-1] == 64 && ip.ttl#[1:] == 64 && !ip.ttl#[-2] == 64", p));
  EXPECT_TRUE(match("frame[0:2,12-13] == 02:00:08:00 && frame[12,13] == 08:00", p));
  EXPECT_FALSE(match("frame[0:2,100] == 02:00:00", p));  // a range beyond the frame

  EXPECT_NE(error_of("1 + 1 == 2").find("Constant arithmetic"), std::string::npos);
  EXPECT_NE(error_of("ip.ttl + 300 == 1").find("too big"), std::string::npos);
  EXPECT_NE(error_of("ip.src + 1 == 1").find("cannot +"), std::string::npos);
  EXPECT_NE(error_of("frame.time_delta * 2 > 1").find("cannot *"), std::string::npos);
  EXPECT_NE(error_of("frame.len == - -1").find("unexpected"), std::string::npos);
  EXPECT_NE(error_of("frame.len + 1 in {1 2}").find("unexpected"), std::string::npos);
  EXPECT_NE(error_of("upper(frame.len) == \"A\"").find("string type"), std::string::npos);
  EXPECT_NE(error_of("max(ip.ttl, frame.len) == 1").find("same type"), std::string::npos);
  EXPECT_NE(error_of("ip.src#[1-1] == 192.0.2.1").find("isn't valid"), std::string::npos);
  EXPECT_NE(error_of("{frame.len + 1 == 2").find("'}'"), std::string::npos);
  // deep braces are bounded like parentheses, not a stack overflow
  EXPECT_NE(error_of("frame.len == " + std::string(5000, '{') + "1").find("nested"),
            std::string::npos);
}

TEST_F(DisplayFilterTest, MoreOccurrencesThanTheFixedRoomAreAllSeen) {
  // 37 option kinds: MSS, then 36 NOPs; the MSS is the first, the last NOP the 37th.
  testing::Frame opts(40, 1);
  opts[0] = 2;
  opts[1] = 4;
  opts[2] = 0x05;
  opts[3] = 0xb4;
  Packet syn =
      decode(testing::ethernet(testing::ipv4(6, testing::tcp_segment(1, 2, 0, 0, kSyn, "", opts))));
  EXPECT_TRUE(match("count(tcp.option_kind) == 37", syn));
  EXPECT_TRUE(match("tcp.option_kind == 2 && tcp.option_kind == 1", syn));
  EXPECT_FALSE(match("tcp.option_kind === 1", syn));  // all: the MSS is not 1
  EXPECT_TRUE(match("tcp.option_kind !== 1", syn));
  // A DNS response with 15 A records: the 15th is found, != sees all of them.
  std::string dns = std::string("\x12\x34\x81\x80\0\x01\0\x0f\0\0\0\0", 12) +
                    std::string("\x01x\0\0\x01\0\x01", 7);
  for (int i = 0; i < 15; ++i)
    dns += std::string("\xc0\x0c\0\x01\0\x01\0\0\0\x3c\0\x04\xc0\0\x02", 15) +
           static_cast<char>(100 + i);
  Packet answer = decode(testing::ethernet(testing::ipv4(17, testing::udp_datagram(53, 9, dns))));
  EXPECT_TRUE(match("dns.a == 192.0.2.114", answer));
  EXPECT_TRUE(match("count(dns.a) == 15", answer));
  EXPECT_FALSE(match("dns.a != 192.0.2.114", answer));
  EXPECT_TRUE(match("dns.a in {192.0.2.113..192.0.2.120}", answer));
  EXPECT_FALSE(match("dns.a in {192.0.2.115..192.0.2.120}", answer));
}

TEST_F(DisplayFilterTest, GreFieldsAndFrameProtocols) {
  testing::Frame g = {0x20, 0x00, 0x08, 0x00, 0, 0, 0, 5};  // K, IPv4, key 5
  auto inner = testing::ipv4(17, testing::udp_datagram(5000, 5001, "in gre"), 9, 10);
  g.insert(g.end(), inner.begin(), inner.end());
  Packet p = decode(testing::ethernet(testing::ipv4(47, g)));
  EXPECT_TRUE(match("gre && gre.key == 5 && gre.proto == 0x0800", p));
  EXPECT_TRUE(match("gre.flags.key == 1 && gre.flags.sequence_number == 0", p));
  EXPECT_FALSE(match("gre.sequence_number", p));  // no S bit: no field
  EXPECT_TRUE(match("ip.src#2 == 192.0.2.9 && udp.port == 5001", p));
  EXPECT_TRUE(match("frame.protocols == \"eth:ethertype:ip:gre:ip:udp:data\"", p));
  EXPECT_TRUE(match("frame.protocols contains \"gre:ip\"", p));
  EXPECT_TRUE(match("frame.protocols[0:3] == \"eth\"", p));
  EXPECT_TRUE(match("gre[0:2] & 20 == 20", p));
  EXPECT_FALSE(match("gre[0:2] & 10", p));
}

TEST_F(DisplayFilterTest, SlicesTakeNoArithmeticButTakeAnd) {
  EXPECT_NE(error_of("udp[0:2] + 1 == 5001").find("arithmetic cannot use"), std::string::npos);
  EXPECT_NE(error_of("udp.srcport[0:1] + 1 == 1").find("cannot be sliced"), std::string::npos);
  Packet udp = decode(testing::ethernet(testing::ipv4(17, testing::udp_datagram(0x1e61, 9, "x"))));
  EXPECT_TRUE(match("udp[0:2] & 1f == 1e", udp));
  EXPECT_TRUE(match("udp[0:2] & 1f:ff:ff == 1e:61", udp));
  EXPECT_FALSE(match("udp[0:2] & 01", udp));
  EXPECT_TRUE(match("eth.src & 02:00:00:00:00:00 || !(eth.src & 02:00:00:00:00:00)", udp));
}

}  // namespace
}  // namespace sockscope::capture
