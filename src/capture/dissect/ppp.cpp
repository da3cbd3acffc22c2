// PPP inside GRE (PPTP): the header with Wireshark's reading of address/control
// compression (ACFC) and protocol compression (PFC); IPv4 and IPv6 go on as further
// layers; LCP, IPCP, PAP and CHAP are read on demand (ppp.h).
#include "capture/dissect/ppp.h"

#include <string_view>

#include "capture/dissect/dissect.h"

namespace sockscope::capture {

namespace {

std::uint8_t at(Bytes b, std::size_t i) {
  return static_cast<std::uint8_t>(b[i]);
}

std::string_view text(Bytes b) {
  return {reinterpret_cast<const char*>(b.data()), b.size()};
}

void append_hex_byte(std::string& out, std::uint8_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out.push_back(kDigits[v >> 4]);
  out.push_back(kDigits[v & 15]);
}

// LCP's code names (IPCP has only 0-7 of them; Wireshark says "Unknown" for the rest).
const char* cp_code_name(std::uint16_t protocol, std::uint8_t code) {
  static constexpr const char* kNames[] = {
      "Vendor Specific",      "Configuration Request", "Configuration Ack", "Configuration Nak",
      "Configuration Reject", "Termination Request",   "Termination Ack",   "Code Reject",
      "Protocol Reject",      "Echo Request",          "Echo Reply",        "Discard Request",
      "Identification",       "Time Remaining"};
  const unsigned last = protocol == kPppLcp ? 13 : 7;
  return code <= last ? kNames[code] : "Unknown";
}

// The smallest data an LCP/IPCP code's handler reads (Wireshark throws below it).
std::size_t cp_min_data(std::uint8_t code) {
  switch (code) {
    case 0:
      return 8;  // magic number, OUI, kind
    case 8:
      return 2;  // the rejected protocol
    case 9:
    case 10:
    case 11:
    case 12:
      return 4;  // magic number
    case 13:
      return 8;  // magic number, seconds remaining
    default:
      return 0;
  }
}

// PAP's Authenticate-Request: peer-ID and password, each after its length byte.
bool pap_request(Bytes d, Bytes& peer, Bytes& password) {
  if (d.empty() || 1u + at(d, 0) + 1u > d.size()) return false;
  const std::size_t n1 = at(d, 0);
  const std::size_t n2 = at(d, 1 + n1);
  if (2 + n1 + n2 > d.size()) return false;
  peer = d.subspan(1, n1);
  password = d.subspan(2 + n1, n2);
  return true;
}

bool pap_message(Bytes d, Bytes& message) {
  if (d.empty() || 1u + at(d, 0) > d.size()) return false;
  message = d.subspan(1, at(d, 0));
  return true;
}

}  // namespace

bool ppp_protocol_known(std::uint16_t protocol) {
  static constexpr std::uint16_t kKnown[] = {
      33,    35,    39,    41,    43,    45,    47,    49,    53,    61,    75,
      77,    87,    89,    91,    97,    101,   103,   253,   517,   519,   641,
      643,   2048,  8293,  8295,  32801, 32803, 32817, 32855, 32857, 32859, 33021,
      33287, 33409, 34525, 49185, 49187, 49193, 49195, 49197, 49699, 49703};
  for (std::uint16_t k : kKnown)
    if (k == protocol) return true;
  return false;
}

PppControl ppp_control(const PppInfo& ppp) {
  PppControl c;
  ByteReader r(ppp.body);
  c.code = r.u8();
  c.identifier = r.u8();
  c.length = r.u16();
  if (!r.ok()) return c;
  c.ok = true;
  const std::size_t claimed = c.length >= 4 ? c.length - 4u : 0;
  c.data = r.rest().first(std::min(claimed, r.remaining()));
  return c;
}

bool ppp_malformed(const PppInfo& ppp) {
  if (!ppp.has_protocol) return true;
  if (!ppp_is_control(ppp.protocol)) return false;
  const PppControl c = ppp_control(ppp);
  if (!c.ok) return true;
  if (c.length > ppp.body.size()) return true;
  if (ppp_is_lcp_like(ppp.protocol)) return c.data.size() < cp_min_data(c.code);
  if (ppp.protocol == kPppPap) {
    Bytes a, b;
    if (c.code == 1) return !pap_request(c.data, a, b);
    if (c.code == 2 || c.code == 3) return !pap_message(c.data, a);
  }
  return false;
}

std::string ppp_protocol_column(const PppInfo& ppp) {
  if (ppp.bytes.empty()) return "GRE";  // Wireshark's PPP dissector threw before its column
  if (!ppp.has_protocol) return "PPP";
  if (ppp_is_control(ppp.protocol) && !ppp_control(ppp).ok) return "PPP";
  switch (ppp.protocol) {
    case kPppLcp:
      return "PPP LCP";
    case kPppIpcp:
      return "PPP IPCP";
    case kPppPap:
      return "PPP PAP";
    case kPppChap:
      return "PPP CHAP";
    default:
      break;
  }
  if (ppp_protocol_known(ppp.protocol)) return "PPP";
  std::string out = "0x";
  append_hex_byte(out, static_cast<std::uint8_t>(ppp.protocol >> 8));
  append_hex_byte(out, static_cast<std::uint8_t>(ppp.protocol & 0xff));
  return out;
}

std::string ppp_info(const PppInfo& ppp) {
  if (!ppp.has_protocol) return "Encapsulated PPP";
  if (!ppp_is_control(ppp.protocol)) {
    if (ppp_protocol_known(ppp.protocol)) return "Encapsulated PPP";
    std::string out = "PPP Unknown (0x";
    append_hex_byte(out, static_cast<std::uint8_t>(ppp.protocol >> 8));
    append_hex_byte(out, static_cast<std::uint8_t>(ppp.protocol & 0xff));
    out.push_back(')');
    return out;
  }
  const PppControl c = ppp_control(ppp);
  if (!c.ok) return "Encapsulated PPP";
  if (ppp_is_lcp_like(ppp.protocol)) return cp_code_name(ppp.protocol, c.code);
  std::string out;
  if (ppp.protocol == kPppPap) {
    Bytes a, b;
    switch (c.code) {
      case 1:
        out = "Authenticate-Request";
        if (pap_request(c.data, a, b)) {
          out.append(" (Peer-ID='").append(text(a)).append("', Password='");
          out.append(text(b)).append("')");
        }
        return out;
      case 2:
      case 3:
        out = c.code == 2 ? "Authenticate-Ack" : "Authenticate-Nak";
        if (pap_message(c.data, a)) out.append(" (Message='").append(text(a)).append("')");
        return out;
      default:
        return "Unknown";
    }
  }
  // CHAP
  switch (c.code) {
    case 1:
    case 2: {
      out = c.code == 1 ? "Challenge" : "Response";
      if (c.data.empty()) return out;
      const std::size_t size = at(c.data, 0);
      if (1 + size > c.data.size()) return out;
      out.append(" (NAME='").append(text(c.data.subspan(1 + size))).append("', VALUE=0x");
      for (std::size_t i = 0; i < size; ++i) append_hex_byte(out, at(c.data, 1 + i));
      out.push_back(')');
      return out;
    }
    case 3:
    case 4:
      out = c.code == 3 ? "Success" : "Failure";
      out.append(" (MESSAGE='").append(text(c.data)).append("')");
      return out;
    default:
      return "Unknown";
  }
}

Bytes ppp_rejected_data(const PppInfo& ppp, bool& known) {
  known = false;
  if (!ppp.has_protocol || !ppp_is_lcp_like(ppp.protocol)) return {};
  const PppControl c = ppp_control(ppp);
  if (!c.ok || c.code != 8 || c.data.size() <= 2) return {};
  known = ppp_protocol_known(static_cast<std::uint16_t>((at(c.data, 0) << 8) | at(c.data, 1)));
  return c.data.subspan(2);
}

void dissect_ppp(Bytes bytes, Packet& p) {
  PppInfo& x = p.ppp;
  x = {};
  x.bytes = bytes;
  p.protos |= kProtoPpp;
  ByteReader r(bytes);
  if (r.has(1) && at(bytes, 0) == 0xff) {  // address and control, unless compressed (ACFC)
    x.has_address = true;
    x.address = r.u8();
    x.control = r.u8();
    if (!r.ok()) return mark_malformed(p, "PPP: frame ends in its header");
  }
  std::uint8_t first = r.u8();
  if (!r.ok()) return mark_malformed(p, "PPP: frame ends in its header");
  if (first & 1) {
    x.protocol = first;  // compressed to one byte (PFC)
  } else {
    std::uint8_t second = r.u8();
    if (!r.ok()) return mark_malformed(p, "PPP: frame ends in its header");
    x.protocol = static_cast<std::uint16_t>((first << 8) | second);
  }
  x.has_protocol = true;
  x.body = r.rest();
  if (x.protocol == kPppIpv4 || x.protocol == kPppIpv6) {
    // An empty payload: Wireshark's IP dissector throws at once and PPP keeps the columns.
    if (x.body.empty()) return mark_malformed(p, "PPP: no IP header");
    x.ip_follows = true;
    return x.protocol == kPppIpv4 ? dissect_ipv4(x.body, p) : dissect_ipv6(x.body, p);
  }
  if (ppp_malformed(x)) return mark_malformed(p, "PPP: control packet cut short");
  bool known = false;
  Bytes data = ppp_rejected_data(x, known);
  if (!ppp_protocol_known(x.protocol) && !x.body.empty()) data = x.body;
  if (!data.empty() && !known) {
    // Wireshark's "data" dissector: an unknown protocol's payload, the packet an LCP
    // Protocol-Reject returns when it has no dissector for its protocol.
    x.payload_is_data = true;
    p.payload = data;
    p.payload_len = static_cast<std::uint32_t>(data.size());
    p.protos |= kProtoData;
  }
}

}  // namespace sockscope::capture
