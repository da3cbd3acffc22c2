#include "capture/summary.h"

#include "capture/ethernet_trailer.h"
#include "capture/icmpv6_nd.h"
#include "capture/ipv6_extensions.h"
#include "capture/llc_names.h"
#include "capture/llc_payload_columns.h"
#include "capture/stp_bpdu.h"

#include "capture/dissect/dhcp.h"
#include "capture/dissect/dissect.h"
#include "capture/dissect/dns.h"
#include "capture/dissect/dns_tcp.h"
#include "capture/dissect/ethertype.h"
#include "capture/dissect/http_reassembly.h"
#include "capture/dissect/ip_protocol.h"
#include "capture/dissect/ppp.h"

#include <cstring>
#include <span>

#include "capture/text_out.h"
#include "net/mac_names.h"

namespace sockscope::capture {

// (literals as string_views: their lengths known when compiled, no strlen a line)
using namespace std::string_view_literals;
namespace {

const char* kArrow = "\xe2\x86\x92";  // →

bool is_broadcast(const Mac& m) {
  for (auto b : m)
    if (b != 0xff) return false;
  return true;
}

// An echo reply matched to its request names it, as tshark does in one pass.
void append_request_in(std::string& out, const IcmpHeader& i) {
  if (i.resp_to == 0) return;
  out.append(" (request in "sv);
  append_u64(out, i.resp_to);
  out.push_back(')');
}

// Wireshark 4.0's names of the ICMP types (packet-icmp.c), nullptr for a type it calls
// "Unknown ICMP (obsolete or malformed?)".
const char* icmp_type_name(std::uint8_t type) {
  static const char* const kNames[] = {"Echo (ping) reply",
                                       "Reserved",
                                       "Reserved",
                                       "Destination unreachable",
                                       "Source quench (flow control)",
                                       "Redirect",
                                       "Alternate host address",
                                       nullptr,
                                       "Echo (ping) request",
                                       "Router advertisement",
                                       "Router solicitation",
                                       "Time-to-live exceeded",
                                       "Parameter problem",
                                       "Timestamp request",
                                       "Timestamp reply",
                                       "Information request",
                                       "Information reply",
                                       "Address mask request",
                                       "Address mask reply",
                                       "Reserved (for security)"};
  static const char* const kLater[] = {"Traceroute",
                                       "Datagram Conversion Error",
                                       "Mobile Host Redirect",
                                       "IPv6 Where-Are-You",
                                       "IPv6 I-Am-Here",
                                       "Mobile Registration Request",
                                       "Mobile Registration Reply",
                                       "Domain Name Request",
                                       "Domain Name Reply",
                                       "SKIP",
                                       "Photuris",
                                       "Experimental mobility protocols",
                                       "Extended Echo request",
                                       "Extended Echo reply"};
  if (type < std::size(kNames)) return kNames[type];
  if (type >= 30 && type < 30 + std::size(kLater)) return kLater[type - 30];
  return nullptr;
}

// The names of a type's codes, for the types whose summary names the code.
std::span<const char* const> icmp_code_names(std::uint8_t type) {
  static const char* const kUnreachable[] = {"Network unreachable",
                                             "Host unreachable",
                                             "Protocol unreachable",
                                             "Port unreachable",
                                             "Fragmentation needed",
                                             "Source route failed",
                                             "Destination network unknown",
                                             "Destination host unknown",
                                             "Source host isolated",
                                             "Network administratively prohibited",
                                             "Host administratively prohibited",
                                             "Network unreachable for TOS",
                                             "Host unreachable for TOS",
                                             "Communication administratively filtered",
                                             "Host precedence violation",
                                             "Precedence cutoff in effect"};
  static const char* const kRedirect[] = {"Redirect for network", "Redirect for host",
                                          "Redirect for TOS and network",
                                          "Redirect for TOS and host"};
  static const char* const kAlternate[] = {"Alternate address for host"};
  static const char* const kTimeExceeded[] = {"Time to live exceeded in transit",
                                              "Fragment reassembly time exceeded"};
  static const char* const kParameter[] = {"Pointer indicates the error", "Required option missing",
                                           "Bad length"};
  static const char* const kPhoturis[] = {
      "Bad SPI",           "Authentication Failed", "Decompression Failed",
      "Decryption Failed", "Need Authentication",   "Need Authorization"};
  static const char* const kExtendedRequest[] = {"No error"};
  static const char* const kExtendedReply[] = {"No error", "Malformed Query", "No Such Interface",
                                               "No Such Table Entry",
                                               "Multiple Interfaces Satisfy Query"};
  switch (type) {
    case 3:
      return kUnreachable;
    case 5:
      return kRedirect;
    case 6:
      return kAlternate;
    case 11:
      return kTimeExceeded;
    case 12:
      return kParameter;
    case 40:
      return kPhoturis;
    case 42:
      return kExtendedRequest;
    case 43:
      return kExtendedReply;
    default:
      return {};
  }
}

// Wireshark's summary of an ICMP message: the type's name (padded to 20 columns), then
// the code's name for the types that have them, or the identifier, sequence number (both
// byte orders) and TTL for echo, timestamp, information and address mask messages.
void append_icmp_info(std::string& out, const Packet& p) {
  const IcmpHeader& i = p.icmp;
  const char* name = icmp_type_name(i.type);
  if (name == nullptr) {
    out.append("Unknown ICMP (obsolete or malformed?)"sv);
    return;
  }
  if (i.type == 9 && (i.code == 0 || i.code == 16)) name = "Mobile IP Advertisement";
  const std::size_t start = out.size();
  out.append(name);
  if (out.size() - start < 20) out.append(20 - (out.size() - start), ' ');
  const std::span<const char* const> codes = icmp_code_names(i.type);
  const bool router_ad_code = i.type == 9 && (i.code == 0 || i.code == 16);
  if (!codes.empty() || i.type == 9) {
    out.append(" ("sv);
    if (router_ad_code) {
      out.append(i.code == 0 ? "Normal router advertisement" : "Does not route common traffic");
    } else if (i.code < codes.size()) {
      out.append(codes[i.code]);
    } else {
      out.append("Unknown code: "sv);
      append_u64(out, i.code);
    }
    out.push_back(')');
    return;
  }
  const bool echo_like = i.type == 0 || i.type == 8 || (i.type >= 13 && i.type <= 18);
  if (!echo_like || p.l4.size() < 8) return;
  const auto id = static_cast<std::uint16_t>((static_cast<unsigned>(p.l4[4]) << 8) |
                                             static_cast<unsigned>(p.l4[5]));
  const auto seq = static_cast<std::uint16_t>((static_cast<unsigned>(p.l4[6]) << 8) |
                                              static_cast<unsigned>(p.l4[7]));
  out.append(" id=0x"sv);
  append_hex(out, id, 4);
  out.append(", seq="sv);
  append_u64(out, seq);
  out.push_back('/');
  append_u64(out, static_cast<std::uint16_t>((seq >> 8) | (seq << 8)));
  out.append(", ttl="sv);
  append_u64(out, p.ttl);
  append_request_in(out, i);
}

// Neighbour discovery: each source (type 1) or target (type 2) link-layer address
// option, in order, as Wireshark's summary adds them ("from 02:..", "is at 02:..").
void append_nd_link_addresses(std::string& out, const Packet& p) {
  for_each_nd_option(nd_options(p), [&out](const NdOption& o) {
    if (o.type != 1 && o.type != 2) return;
    const NdLinkAddress a = nd_link_address(o);
    if (!a.named) return;
    out.append(o.type == 1 ? " from " : " is at ");
    for (std::size_t k = 0; k < a.bytes.size(); ++k) {
      if (k > 0) out.push_back(':');
      append_hex(out, static_cast<std::uint8_t>(a.bytes[k]), 2);
    }
  });
}

// Wireshark 4.0's name of an ICMPv6 code below `count` in `names`, "Unknown" past them.
void append_code(std::string& out, std::uint8_t code, const char* const* names, std::size_t count) {
  out.append(" ("sv);
  if (code < count) {
    out.append(names[code]);
  } else {
    out.append("Unknown ("sv);
    append_u64(out, code);
    out.push_back(')');
  }
  out.push_back(')');
}

// An IPv6 datagram whose dissection ends in its extension headers: each header's name as
// its dissector appends it to the Info column ("IPv6 hop-by-hop options , IPv6
// routing") when reading them threw, or, when the chain says no next header, the words
// that replace them. False when neither applies.
bool append_ipv6_ext_info(std::string& out, const Packet& p) {
  if (p.ip_layer_count == 0) return false;
  const IpLayer& l = p.ip_layers[p.ip_layer_count - 1];
  if (l.src.family != AF_INET6 || l.datagram.empty()) return false;
  std::string names;
  bool fragment_cut = false;
  const std::uint8_t last = walk_ipv6_extensions(l, [&](std::uint8_t type, Bytes h) {
    // (the fragment header's dissector writes the column, once it has read the header)
    if (type == 44) {
      fragment_cut = h.size() < 8;
      return false;
    }
    if (!names.empty()) names.append(" , ");
    names.append(type == 0    ? "IPv6 hop-by-hop options"
                 : type == 43 ? "IPv6 routing"
                              : "IPv6 destination options");
    return true;
  });
  const bool threw = p.malformed != nullptr || p.truncated != nullptr;
  if (last == 59 && !threw) {
    out.append("IPv6 no next header"sv);
    return true;
  }
  // A fragment header the snap length cut: its dissector threw before it wrote anything.
  if (threw && names.empty() && fragment_cut) return true;
  if (!threw || names.empty()) return false;  // (a protocol after them wrote the column)
  out.append(names);
  return true;
}

void append_icmpv6_info(std::string& out, const Packet& p) {
  const IcmpHeader& i = p.icmp;
  // A Neighbor Solicitation or Advertisement names its target once it was captured; an
  // error its code once that was read.
  const bool target = p.l4.size() >= 24;
  const bool code = p.l4.size() >= 2;
  switch (i.type) {
    case 128:
    case 129:
      out.append(i.type == 128 ? "Echo (ping) request" : "Echo (ping) reply");
      if (p.l4.size() < 8) return;  // the rest is written once the header was read
      out.append(" id=0x"sv);
      append_hex(out, i.id, 4);
      out.append(", seq="sv);
      append_u64(out, i.seq);
      out.append(", hop limit="sv);
      append_u64(out, p.ttl);
      append_request_in(out, i);
      return;
    case 1: {
      static const char* const kCodes[] = {"no route to destination",
                                           "Administratively prohibited",
                                           "Beyond scope of source address",
                                           "Address unreachable",
                                           "Port unreachable",
                                           "Source address failed ingress/egress policy",
                                           "Reject route to destination",
                                           "Error in Source Routing Header"};
      out.append("Destination Unreachable"sv);
      if (!code) return;
      out.append(" ("sv);
      out.append(i.code < std::size(kCodes) ? kCodes[i.code] : "Unknown");
      out.push_back(')');
      return;
    }
    case 2:
      out.append("Packet Too Big"sv);
      return;
    case 3: {
      static const char* const kCodes[] = {"hop limit exceeded in transit",
                                           "fragment reassembly time exceeded"};
      out.append("Time Exceeded"sv);
      if (code) append_code(out, i.code, kCodes, std::size(kCodes));
      return;
    }
    case 4: {
      static const char* const kCodes[] = {"erroneous header field encountered",
                                           "unrecognized Next Header type encountered",
                                           "unrecognized IPv6 option encountered",
                                           "IPv6 First Fragment has incomplete IPv6 Header Chain"};
      out.append("Parameter Problem"sv);
      if (code) append_code(out, i.code, kCodes, std::size(kCodes));
      return;
    }
    case 133:
      out.append("Router Solicitation"sv);
      break;
    case 134:
      out.append("Router Advertisement"sv);
      break;
    case 135:
      out.append("Neighbor Solicitation"sv);
      if (!target) return;
      out.append(" for "sv);
      append_ip(out, p.arp.target_ip);
      break;
    case 136: {
      out.append("Neighbor Advertisement"sv);
      if (!target) return;
      out.push_back(' ');
      append_ip(out, p.arp.target_ip);
      const char* names[] = {"rtr", "sol", "ovr"};
      bool any = false;
      for (int bit = 0; bit < 3; ++bit) {
        if ((i.nd_flags & (0x80 >> bit)) == 0) continue;
        out.append(any ? ", " : " (");
        out.append(names[bit]);
        any = true;
      }
      if (any) out.push_back(')');
      break;
    }
    case 137:
      out.append("Redirect"sv);
      break;
    case 130:
      out.append("Multicast Listener Query"sv);
      return;
    case 131:
      out.append("Multicast Listener Report"sv);
      return;
    case 132:
      out.append("Multicast Listener Done"sv);
      return;
    case 141:
    case 142:
      out.append(i.type == 141 ? "Inverse Neighbor Discovery Solicitation"
                               : "Inverse Neighbor Discovery Advertisement");
      return;
    case 143:
      out.append("Multicast Listener Report Message v2"sv);
      return;
    case 100:
    case 101:
    case 200:
    case 201:
      out.append("Private experimentation"sv);
      return;
    case 127:
    case 255:
      out.append(i.type == 127 ? "Reserved for expansion of ICMPv6 error messages"
                               : "Reserved for expansion of ICMPv6 informational messages");
      return;
    default:
      out.append("Type "sv);
      append_u64(out, i.type);
      return;
  }
  append_nd_link_addresses(out, p);
}

// After the ports: Wireshark's words for a length field that is wrong, then Len (what the
// field says, less the header), a jumbogram's mark and a zero checksum over IPv6.
void append_udp_length_info(std::string& out, const Packet& p) {
  const UdpHeader& u = p.udp;
  if (u.length_check == UdpLength::kBelow8) {
    out.append(" [BAD UDP LENGTH "sv);
    append_u64(out, u.length);
    out.append(" < 8]"sv);
    return;
  }
  if (u.length_check == UdpLength::kBeyondPayload) {
    out.append(" [BAD UDP LENGTH "sv);
    append_u64(out, u.length);
    out.append(" > IP PAYLOAD LENGTH]"sv);
  }
  out.append(" Len="sv);
  append_u64(out, u.length_check == UdpLength::kBeyondPayload ? u.length - 8u : p.payload_len);
  if (u.length_check == UdpLength::kJumbogram) out.append(" [Jumbogram]"sv);
  if (u.checksum == 0 && p.dst.family == AF_INET6) out.append(" [ILLEGAL CHECKSUM (0)]"sv);
}

// The same for a UDP header cut after its length field: what Wireshark wrote of it
// before the checksum's read threw (below 8, it stopped before that read).
void append_cut_udp_length_info(std::string& out, const UdpHeader& u) {
  if (u.length_check == UdpLength::kBelow8 || u.length_check == UdpLength::kBeyondPayload) {
    out.append(" [BAD UDP LENGTH "sv);
    append_u64(out, u.checked_length);
    if (u.length_check == UdpLength::kBelow8) {
      out.append(" < 8]"sv);
      return;
    }
    out.append(" > IP PAYLOAD LENGTH]"sv);
  }
  out.append(" Len="sv);
  append_u64(out, u.checked_length - 8u);
  if (u.length_check == UdpLength::kJumbogram) out.append(" [Jumbogram]"sv);
}

// The Info column of Wireshark's other ARP operations (RARP, DRARP, InARP, MARS, ...).
void append_arp_other_info(std::string& out, const ArpInfo& a) {
  static constexpr const char* kMars[] = {
      "MARS request",           "MARS MULTI request",   "MARS MSERV request",
      "MARS JOIN request",      "MARS LEAVE",           "MARS NAK",
      "MARS UNSERV request",    "MARS SJOIN request",   "MARS SLEAVE",
      "MARS grouplist request", "MARS grouplist reply", "MARS redirect map",
      "MAPOS UNARP request"};
  switch (a.op) {
    case 3:  // reverse, dynamic reverse and inverse requests
    case 5:
    case 8:
      out.append("Who is "sv);
      append_mac(out, a.target_mac);
      out.append("? Tell "sv);
      append_mac(out, a.sender_mac);
      return;
    case 4:
    case 6:
      append_mac(out, a.target_mac);
      out.append(" is at "sv);
      append_ip(out, a.target_ip);
      return;
    case 7:
      out.append("DRARP Error"sv);
      return;
    case 9:
      append_mac(out, a.sender_mac);
      out.append(" is at "sv);
      append_ip(out, a.sender_ip);
      return;
    case 10:
      out.append("ARP NAK"sv);
      return;
    case 24:
    case 25:
      out.append(a.op == 24 ? "Experimental 1 ( opcode " : "Experimental 2 ( opcode ");
      append_u64(out, a.op);
      out.append(" )"sv);
      return;
    case 0:
    case 65535:
      out.append("Reserved opcode "sv);
      append_u64(out, a.op);
      return;
    default:
      break;
  }
  if (a.op >= 11 && a.op <= 23) {
    out.append(kMars[a.op - 11]);
    out.append(" from "sv);
    append_mac(out, a.sender_mac);
    out.append(" at "sv);
    append_ip(out, a.sender_ip);
    return;
  }
  out.append("Unknown ARP opcode 0x"sv);
  append_hex(out, a.op, 4);
}

void append_arp_info(std::string& out, const Packet& p) {
  const ArpInfo& a = p.arp;
  if (a.hlen != 6 || a.plen != 4) {
    out.append("ARP"sv);
    return;
  }
  if (!a.addresses) return;  // (Wireshark cleared the Info column before it threw)
  const ArpKind kind = arp_kind(a);
  if (kind.gratuitous) {
    out.append(kind.announcement ? "ARP Announcement for " : "Gratuitous ARP for ");
    append_ip(out, a.op == 1 ? a.target_ip : a.sender_ip);
    if (!kind.announcement) out.append(a.op == 1 ? " (Request)" : " (Reply)");
  } else if (a.op == 1) {
    out.append("Who has "sv);
    append_ip(out, a.target_ip);
    if (kind.probe) {
      out.append("? (ARP Probe)"sv);
      return;
    }
    out.append("? Tell "sv);
    append_ip(out, a.sender_ip);
  } else if (a.op == 2) {
    append_ip(out, a.sender_ip);
    out.append(" is at "sv);
    append_mac(out, a.sender_mac);
  } else {
    append_arp_other_info(out, a);
  }
  if (a.duplicate_in_info) {
    out.append(" (duplicate use of "sv);
    append_ip(out, a.duplicate_ip);
    out.append(" detected!)"sv);
  }
}

void append_tcp_analysis_prefix(std::string& out, const Packet& p) {
  // Wireshark prepends each note in turn, so the last one checked appears first.
  const std::uint32_t f = p.tcpa.flags;
  if (f & kPortsReused) out.append("[TCP Port numbers reused] "sv);
  if (f & kWindowUpdate) out.append("[TCP Window Update] "sv);
  if (f & kWindowFull) out.append("[TCP Window Full] "sv);
  if (f & kZeroWindow) out.append("[TCP ZeroWindow] "sv);
  if (f & kZeroWindowProbeAck) out.append("[TCP ZeroWindowProbeAck] "sv);
  if (f & kZeroWindowProbe) out.append("[TCP ZeroWindowProbe] "sv);
  if (f & kDupAck) {
    out.append("[TCP Dup ACK "sv);
    append_u64(out, p.tcpa.dup_ack_of);
    out.push_back('#');
    append_u64(out, p.tcpa.dup_ack_count);
    out.append("] "sv);
  }
  if (f & kKeepAliveAck) out.append("[TCP Keep-Alive ACK] "sv);
  if (f & kKeepAlive) out.append("[TCP Keep-Alive] "sv);
  if (f & kAckedUnseen) out.append("[TCP ACKed unseen segment] "sv);
  if (f & kLostSegment) out.append("[TCP Previous segment not captured] "sv);
  if (f & kOutOfOrder) out.append("[TCP Out-Of-Order] "sv);
  if (f & kSpuriousRetransmission) out.append("[TCP Spurious Retransmission] "sv);
  if (f & kFastRetransmission) out.append("[TCP Fast Retransmission] "sv);
  if (f & kRetransmission) out.append("[TCP Retransmission] "sv);
}

void append_tcp_options_info(std::string& out, const Packet& p, bool absolute);

void append_tcp_info(std::string& out, const Packet& p, const SummaryOptions& o) {
  const TcpHeader& t = p.tcp;
  append_tcp_analysis_prefix(out, p);
  append_u64(out, t.sport);
  out.push_back(' ');
  out.append(kArrow);
  out.push_back(' ');
  append_u64(out, t.dport);
  out.append(" ["sv);
  append_tcp_flags(out, t.flags);
  out.append("] Seq="sv);
  append_u64(out, o.absolute_seq ? t.seq : p.tcpa.rel_seq);
  if (t.flags & kAck) {
    out.append(" Ack="sv);
    append_u64(out, o.absolute_seq ? t.ack : p.tcpa.rel_ack);
  }
  out.append(" Win="sv);
  append_u64(out, static_cast<std::uint64_t>(p.tcpa.window));
  if (t.flags & kUrg) {
    out.append(" Urg="sv);
    append_u64(out, t.urgent);
  }
  out.append(" Len="sv);
  append_u64(out, p.payload_len);
  append_tcp_options_info(out, p, o.absolute_seq);
}

// The options in Info, each as its dissector adds it once its value is read (a SACK's
// edges relative to the other side's base, like Ack, unless `absolute`).
void append_tcp_options_info(std::string& out, const Packet& p, bool absolute) {
  const TcpHeader& t = p.tcp;
  std::size_t sack_index = 0;
  // (a SACK option the segment cut shows the blocks read before the cut)
  const bool sack_cut = t.option_value_cut && t.option_count < t.option_kinds.size() &&
                        t.option_kinds[t.option_count] == 5;
  for (std::size_t k = 0; k < t.option_count + (sack_cut ? 1u : 0u); ++k) {
    switch (t.option_kinds[k]) {
      case 2:
        out.append(" MSS="sv);
        append_u64(out, t.mss);
        break;
      case 3:
        out.append(" WS="sv);
        append_u64(out, t.ws_shift < 15 ? (1u << t.ws_shift) : (1u << 14));
        break;
      case 4:
        out.append(" SACK_PERM"sv);
        break;
      case 5: {
        // SACK edges are relative to the other side's base, like Ack.
        std::uint32_t base = absolute ? 0 : p.tcpa.ack_base;
        for (; sack_index < t.sack_edges / 2u; ++sack_index) {
          out.append(" SLE="sv);
          append_u64(out, t.sack[sack_index * 2] - base);
          out.append(" SRE="sv);
          append_u64(out, t.sack[sack_index * 2 + 1] - base);
        }
        break;
      }
      case 34:  // TCP Fast Open: a cookie, or (length 2) a request for one
        out.append(t.tfo_cookie ? " TFO=C" : " TFO=R");
        break;
      case 8:
        out.append(" TSval="sv);
        append_u64(out, t.tsval);
        out.append(" TSecr="sv);
        append_u64(out, t.tsecr);
        break;
      default:
        break;
    }
  }
}

// A Continuation's body's media type, as HTTP names it when it hands on the body.
void append_continuation_type(std::string& out, const Packet& p) {
  if (p.http != Packet::HttpPart::kContinuation || http_continuation_layer(p) == nullptr) return;
  const std::string_view type = http_continuation_type(p);
  if (type.empty()) return;
  out.append(" ("sv);
  out.append(type);
  out.push_back(')');
}

// tshark's Info for HTTP over TCP: the message's first line on the segment that
// completes it (then the body's media type) and on the segments of its headers; the
// TCP line on body segments; "[TCP segment of a reassembled PDU]" on every segment
// before the last. DNS's the same way (dissect/dns_tcp.h).
void append_tcp_or_http_info(std::string& out, const Packet& p, const SummaryOptions& o) {
  std::string_view text(reinterpret_cast<const char*>(p.http_message.data()),
                        p.http_message.size());
  const bool cut = p.http == Packet::HttpPart::kCut;
  if (p.http == Packet::HttpPart::kMessage || (cut && http_first_line_captured(text))) {
    // (a cut message's media type only once its headers are whole)
    if (cut && text.find("\r\n\r\n") == std::string_view::npos) text = http_first_line(text);
    out.append(http_first_line(text));
    out.push_back(' ');
    // (HTTP names the body's media type as it hands the body on: not without a body, as
    // in a 204, a 304 or an answer to HEAD)
    const std::size_t head = text.find("\r\n\r\n");
    const bool body = cut || (head != std::string_view::npos && text.size() > head + 4);
    std::string_view type;
    if (body && http_header_value(text, "content-type", type)) {
      out.append(" ("sv);
      out.append(type.substr(0, type.find(';')));
      out.push_back(')');
    }
    return;
  }
  if (http_cut_continuation(p) ||
      (p.http == Packet::HttpPart::kContinuation && !p.http_no_request)) {
    out.append("Continuation"sv);
    append_continuation_type(out, p);
    return;
  }
  // (HTTP writes its first line only once it has the line's end: before, it asks TCP for
  // one more segment and the Info stays TCP's; TCP adds no "[TCP segment...]" to a
  // segment whose PDU starts past a leading CRLF)
  if (p.http == Packet::HttpPart::kSegment && p.http_in_headers && http_first_line_captured(text)) {
    out.append(http_first_line(text));
    out.push_back(' ');
    if (!p.http_after_crlf) out.append(" [TCP segment of a reassembled PDU]"sv);
    return;
  }
  if (p.tcp_pdu == Packet::TcpPdu::kFirst) {  // LBMSRS cleared the Info after the analysis
    const std::size_t before = out.size();
    append_tcp_analysis_prefix(out, p);
    if (out.size() > before) out.push_back(' ');
    out.append("[TCP segment of a reassembled PDU]"sv);
    return;
  }
  if (p.has(kProtoDns)) {
    out.append(dns_tcp_summary(p));
    return;
  }
  append_tcp_info(out, p, o);
  append_continuation_type(out, p);  // (where no request was read)
  if ((p.http == Packet::HttpPart::kSegment && !p.http_after_crlf) ||
      p.tcp_pdu == Packet::TcpPdu::kMore || p.dns_tcp.piece_only)
    out.append(" [TCP segment of a reassembled PDU]"sv);
}

}  // namespace

void append_tcp_flags(std::string& out, std::uint16_t flags) {
  static const char* names[] = {"FIN", "SYN", "RST", "PSH", "ACK", "URG", "ECE", "CWR", "NS"};
  bool first = true;
  for (int i = 0; i < 9; ++i) {
    if (flags & (1u << i)) {
      if (!first) out.append(", "sv);
      out.append(names[i]);
      first = false;
    }
  }
  if (first) out.append("<None>"sv);
}

// Ethernet bridged over GRE with no IP header inside it (ARP, ...): Wireshark's
// columns show the last addresses a layer set, the bridged header's MACs.
const GreHeader* bridged_without_ip(const Packet& p) {
  if (!p.has(kProtoGre)) return nullptr;
  const GreHeader* g = bridged_gre(p);
  if (g == nullptr || g->inner_type == 0x0800 || g->inner_type == 0x86dd) return nullptr;
  return g;
}

// A MAC address in the Source or Destination column as tshark's default name resolution
// shows it: "Broadcast", "IntelCor_12:34:56" (Wireshark's manuf and wka files), or the
// address itself. A random veth MAC can fall under a vendor's prefix too.
void append_column_mac(std::string& out, const Mac& mac) {
  const std::string name = net::MacNames::system().name(mac);
  if (!name.empty()) {
    out.append(name);
  } else if (is_broadcast(mac)) {
    out.append("Broadcast"sv);  // (Wireshark's files missing)
  } else {
    append_mac(out, mac);
  }
}

// The source address of an IPv4/IPv6 header the snap length cut after it (none if it was
// not captured, or the header is bogus).
net::IpAddress cut_header_source(const Packet& p) {
  const Bytes h = p.partial_bytes;
  net::IpAddress a = net::IpAddress::none();
  const bool v4 = p.partial == kProtoIp && p.ip_bogus == 0 && h.size() >= 16;
  const bool v6 =
      p.partial == kProtoIpv6 && h.size() >= 24 && (static_cast<unsigned>(h[0]) >> 4) == 6;
  if (!v4 && !v6) return a;
  a.family = v4 ? AF_INET : AF_INET6;
  for (std::size_t k = 0; k < (v4 ? 4u : 16u); ++k)
    a.bytes[k] = static_cast<std::uint8_t>(h[(v4 ? 12 : 8) + k]);
  return a;
}

// An address of an Ethernet header cut short (at `at`: 0 the destination, 6 the source):
// Wireshark's columns show each one that was captured.
bool cut_ethernet_address(const Packet& p, std::size_t at, Mac& mac) {
  if (p.linktype != kLinkEthernet || p.has(kProtoEth) || p.data.size() < at + 6) return false;
  std::memcpy(mac.data(), p.data.data() + at, 6);
  return true;
}

// Ethernet bridged over GRE whose IP header the snap length cut, with no IP header
// between them: the bridged MACs are the last addresses a layer set before that header
// (which sets its source only if it was captured).
const GreHeader* bridged_before_cut_ip(const Packet& p) {
  if (!(p.partial & (kProtoIp | kProtoIpv6)) || !p.has(kProtoGre)) return nullptr;
  const GreHeader* g = bridged_gre(p);
  if (g == nullptr || g->eth.empty()) return nullptr;
  // (a header with no byte captured starts where the bridged bytes end)
  const auto inside = [g](Bytes b) {
    return b.data() != nullptr && b.data() >= g->eth.data() &&
           b.data() <= g->eth.data() + g->eth.size();
  };
  if (!inside(p.partial_bytes)) return nullptr;
  for (int i = 0; i < p.ip_layer_count; ++i)
    if (inside(p.ip_layers[i].datagram)) return nullptr;
  return g;
}

void append_source(std::string& out, const Packet& p) {
  if (const GreHeader* g = bridged_without_ip(p)) return append_column_mac(out, g->eth_src);
  // an IP header the snap length cut after its source address: Wireshark shows that,
  // over a tunnel's outer addresses too (not one an ICMP error quotes: the columns are
  // the error's)
  if (const net::IpAddress src = quoted_ip_cut(p) ? net::IpAddress::none() : cut_header_source(p);
      src.family != AF_UNSPEC)
    return append_ip(out, src);
  if (const GreHeader* g = bridged_before_cut_ip(p)) return append_column_mac(out, g->eth_src);
  if (p.src.family == AF_INET6) return append_ip(out, conversation_source(p));
  if (p.src.family != AF_UNSPEC) return append_ip(out, p.src);
  if (p.has_mac) return append_column_mac(out, p.eth_src);
  if (Mac mac; cut_ethernet_address(p, 6, mac)) append_column_mac(out, mac);
}

void append_destination(std::string& out, const Packet& p) {
  const GreHeader* g = bridged_without_ip(p);
  // (unless the cut header read its destination, ipv4_cut_destination: p.dst is then no
  // longer the outer header's)
  if (g == nullptr && (g = bridged_before_cut_ip(p)) != nullptr && p.ip_layer_count > 0 &&
      p.dst != p.ip_layers[p.ip_layer_count - 1].dst)
    g = nullptr;
  if (g == nullptr && p.dst.family == AF_INET6) return append_ip(out, conversation_destination(p));
  if (g == nullptr && p.dst.family != AF_UNSPEC) return append_ip(out, p.dst);
  if (g != nullptr || (p.has_mac && p.has(kProtoEth)))
    return append_column_mac(out, g != nullptr ? g->eth_dst : p.eth_dst);
  if (Mac mac; cut_ethernet_address(p, 0, mac)) append_column_mac(out, mac);
}

// An Ethernet frame whose type (after its own VLAN tags) no Wireshark dissector takes:
// that type, which Wireshark's Protocol column shows ("0x88b5"), and the last tag.
bool undissected_ethertype(const Packet& p, std::uint16_t& type, const VlanTag*& last_tag) {
  if (!p.has(kProtoEth)) return false;  // (also an Ethernet frame inside Linux cooked)
  const OwnVlans own = own_vlans(p, p.ethertype);
  if (own.cut) return false;
  type = own.type;
  last_tag = own.last;
  // (0 is an ethertype too when the Ethernet header's own: Packet::eth_kind)
  const bool ethertype = type >= 0x0600 || (last_tag != nullptr && last_tag->tpid == 0x88a8) ||
                         (last_tag == nullptr && p.eth_kind == EthKind::kType);
  // (IPv6 its dissector refused too: the ethertype's own words)
  return ethertype && (!wireshark_ethertype(type).dissected || (type == 0x86dd && p.ipv6_bogus));
}

// A Linux cooked header cut short: Wireshark has written the packet type's name in the
// Info column before it threw (v2: from the byte after the packet type, as 4.0 reads it).
// The Info column 802.1ad's dissector writes from its tag's TCI.
void append_ieee8021ad_info(std::string& out, std::uint16_t tci) {
  out.append("PRI: "sv);
  append_u64(out, tci >> 13);
  out.append("  DROP: "sv);
  append_u64(out, (tci >> 12) & 1u);
  out.append(" ID: "sv);
  append_u64(out, tci & 0x0fffu);
}

void append_sll_cut_info(std::string& out, const Packet& p) {
  const std::size_t at = p.linktype == kLinkSll2 ? 11 : 1;
  if (p.data.size() <= at || (p.linktype == kLinkSll && p.data[0] != std::byte{0})) return;
  static constexpr const char* kNames[] = {"Unicast to us", "Broadcast", "Multicast",
                                           "Unicast to another host", "Sent by us"};
  const auto type = static_cast<unsigned>(p.data[at]);
  if (type < std::size(kNames)) {
    out.append(kNames[type]);
  } else {
    out.append("Unknown ("sv);
    append_u64(out, type);
    out.push_back(')');
  }
}

// The Info of a TCP header cut after its window (flags, numbers and window read), no Len:
// a "Short segment" (TcpHeader::short_segment) has absolute numbers, as no analysis ran;
// one the snap length cut has the analysis's relative numbers and scaled window.
void append_cut_segment_info(std::string& out, const Packet& p) {
  const TcpHeader& t = p.tcp;
  const bool analysed = !t.short_segment;
  out.append(" ["sv);
  append_tcp_flags(out, t.flags);
  out.append("] Seq="sv);
  append_u64(out, analysed ? p.tcpa.rel_seq : t.seq);
  if (t.flags & kAck) {
    out.append(" Ack="sv);
    append_u64(out, analysed ? p.tcpa.rel_ack : t.ack);
  }
  out.append(" Win="sv);
  append_u64(out, analysed ? static_cast<std::uint64_t>(p.tcpa.window) : t.window);
  // a short segment's options before its end (a snap-length cut throws before Info)
  if (t.short_segment && t.options_reached) append_tcp_options_info(out, p, true);
}

// Wireshark's Info for an IPv4 header it stops at (Packet::ip_bogus).
void append_ipv4_bogus(std::string& out, Bytes h, std::uint8_t bogus) {
  const auto first = static_cast<unsigned>(h[0]);
  if (bogus == 1) {
    out.append("Bogus IPv4 version ("sv);
    append_u64(out, first >> 4);
    out.append(", must be 4)"sv);
  } else if (bogus == 2) {
    out.append("Bogus IP header length ("sv);
    append_u64(out, (first & 0x0fu) * 4u);
    out.append(", must be at least 20)"sv);
  } else {
    out.append("Bogus IP length ("sv);
    append_u64(out, (static_cast<unsigned>(h[2]) << 8) | static_cast<unsigned>(h[3]));
    out.append(", less than header length "sv);
    append_u64(out, (first & 0x0fu) * 4u);
    out.push_back(')');
  }
}

// The Info of a payload after an 802.3 length that only llc_payload_columns.h names.
void append_payload_info(std::string& out, const Packet& p, const PayloadColumns& c) {
  if (c.keep_llc_info) {
    append_llc_info(out, p.llc);
  } else {
    out.append(c.info);
  }
  if (c.contained) {
    out.append("[Malformed Packet: length of contained item exceeds length of containing item]"sv);
  } else if (c.malformed) {
    out.append("[Malformed Packet]"sv);
  }
  // (the payload's dissector caught its own error; Ethernet then reads the FCS it assumes)
  if (p.data.size() < p.len && ethernet_trailer(p).fcs_cut)
    out.append("[Packet size limited during capture]"sv);
}

namespace {

// The Info of a packet whose payload llc_payload_columns.h does not name.
void append_layer_info(std::string& out, const Packet& p, const SummaryOptions& o) {
  bool app_malformed = false;
  std::uint16_t type = 0;
  const VlanTag* tag = nullptr;
  if (p.partial & (kProtoTcp | kProtoUdp)) {
    // A transport header cut short: Wireshark shows the ports it read, and what it wrote
    // of the rest before it threw.
    const bool tcp = (p.partial & kProtoTcp) != 0;
    append_u64(out, tcp ? p.tcp.sport : p.udp.sport);
    out.push_back(' ');
    out.append(kArrow);
    out.push_back(' ');
    append_u64(out, tcp ? p.tcp.dport : p.udp.dport);
    if (tcp && p.partial_bytes.size() >= 16 && (p.tcp.short_segment || p.tcp.fixed_read)) {
      append_cut_segment_info(out, p);
    } else if (!tcp && p.partial_bytes.size() >= 6) {
      append_cut_udp_length_info(out, p.udp);
    }
  } else if (p.partial & (kProtoIcmp | kProtoIcmpv6 | kProtoArp)) {
    // ICMP, ICMPv6 and ARP name the protocol and write no Info before their first reads
    // (ICMP's echo type once it has read the identifier: dissect_icmp)
  } else if (p.partial && !quoted_ip_cut(p)) {
    if (p.ip_bogus != 0) append_ipv4_bogus(out, p.partial_bytes, p.ip_bogus);
    if (p.partial == kProtoIpv6 && p.malformed != nullptr && !p.partial_bytes.empty()) {
      // the frame ends inside the header: Wireshark's check of the length it was given
      out.append("Invalid IPv6 header ("sv);
      append_u64(out, reported_size(p.partial_bytes, p));
      out.append(" bytes, need exactly 40)"sv);
    }
  } else if (p.ip_payload_empty) {
    // Wireshark's IPv4 dissector handed nothing on and wrote no Info
  } else if (p.has(kProtoTcp)) {
    append_tcp_or_http_info(out, p, o);
  } else if (p.has(kProtoUdp) && p.has(kProtoDns) && p.payload_len > 0) {
    const std::string info = dns_summary(p.payload, p.payload_len);
    out.append(info);
    app_malformed = info.ends_with("[Malformed Packet]");  // (not size-limited as well)
  } else if (p.has(kProtoUdp) && is_dhcp(p)) {
    const std::string info = dhcp_summary(p.payload, p.payload_len);
    out.append(info);
    // tshark says Malformed or size-limited, not both
    app_malformed = info.ends_with("[Malformed Packet]");
  } else if (p.has(kProtoUdp)) {
    append_u64(out, p.udp.sport);
    out.push_back(' ');
    out.append(kArrow);
    out.push_back(' ');
    append_u64(out, p.udp.dport);
    append_udp_length_info(out, p);
  } else if (p.has(kProtoIcmp)) {
    append_icmp_info(out, p);
  } else if (p.has(kProtoIcmpv6)) {
    append_icmpv6_info(out, p);
  } else if (p.has(kProtoArp)) {
    append_arp_info(out, p);
  } else if (p.fragment && p.src.family == AF_INET6) {
    out.append("IPv6 fragment (off="sv);
    append_u64(out, p.frag.offset);
    out.append(p.frag.more ? " more=y ident=0x" : " more=n ident=0x");
    append_hex(out, p.frag.id, 8);
    out.append(" nxt="sv);
    append_u64(out, p.ip_proto);
    out.push_back(')');
  } else if (p.fragment) {
    // Wireshark names every number, as its IP header's Protocol field: "proto=UDP 17".
    out.append("Fragmented IP protocol (proto="sv);
    out.append(wireshark_ip_protocol(p.ip_proto).name);
    out.push_back(' ');
    append_u64(out, p.ip_proto);
    out.append(", off="sv);
    append_u64(out, p.frag.offset);
    out.append(", ID="sv);
    append_hex(out, p.frag.id, 4);
    out.push_back(')');
  } else if (ppp_is_last(p)) {
    out.append(ppp_info(p.ppp));
  } else if (p.has(kProtoGre) && !last_gre(p).payload_dissected) {
    // Wireshark's words for a type it has no dissector for (one it has, MPLS, ..., writes
    // its own Info, which we do not dissect).
    if (last_gre(p).proto == 0x880b) {
      out.append("Encapsulated PPP"sv);  // PPTP: an acknowledgment without payload
    } else {
      out.append("Encapsulated 0x"sv);
      append_hex(out, last_gre(p).proto, 4);
      out.append(" (unknown)"sv);
    }
  } else if (append_ipv6_ext_info(out, p)) {
  } else if ((p.has(kProtoIp) || p.has(kProtoIpv6)) && (p.truncated || p.malformed) &&
             (p.ip_proto == 6 || p.ip_proto == 17 || p.ip_proto == 47)) {
    // TCP, UDP or GRE with nothing of its header captured: Wireshark's dissector throws
    // before it writes the Info column
  } else if (p.ip_proto_data) {
    // a number no Wireshark dissector is registered for, named by the last IP header's
    // dissector: "GGP (3)", "Unknown IP Protocol: GGP (3)"
    if (p.ip_layers[p.ip_layer_count - 1].src.family == AF_INET6)
      out.append("Unknown IP Protocol: "sv);
    out.append(wireshark_ip_protocol(p.ip_proto).name);
    out.append(" ("sv);
    append_u64(out, p.ip_proto);
    out.push_back(')');
  } else if (p.has(kProtoIp) || p.has(kProtoIpv6)) {
    out.append("IP protocol "sv);  // (one Wireshark dissects and we do not)
    append_u64(out, p.ip_proto);
  } else if (vlan_cut(p)) {
    // 802.1Q's dissector throws before it writes the Info column; 802.1ad's writes it
    // once it has read the TCI
    const VlanTag& last = p.vlan[p.vlan_count - 1u];
    // (dissect_vlan read the TCI before the cut whenever two bytes were there)
    if (last.tpid == 0x88a8 && last.bytes.size() >= 2) append_ieee8021ad_info(out, last.tci);
  } else if (undissected_ethertype(p, type, tag)) {
    // the type's name; else what the last writer of the column wrote: the tag's fields
    // or Ethernet's name
    if (const char* name = wireshark_ethertype(type).name) {
      out.append(name);
    } else if (tag != nullptr && tag->tpid == 0x8100) {
      out.append("PRI: "sv);
      append_u64(out, tag->tci >> 13);
      out.append("  DEI: "sv);
      append_u64(out, (tag->tci >> 12) & 1u);
      out.append("  ID: "sv);
      append_u64(out, tag->tci & 0x0fffu);
    } else if (tag != nullptr) {
      append_ieee8021ad_info(out, tag->tci);
    } else {
      out.append("Ethernet II"sv);
    }
  } else if (p.has(kProtoLlc) && p.ipv6_bogus) {
    // after SNAP nothing writes over what IPv6's dissector wrote before it refused
    out.append("Bogus IPv6 version ("sv);
    append_u64(out, static_cast<std::uint8_t>(p.payload[0]) >> 4);
    out.append(", must be 6)"sv);
  } else if (p.has(kProtoStp)) {
    stp::append_info(out, p.llc.payload);
  } else if (p.has(kProtoLlc)) {
    append_llc_info(out, p.llc);  // (or a protocol after it, which we do not dissect)
  } else if (p.has(kProtoEth) && p.eth_kind == EthKind::kLength) {
    // raw IPX, which Wireshark dissects and we do not
    out.append("IEEE 802.3, length "sv);
    append_u64(out, p.ethertype);
  } else if (p.has(kProtoEth) && p.eth_kind == EthKind::kInvalidLengthType) {
    out.append("Ethernet Unknown: Invalid length/type: 0x"sv);
    append_hex(out, p.ethertype, 4);
    out.append(" ("sv);
    append_u64(out, p.ethertype);
    out.push_back(')');
  } else if (p.has(kProtoEth)) {
    out.append("Ethernet II, type 0x"sv);
    append_hex(out, p.ethertype, 4);
  } else if (!p.has(kProtoSll) && (p.linktype == kLinkSll || p.linktype == kLinkSll2)) {
    append_sll_cut_info(out, p);
  }
  // Wireshark appends these without a space (the -V and JSON forms name the layer).
  if (p.malformed && p.contained_error) {
    out.append("[Malformed Packet: length of contained item exceeds length of containing item]"sv);
  } else if (p.malformed) {
    out.append("[Malformed Packet]"sv);
  } else if ((p.truncated || cut_heuristic_threw(p) ||
              (p.data.size() < p.len && ethernet_trailer(p).fcs_cut)) &&
             !app_malformed) {
    // (a heuristic dissector that read past a cut payload threw after TCP's or UDP's Info;
    // so does Ethernet's read of the FCS it assumes, after the whole datagram's)
    out.append("[Packet size limited during capture]"sv);
  }
}

}  // namespace

void append_info(std::string& out, const Packet& p, const SummaryOptions& o) {
  if (PayloadColumns c; undissected_payload_columns(p, c)) return append_payload_info(out, p, c);
  append_layer_info(out, p, o);
}

void append_summary(std::string& out, const Packet& p, const SummaryOptions& o) {
  // No. (width 5, right-aligned)
  std::size_t start = out.size();
  append_u64(out, p.number);
  std::size_t n = out.size() - start;
  if (n < 5) out.insert(start, 5 - n, ' ');
  out.push_back(' ');
  // Time (width 10, right-aligned)
  start = out.size();
  append_seconds(out, p.rel, o.time_digits);
  n = out.size() - start;
  if (n < 10) out.insert(start, 10 - n, ' ');
  out.push_back(' ');
  // Source (width 12, right-aligned) → Destination (width 12, left-aligned)
  start = out.size();
  append_source(out, p);
  n = out.size() - start;
  if (n < 12) out.insert(start, 12 - n, ' ');
  out.push_back(' ');
  out.append(kArrow);
  out.push_back(' ');
  start = out.size();
  append_destination(out, p);
  n = out.size() - start;
  if (n < 12) out.append(12 - n, ' ');
  out.push_back(' ');
  std::uint16_t type = 0;
  const VlanTag* tag = nullptr;
  // (the payload columns found once, for the Protocol and the Info column)
  PayloadColumns payload;
  const bool payload_named = undissected_payload_columns(p, payload);
  if (payload_named) {
    out.append(payload.protocol);
  } else if (ppp_is_last(p)) {
    out.append(ppp_protocol_column(p.ppp));
  } else if (undissected_ethertype(p, type, tag)) {
    out.append("0x"sv);
    append_hex(out, type, 4);
  } else if (p.has(kProtoEth) && p.eth_kind == EthKind::kInvalidLengthType) {
    out.append("Ethernet"sv);
  } else if (p.has(kProtoLlc) && p.ipv6_bogus) {
    out.append("IPv6"sv);
  } else if (p.has(kProtoStp)) {
    out.append("STP"sv);
  } else if (p.has(kProtoLlc) && p.llc.next != LlcNext::kLayer) {
    out.append("LLC"sv);
  } else if (p.has(kProtoEth) && p.eth_kind == EthKind::kLength && is_raw_ipx(p)) {
    out.append("IPX"sv);
  } else {
    out.append(protocol_name(p));
  }
  out.push_back(' ');
  append_u64(out, p.len);
  out.push_back(' ');
  if (payload_named) {
    append_payload_info(out, p, payload);
  } else {
    append_layer_info(out, p, o);
  }
  out.push_back('\n');
}

}  // namespace sockscope::capture
