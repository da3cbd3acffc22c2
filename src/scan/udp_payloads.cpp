#include "scan/udp_payloads.h"

#include <map>

namespace sockscope::scan {
namespace {

std::string bytes(std::initializer_list<int> list) {
  std::string out;
  for (int b : list) out += static_cast<char>(b);
  return out;
}

const std::map<std::uint16_t, std::string>& table() {
  static const std::map<std::uint16_t, std::string> t = [] {
    std::map<std::uint16_t, std::string> m;
    // DNS: id 0x1234, recursion desired, one question: "." IN NS. Any server answers.
    std::string dns = bytes({0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                             0x00, 0x00, 0x02, 0x00, 0x01});
    m[53] = dns;
    m[5353] = dns;
    // NTP: version 4 client request, 48 bytes.
    std::string ntp(48, '\0');
    ntp[0] = static_cast<char>(0x23);
    m[123] = ntp;
    // SNMPv1 get-request, community "public", sysDescr.0 (1.3.6.1.2.1.1.1.0: 2b 06 01 02
    // 01 01 01 00), value NULL. (It used to ask for 1.3.6.1.2.1, mib-2 itself, which is no
    // object: agents answer noSuchName, so the port showed open, but the comment said
    // sysDescr.0 and the reply said nothing.)
    m[161] = bytes({0x30, 0x29, 0x02, 0x01, 0x00, 0x04, 0x06, 'p',  'u',  'b',  'l',
                    'i',  'c',  0xa0, 0x1c, 0x02, 0x04, 0x12, 0x34, 0x56, 0x78, 0x02,
                    0x01, 0x00, 0x02, 0x01, 0x00, 0x30, 0x0e, 0x30, 0x0c, 0x06, 0x08,
                    0x2b, 0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x05, 0x00});
    // NetBIOS name service: node status request for "*".
    std::string nb = bytes(
        {0x80, 0xf0, 0x00, 0x10, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x20, 'C', 'K'});
    nb += std::string(30, 'A');
    nb += bytes({0x00, 0x00, 0x21, 0x00, 0x01});
    m[137] = nb;
    // SSDP discovery.
    m[1900] =
        "M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: \"ssdp:discover\"\r\nMX: "
        "1\r\nST: ssdp:all\r\n\r\n";
    // memcached text protocol over UDP: frame header, then "stats".
    m[11211] = bytes({0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00}) + "stats\r\n";
    // TFTP read request for a file that need not exist (an error packet is an answer).
    m[69] = bytes({0x00, 0x01}) + "sockscope" + bytes({0x00}) + "octet" + bytes({0x00});
    // RPC portmapper NULL call (program 100000, version 2, procedure 0).
    m[111] = bytes({0x72, 0xfe, 0x1d, 0x13, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0x86, 0xa0, 0, 0, 0, 2,
                    0,    0,    0,    0,    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,    0,    0, 0, 0, 0});
    // IKE would need a full SA proposal; SIP OPTIONS is short enough to carry.
    m[5060] =
        "OPTIONS sip:nm SIP/2.0\r\nVia: SIP/2.0/UDP nm;branch=foo\r\nFrom: <sip:nm@nm>;tag=root\r\n"
        "To: <sip:nm2@nm2>\r\nCall-ID: 50000\r\nCSeq: 42 OPTIONS\r\nMax-Forwards: "
        "70\r\nContent-Length: 0\r\n\r\n";
    return m;
  }();
  return t;
}

}  // namespace

const std::string& udp_payload(std::uint16_t port) {
  static const std::string empty;
  auto it = table().find(port);
  return it == table().end() ? empty : it->second;
}

}  // namespace sockscope::scan
