// PPP inside GRE (PPTP): the header with Wireshark's reading of address/control
// compression (ACFC) and protocol compression (PFC); IPv4 and IPv6 go on as further
// layers; LCP, IPCP, PAP and CHAP are read on demand (ppp.h).
#include "capture/dissect/ppp.h"

#include <algorithm>
#include <cstdint>
#include <string_view>

#include "capture/dissect/dissect.h"

namespace sockscope::capture {

namespace {

std::uint8_t at(Bytes b, std::size_t i) {
  return static_cast<std::uint8_t>(b[i]);
}

// How many bytes from `i` form one valid UTF-8 sequence (0: none), and in `prefix` how
// many of them are a valid start of one (the "maximal subpart" that a single U+FFFD
// replaces).
std::size_t utf8_sequence(Bytes b, std::size_t i, std::size_t& prefix) {
  const unsigned c = static_cast<unsigned char>(b[i]);
  std::size_t n = c >= 0xc2 && c <= 0xdf   ? 2
                  : c >= 0xe0 && c <= 0xef ? 3
                  : c >= 0xf0 && c <= 0xf4 ? 4
                                           : 0;
  prefix = 1;
  if (n == 0) return 0;
  for (std::size_t k = 1; k < n; ++k) {
    if (i + k >= b.size()) return 0;
    const unsigned x = static_cast<unsigned char>(b[i + k]);
    unsigned lo = 0x80, hi = 0xbf;
    if (k == 1 && c == 0xe0) lo = 0xa0;
    if (k == 1 && c == 0xed) hi = 0x9f;
    if (k == 1 && c == 0xf0) lo = 0x90;
    if (k == 1 && c == 0xf4) hi = 0x8f;
    if (x < lo || x > hi) return 0;
    prefix = k + 1;
  }
  return n;
}

// A PAP/CHAP string as Wireshark's Info column shows it: read as UTF-8 (what is not
// valid becomes U+FFFD), then control characters escaped (\n, \t, ..., else \ooo).
std::string text(Bytes b) {
  std::string out;
  for (std::size_t i = 0; i < b.size();) {
    const auto c = static_cast<unsigned char>(b[i]);
    static constexpr char kEscapes[] = "abtnvfr";  // 7 .. 13
    if (c >= 0x80) {
      std::size_t prefix = 1;
      const std::size_t n = utf8_sequence(b, i, prefix);
      if (n > 0) {
        out.append(reinterpret_cast<const char*>(b.data() + i), n);
        i += n;
      } else {
        out.append("\xef\xbf\xbd");
        i += prefix;
      }
      continue;
    }
    if (c >= 7 && c <= 13) {
      out.push_back('\\');
      out.push_back(kEscapes[c - 7]);
    } else if (c < 0x20 || c == 0x7f) {
      out.push_back('\\');
      out.push_back(static_cast<char>('0' + (c >> 6)));
      out.push_back(static_cast<char>('0' + ((c >> 3) & 7)));
      out.push_back(static_cast<char>('0' + (c & 7)));
    } else {
      out.push_back(static_cast<char>(c));
    }
    ++i;
  }
  return out;
}

void append_hex_byte(std::string& out, std::uint8_t v) {
  static constexpr char kDigits[] = "0123456789abcdef";
  out.push_back(kDigits[v >> 4]);
  out.push_back(kDigits[v & 15]);
}

// LCP's code names (IPCP, IPV6CP and CCP have only 0-7 of them, CCP adds its Reset
// Request/Ack; Wireshark says "Unknown" for the rest).
const char* cp_code_name(std::uint16_t protocol, std::uint8_t code) {
  static constexpr const char* kNames[] = {
      "Vendor Specific",      "Configuration Request", "Configuration Ack", "Configuration Nak",
      "Configuration Reject", "Termination Request",   "Termination Ack",   "Code Reject",
      "Protocol Reject",      "Echo Request",          "Echo Reply",        "Discard Request",
      "Identification",       "Time Remaining"};
  const unsigned last = protocol == kPppLcp ? 13 : 7;
  if (protocol == kPppCcp && (code == 14 || code == 15))
    return code == 14 ? "Reset Request" : "Reset Ack";
  return code <= last ? kNames[code] : "Unknown";
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
  c.has_code = r.ok();
  c.identifier = r.u8();
  c.length = r.u16();
  if (!r.ok()) return c;
  c.ok = true;
  c.data = r.rest();
  return c;
}

// Measured against tshark 4.0 option type by type and length by length
// (tests/data/make_ppp_options.py).
PppOptionRule ppp_option_rule(std::uint16_t protocol, std::uint8_t type, std::uint8_t len) {
  auto exactly = [len](std::uint8_t want) { return PppOptionRule{len == want, false}; };
  auto at_least = [len](std::uint8_t want) { return PppOptionRule{len >= want, false}; };
  if (protocol == kPppLcp) {
    switch (type) {
      case 0:
        return at_least(6);
      case 1:
      case 17:
      case 22:
      case 23:
      case 27:
        return exactly(4);
      case 2:
      case 5:
      case 6:
        return exactly(6);
      case 3:
        return at_least(4);
      case 4:  // Quality-Protocol: one longer than 4 ends the walk
        return {len >= 4, len > 4};
      case 7:
      case 8:
      case 15:
      case 16:
      case 18:
      case 29:
        return exactly(2);
      case 9:
      case 10:
      case 21:
      case 25:
        return exactly(3);
      case 11:
      case 13:
      case 19:
        return at_least(3);
      case 24:  // throws whenever it is read, but only when the tree is built
        return {len >= 3, len >= 3, true};
      case 26:
        return at_least(2);
      case 28:
        return at_least(7);
      default:
        return {};
    }
  }
  if (protocol == kPppIpcp) {
    switch (type) {
      case 1:
        return exactly(10);
      case 2:  // IP-Compression-Protocol: shorter than 4 ends the walk
        return {true, len < 4};
      case 3:
      case 4:
      case 129:
      case 130:
      case 131:
      case 132:
        return exactly(6);
      default:
        return {};
    }
  }
  if (protocol == kPppIpv6cp) {
    if (type == 1) return exactly(10);
    if (type == 2) return {false, len < 4};  // IPv6-Compression-Protocol: never shown
    return {};
  }
  switch (type) {  // CCP
    case 0:
      return at_least(6);
    case 1:
    case 2:
    case 3:
    case 16:
    case 20:
      return at_least(2);
    case 17:
      return at_least(5);
    case 27:  // V.44: an odd length of 5 or 7 ends the walk
      return {len >= 4, len == 5 || len == 7};
    case 19:
      return at_least(3);
    case 18:
    case 23:
      return exactly(6);
    case 21:
    case 25:
      return exactly(3);
    case 24:
    case 26:
      return exactly(4);
    default:
      return {};
  }
}

namespace {
// Where Wireshark's first failing read of a control packet ends, counted from the start
// of the body (0: none fails). Its reads come in this order: code, identifier, length,
// the code's fixed fields, the configuration options one by one, the part that runs to
// the length. A read is checked over its whole span; kPastPdu is one past an option's
// own length (an option dissector that reads too far), malformed wherever the capture
// ends. `tree`: also what throws only when the protocol tree is built.
constexpr std::size_t kPastPdu = SIZE_MAX;

std::size_t first_failed_read(const PppInfo& ppp, bool tree) {
  const Bytes body = ppp.body;
  std::size_t failed = 0;
  // One read ending at `end`: false (and `failed` set) when it runs past the capture.
  auto read = [&](std::size_t end) {
    if (end <= body.size()) return true;
    failed = end;
    return false;
  };
  if (!read(1) || !read(2) || !read(4)) return failed;
  const PppControl c = ppp_control(ppp);
  const std::size_t to_length = 4 + c.declared();  // the end of a part run to the length
  if (ppp_is_lcp_like(ppp.protocol)) {
    switch (c.code) {
      case 0:  // magic number, OUI, kind
        if (!read(8) || !read(11) || !read(12)) return failed;
        break;
      case 8:  // the rejected protocol; the packet after it is not bounded by the length
        return read(6) ? 0 : failed;
      case 9:
      case 10:
      case 11:
      case 12:
        if (!read(8)) return failed;  // magic number
        break;
      case 13:  // magic number, seconds remaining
        if (!read(8) || !read(12)) return failed;
        break;
      case 1:
      case 2:
      case 3:
      case 4: {
        // The options up to the length are checked whole before any is read (a length
        // past the capture is the snap length's cut even when an option would throw).
        if (!read(to_length)) return failed;
        bool thrown = false;
        for_each_ppp_option(ppp.protocol, c.part(0), [&](const PppOption& o) {
          thrown = o.rule.ends && (tree || !o.rule.tree_only);
        });
        if (thrown) return kPastPdu;
        break;
      }
      default:
        break;
    }
    return read(to_length) ? 0 : failed;
  }
  if (ppp.protocol == kPppPap) {
    if (c.code == 1) {  // peer-ID and password, each after its length byte
      if (!read(5)) return failed;
      const std::size_t n1 = at(c.data, 0);
      if (!read(5 + n1) || !read(6 + n1)) return failed;
      return read(6 + n1 + at(c.data, 1 + n1)) ? 0 : failed;
    }
    if (c.code == 2 || c.code == 3) {  // the message after its length byte
      if (!read(5)) return failed;
      return read(5 + at(c.data, 0)) ? 0 : failed;
    }
    return read(5) ? 0 : failed;  // another code: its data item throws when there is none
  }
  // CHAP
  if (c.code == 1 || c.code == 2) {
    if (!read(5)) return failed;  // the value size
    const std::size_t size = at(c.data, 0);
    if (1 + size > c.declared()) return 0;  // (no name: nothing more is read)
    if (!read(5 + size)) return failed;     // the value
    return read(to_length) ? 0 : failed;    // the name after it
  }
  return read(to_length) ? 0 : failed;  // a message or data running to the length
}
}  // namespace

bool ppp_options_throw_in_tree(const PppInfo& ppp) {
  if (!ppp.has_protocol || !ppp_is_lcp_like(ppp.protocol)) return false;
  return first_failed_read(ppp, true) == kPastPdu && first_failed_read(ppp, false) != kPastPdu;
}

std::size_t ppp_failed_read(const PppInfo& ppp) {
  if (!ppp.has_protocol || !ppp_is_control(ppp.protocol)) return 0;
  return first_failed_read(ppp, false);
}

std::string ppp_protocol_column(const PppInfo& ppp) {
  if (ppp.bytes.empty()) return "GRE";  // Wireshark's PPP dissector threw before its column
  if (!ppp.has_protocol) return "PPP";
  // LCP and IPCP name themselves once their header is read, PAP and CHAP at once.
  if (ppp_is_control(ppp.protocol) && !ppp_control(ppp).has_code) return "PPP";
  if (ppp_is_lcp_like(ppp.protocol) && !ppp_control(ppp).ok) return "PPP";
  switch (ppp.protocol) {
    case kPppLcp:
      return "PPP LCP";
    case kPppIpcp:
      return "PPP IPCP";
    case kPppPap:
      return "PPP PAP";
    case kPppChap:
      return "PPP CHAP";
    case kPppCcp:
      return "PPP CCP";
    case kPppIpv6cp:
      return "PPP IPV6CP";
    case kPppComp:
      return "PPP Comp";
    default:
      break;
  }
  if (ppp_protocol_known(ppp.protocol) && !(ppp.protocol == kPppIpv6 && ppp.payload_is_data))
    return "PPP";
  std::string out = "0x";
  append_hex_byte(out, static_cast<std::uint8_t>(ppp.protocol >> 8));
  append_hex_byte(out, static_cast<std::uint8_t>(ppp.protocol & 0xff));
  return out;
}

std::string ppp_info(const PppInfo& ppp) {
  if (!ppp.has_protocol) return "Encapsulated PPP";
  if (!ppp_is_control(ppp.protocol)) {
    if (ppp.protocol == kPppComp) return "Compressed data";  // MPPC/MPPE in PPTP
    if (ppp.protocol == kPppIpv6 && ppp.payload_is_data)     // refused by the IPv6 dissector
      return "PPP Internet Protocol version 6 (0x0057)";
    if (ppp_protocol_known(ppp.protocol)) return "Encapsulated PPP";
    std::string out = "PPP Unknown (0x";
    append_hex_byte(out, static_cast<std::uint8_t>(ppp.protocol >> 8));
    append_hex_byte(out, static_cast<std::uint8_t>(ppp.protocol & 0xff));
    out.push_back(')');
    return out;
  }
  const PppControl c = ppp_control(ppp);
  if (ppp_is_lcp_like(ppp.protocol))
    return c.ok ? cp_code_name(ppp.protocol, c.code) : "Encapsulated PPP";
  if (!c.has_code) return "Encapsulated PPP";
  std::string out;
  if (ppp.protocol == kPppPap) {
    Bytes a, b;
    switch (c.code) {
      case 1:
        out = "Authenticate-Request";
        if (c.ok && pap_request(c.data, a, b)) {
          out.append(" (Peer-ID='").append(text(a)).append("', Password='");
          out.append(text(b)).append("')");
        }
        return out;
      case 2:
      case 3:
        out = c.code == 2 ? "Authenticate-Ack" : "Authenticate-Nak";
        if (c.ok && pap_message(c.data, a)) out.append(" (Message='").append(text(a)).append("')");
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
      if (!c.ok || c.data.empty()) return out;
      const std::size_t size = at(c.data, 0);
      if (1 + size > c.declared() || c.cut()) return out;
      out.append(" (NAME='").append(text(c.part(1 + size))).append("', VALUE=0x");
      for (std::size_t i = 0; i < size; ++i) append_hex_byte(out, at(c.data, 1 + i));
      out.push_back(')');
      return out;
    }
    case 3:
    case 4:
      out = c.code == 3 ? "Success" : "Failure";
      if (c.ok && !c.cut()) out.append(" (MESSAGE='").append(text(c.part(0))).append("')");
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

void dissect_ppp(Bytes bytes, std::size_t reported, Packet& p) {
  PppInfo& x = p.ppp;
  x = {};
  x.bytes = bytes;
  x.reported = std::max(reported, bytes.size());
  p.protos |= kProtoPpp;
  ByteReader r(bytes);
  if (r.has(1) && at(bytes, 0) == 0xff) {  // address and control, unless compressed (ACFC)
    x.has_address = true;
    x.address = r.u8();
    x.control = r.u8();
    if (!r.ok()) return mark_cut(p, "PPP header", 2, x.reported);
  }
  const std::size_t header = x.has_address ? 2 : 0;
  std::uint8_t first = r.u8();
  if (!r.ok()) return mark_cut(p, "PPP header", header + 1, x.reported);
  if (first & 1) {
    x.protocol = first;  // compressed to one byte (PFC)
  } else {
    std::uint8_t second = r.u8();
    if (!r.ok()) return mark_cut(p, "PPP header", header + 2, x.reported);
    x.protocol = static_cast<std::uint16_t>((first << 8) | second);
  }
  x.has_protocol = true;
  x.body = r.rest();
  if (x.protocol == kPppIpv4 || x.protocol == kPppIpv6) {
    // An empty payload: Wireshark's IP dissector throws at once and PPP keeps the columns,
    // except IPv6's when the snap length cut it away: it names itself first, a cut IPv6
    // header of no byte.
    const bool cut_ipv6 = x.protocol == kPppIpv6 && x.reported > x.bytes.size();
    if (x.body.empty() && !cut_ipv6)
      return mark_cut(p, "PPP: no IP header", x.bytes.size() + 1, x.reported);
    if (x.body.empty()) {  // (its first read, the version, is past only the capture)
      x.ip_follows = true;
      p.partial = kProtoIpv6;
      p.partial_bytes = x.body;
      return mark_truncated(p, "IPv6 header");
    }
    if (x.protocol == kPppIpv6 && !x.body.empty() && (at(x.body, 0) >> 4) != 6) {
      // Wireshark's IPv6 dissector refuses it, and PPP hands it to "data".
      x.payload_is_data = true;
      p.payload = x.body;
      p.payload_len = static_cast<std::uint32_t>(x.body.size());
      p.protos |= kProtoData;
      return;
    }
    x.ip_follows = true;
    return x.protocol == kPppIpv4 ? dissect_ipv4(x.body, p) : dissect_ipv6(x.body, p);
  }
  // A read past the frame's reported length is malformed, one past only the capture is
  // the snap length's cut.
  if (const std::size_t end = ppp_failed_read(x); end != 0)
    return mark_cut(p, "PPP control packet", end, x.reported - (x.bytes.size() - x.body.size()));
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
