#include "capture/packet_detail.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string_view>

#include "capture/dissect/dhcp.h"
#include "capture/dissect/ip_protocol.h"
#include "capture/dns_detail.h"
#include "capture/llc_names.h"
#include "capture/stp_bpdu.h"
#include "capture/text_out.h"

namespace sockscope::capture {
namespace {

// Each DNS message of the packet with its length on the wire and the links DnsTransactions
// made for it. (A UDP payload the snap length cut is longer on the wire; TCP's PDUs are
// whole but the cut one, which the walk throws in all the same.)
template <class F>
void for_each_dns_link(const Packet& p, F&& f) {
  std::size_t k = 0;
  const bool udp = p.has(kProtoUdp) && p.has(kProtoDns);
  for_each_dns_message(p, [&](Bytes message) {
    const Packet::DnsLinks none;
    const Packet::DnsLinks& links = k == 0                            ? p.dns_links
                                    : k - 1 < p.more_dns_links.size() ? p.more_dns_links[k - 1]
                                                                      : none;
    f(message, udp ? p.payload_len : message.size(), links);
    ++k;
  });
}

std::string hex(Bytes b) {
  std::string s;
  for (std::byte x : b) fmt::format_to(std::back_inserter(s), "{:02x}", static_cast<unsigned>(x));
  return s;
}

// The DHCP message for -T json: the fixed fields Wireshark names dhcp.*, and each option
// of its tree (type, length, value bytes as hex; a Pad run and End as type 0 and 255).
nlohmann::json dhcp_json(Bytes m, std::size_t reported) {
  nlohmann::json j = nlohmann::json::object();
  const DhcpScan s = dhcp_scan(m, reported);
  if (!s.header_read) return j;
  auto u = [&](std::size_t at, std::size_t n) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < n && at + i < m.size(); ++i)
      v = v << 8 | static_cast<std::uint8_t>(m[at + i]);
    return v;
  };
  auto ip4 = [&](std::size_t at) {
    return fmt::format("{}.{}.{}.{}", u(at, 1), u(at + 1, 1), u(at + 2, 1), u(at + 3, 1));
  };
  j["type"] = u(0, 1);
  j["hw_type"] = u(1, 1);
  j["hw_len"] = u(2, 1);
  if (m.size() >= 28) {
    j["hops"] = u(3, 1);
    j["id"] = fmt::format("0x{:08x}", u(4, 4));
    j["secs"] = u(8, 2);
    j["flags"] = fmt::format("0x{:04x}", u(10, 2));
    j["ip_client"] = ip4(12);
    j["ip_your"] = ip4(16);
    j["ip_server"] = ip4(20);
    j["ip_relay"] = ip4(24);
  }
  if (m.size() >= 34 && u(2, 1) == 6 && (u(1, 1) == 1 || u(1, 1) == 6))
    j["hw_mac_addr"] = fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", u(28, 1), u(29, 1),
                                   u(30, 1), u(31, 1), u(32, 1), u(33, 1));
  if (s.message_type >= 0) j["message_type"] = dhcp_type_name(s.message_type);
  if (m.size() < kDhcpFixedLen) return j;
  j["cookie"] = s.cookie;
  nlohmann::json options = nlohmann::json::array();
  DhcpOptions walk(m, reported);
  DhcpOption o;
  while (walk.next(o)) {
    nlohmann::json x = {{"type", o.end ? 255 : o.code}};
    if (o.has_length) x["length"] = o.length;
    if (o.value.size() == o.length && o.has_length) x["value"] = hex(o.value);
    options.push_back(x);
  }
  j["options"] = options;
  return j;
}

std::string ip(const net::IpAddress& a) {
  return a.to_string();
}

std::string flags_text(std::uint16_t flags) {
  std::string s;
  append_tcp_flags(s, flags);
  return s;
}

std::string summary_info(const Packet& p, const SummaryOptions& o) {
  std::string s;
  append_info(s, p, o);
  return s;
}

std::string seconds9(const Timestamp& t) {
  std::string s;
  append_seconds(s, t, 9);
  return s;
}

// Wireshark's "[SEQ/ACK analysis]" values, in its order, as tshark -V words them.
void append_ack_analysis(std::string& out, const Packet& p) {
  const TcpAcks& a = p.tcp_acks;
  auto it = std::back_inserter(out);
  if (a.acks_frame != 0) {
    fmt::format_to(it, "        [This is an ACK to the segment in frame: {}]\n", a.acks_frame);
    if (a.ack_rtt != Timestamp{})
      fmt::format_to(it, "        [The RTT to ACK the segment was: {} seconds]\n",
                     seconds9(a.ack_rtt));
  }
  if (a.initial_rtt != Timestamp{})
    fmt::format_to(it, "        [iRTT: {} seconds]\n", seconds9(a.initial_rtt));
  if (a.bytes_in_flight != 0) {
    fmt::format_to(it, "        [Bytes in flight: {}]\n", a.bytes_in_flight);
    if (a.push_bytes_sent != 0)
      fmt::format_to(it, "        [Bytes sent since last PSH flag: {}]\n", a.push_bytes_sent);
  }
}

// One of Wireshark's expert items as tshark -V prints it, `indent` spaces deep.
void append_expert(std::string& out, int indent, std::string_view text) {
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  fmt::format_to(std::back_inserter(out),
                 "{0}[Expert Info (Note/Sequence): {1}]\n{0}    [{1}]\n"
                 "{0}    [Severity level: Note]\n{0}    [Group: Sequence]\n",
                 pad, text);
}

// The first TCP Fast Open option (kind 34) of the header, as tshark -V words it: the
// cookie in hex, or a cookie request; with the "TCP SYN with TFO Cookie" expert item on a
// SYN whose cookie tshark flags (tcp.analysis.tfo_syn). Read again from the captured
// header: only -V needs the cookie's bytes.
void append_fast_open_option(std::string& out, const Packet& p) {
  const std::size_t end = std::min<std::size_t>(p.tcp.header_len, p.l4.size());
  for (std::size_t at = 20; at < end;) {
    const auto kind = static_cast<std::uint8_t>(p.l4[at]);
    if (kind == 0) return;
    if (kind == 1) {
      ++at;
      continue;
    }
    if (at + 1 >= end) return;
    const auto len = static_cast<std::uint8_t>(p.l4[at + 1]);
    if (len < 2 || at + len > end) return;
    if (kind == 34) {
      if (len == 2) {
        out.append("    Option: TCP Fast Open Cookie Request\n");
        return;
      }
      out.append("    Option: TCP Fast Open Cookie: ");
      for (std::size_t i = at + 2; i < at + len; ++i)
        append_hex(out, static_cast<std::uint8_t>(p.l4[i]), 2);
      out.push_back('\n');
      if (p.tcpa.tfo & kTfoSyn) append_expert(out, 8, "TCP SYN with TFO Cookie");
      return;
    }
    at += len;
  }
}

}  // namespace

void append_hex_dump(std::string& out, Bytes bytes) {
  for (std::size_t off = 0; off < bytes.size(); off += 16) {
    append_hex(out, off, 4);
    out.append("  ");
    for (std::size_t i = 0; i < 16; ++i) {
      if (off + i < bytes.size()) {
        append_hex(out, static_cast<std::uint8_t>(bytes[off + i]), 2);
        out.push_back(' ');
      } else {
        out.append("   ");
      }
    }
    out.push_back(' ');
    for (std::size_t i = 0; i < 16 && off + i < bytes.size(); ++i) {
      auto c = static_cast<unsigned char>(bytes[off + i]);
      out.push_back(c >= 0x20 && c < 0x7f ? static_cast<char>(c) : '.');
    }
    out.push_back('\n');
  }
}

// LLC's header (and SNAP's) and a spanning tree BPDU, as far as they were read.
void append_llc_detail(std::string& out, const Packet& p) {
  auto it = std::back_inserter(out);
  const LlcInfo& llc = p.llc;
  out.append("Logical-Link Control\n");
  if (llc.read >= 2) {
    const char* dsap = llc_sap_name(llc.dsap);
    const char* ssap = llc_sap_name(llc.ssap);
    fmt::format_to(
        it, "    DSAP: {} (0x{:02x}), {}\n    SSAP: {} (0x{:02x}), {}\n",
        dsap != nullptr ? dsap : "unknown", llc.dsap, (llc.dsap & 1u) != 0 ? "Group" : "Individual",
        ssap != nullptr ? ssap : "unknown", llc.ssap, llc.response() ? "Response" : "Command");
  }
  if (llc.read >= 3) {
    std::string control;
    append_llc_control(control, llc);
    fmt::format_to(it, "    Control field: {} (0x{:04x})\n", control, llc.control);
  }
  if (llc.snap_read)
    fmt::format_to(it, "    Organization Code: 0x{:06x}, {}: 0x{:04x}\n", llc.oui,
                   snap_oui_kind(llc.oui) == SnapOui::kEthertype ? "Type" : "Protocol ID", llc.pid);
  const Bytes b = llc.payload;
  if (!p.has(kProtoStp) || !stp::has_items(b)) return;
  const std::uint8_t type = stp::byte_at(b, stp::kType);
  fmt::format_to(it,
                 "Spanning Tree Protocol\n    Protocol Version: {}\n    BPDU Type: 0x{:02x}{}\n",
                 stp::byte_at(b, stp::kVersion), type,
                 type == stp::kConfig ? " (Configuration)"
                 : type == stp::kRst  ? " (Rapid/Multiple Spanning Tree)"
                 : type == stp::kTcn  ? " (Topology Change Notification)"
                                      : "");
  if (type != stp::kConfig && type != stp::kRst) return;
  const auto id = [&b](std::size_t at) {
    const std::uint16_t prio = stp::u16_at(b, at);
    return fmt::format("{} / {} / {:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", prio & 0xf000u,
                       prio & 0x0fffu, stp::byte_at(b, at + 2), stp::byte_at(b, at + 3),
                       stp::byte_at(b, at + 4), stp::byte_at(b, at + 5), stp::byte_at(b, at + 6),
                       stp::byte_at(b, at + 7));
  };
  fmt::format_to(it,
                 "    Flags: 0x{:02x}\n    Root Identifier: {}\n    Root Path Cost: {}\n"
                 "    Bridge Identifier: {}\n    Port Identifier: 0x{:04x}\n",
                 stp::byte_at(b, stp::kFlags), id(stp::kRootId), stp::u32_at(b, stp::kRootCost),
                 id(stp::kBridgeId), stp::u16_at(b, stp::kPort));
  if (stp::has_field(b, stp::kForwardDelay + 2))
    fmt::format_to(it, "    Message Age: {}  Max Age: {}  Hello Time: {}  Forward Delay: {}\n",
                   stp::u16_at(b, stp::kMessageAge) / 256.0, stp::u16_at(b, stp::kMaxAge) / 256.0,
                   stp::u16_at(b, stp::kHelloTime) / 256.0,
                   stp::u16_at(b, stp::kForwardDelay) / 256.0);
}

void append_details(std::string& out, const Packet& p, const SummaryOptions& o) {
  auto it = std::back_inserter(out);
  fmt::format_to(it, "Frame {}: {} bytes on wire, {} bytes captured\n", p.number, p.len, p.caplen);
  out.append("    Time since first frame: ");
  append_seconds(out, p.rel, 9);
  out.append(" seconds\n");
  fmt::format_to(it, "    Link type: {}\n", p.linktype);
  if (p.has(kProtoEth) && p.eth_kind == EthKind::kLength)
    fmt::format_to(it, "IEEE 802.3 Ethernet, Src: {}, Dst: {}, Length: {}\n", to_string(p.eth_src),
                   to_string(p.eth_dst), p.ethertype);
  else if (p.has(kProtoEth))
    fmt::format_to(it, "Ethernet II, Src: {}, Dst: {}, Type: 0x{:04x}\n", to_string(p.eth_src),
                   to_string(p.eth_dst), p.ethertype);
  if (p.has(kProtoSll))
    fmt::format_to(it, "Linux cooked capture, Protocol: 0x{:04x}\n", p.ethertype);
  if (p.has(kProtoLlc) && !p.llc.bytes.empty()) append_llc_detail(out, p);  // (its item)
  if (p.has(kProtoIp)) {
    fmt::format_to(it, "Internet Protocol Version 4, Src: {}, Dst: {}\n", ip(p.src), ip(p.dst));
    fmt::format_to(
        it,
        "    Header Length: {} bytes\n    Type of service: 0x{:02x}\n    Total Length: {}\n"
        "    Identification: 0x{:04x} ({})\n    Flags: 0x{:x}{}{}\n    Fragment Offset: {}\n"
        "    Time to Live: {}\n    Protocol: {} ({})\n    Header Checksum: 0x{:04x}\n",
        p.ip_header_len, p.tos, p.ip_total_len, p.ip_id, p.ip_id, p.ip_frag >> 13,
        (p.ip_frag & 0x4000) ? ", Don't fragment" : "",
        (p.ip_frag & 0x2000) ? ", More fragments" : "", (p.ip_frag & 0x1fff) * 8, p.ttl,
        wireshark_ip_protocol(p.ip_proto).name, p.ip_proto, p.ip_checksum);
  }
  if (p.has(kProtoIpv6)) {
    fmt::format_to(it, "Internet Protocol Version 6, Src: {}, Dst: {}\n", ip(p.src), ip(p.dst));
    fmt::format_to(it,
                   "    Traffic Class: 0x{:02x}\n    Flow Label: 0x{:05x}\n    Payload Length: {}\n"
                   "    Next Header: {} ({})\n    Hop Limit: {}\n",
                   p.tos, p.ipv6_flow, p.ip_total_len - 40, wireshark_ip_protocol(p.ip_proto).name,
                   p.ip_proto, p.ttl);
  }
  if (p.has(kProtoTcp)) {
    const TcpHeader& t = p.tcp;
    fmt::format_to(
        it,
        "Transmission Control Protocol, Src Port: {}, Dst Port: {}, Seq: {}, Ack: {}, Len: {}\n",
        t.sport, t.dport, o.absolute_seq ? t.seq : p.tcpa.rel_seq,
        o.absolute_seq ? t.ack : p.tcpa.rel_ack, p.payload_len);
    fmt::format_to(
        it,
        "    Source Port: {}\n    Destination Port: {}\n    [Stream index: {}]\n"
        "    [TCP Segment Len: {}]\n    Sequence Number: {}    (relative sequence number)\n"
        "    Sequence Number (raw): {}\n    [Next Sequence Number: {}    (relative sequence "
        "number)]\n"
        "    Acknowledgment Number: {}    (relative ack number)\n",
        t.sport, t.dport, p.stream, p.payload_len, p.tcpa.rel_seq, t.seq, p.tcpa.next_rel_seq,
        p.tcpa.rel_ack);
    // tshark hangs the SYN-ACK's Fast Open verdict under the acknowledgment number.
    if (p.tcpa.tfo & kTfoAck) append_expert(out, 8, "TCP SYN-ACK accepting TFO data");
    if (p.tcpa.tfo & kTfoIgnored) append_expert(out, 8, "TCP SYN-ACK ignoring TFO data");
    fmt::format_to(it,
                   "    Acknowledgment number (raw): {}\n"
                   "    Header Length: {} bytes\n    Flags: 0x{:03x} ({})\n    Window: {}\n"
                   "    [Calculated window size: {}]\n",
                   t.ack, t.header_len, t.flags, flags_text(t.flags), t.window, p.tcpa.window);
    if ((t.flags & kSyn) == 0) {
      const int w = p.tcpa.win_scale;
      if (w == -1)
        out.append("    [Window size scaling factor: -1 (unknown)]\n");
      else if (w == -2)
        out.append("    [Window size scaling factor: -2 (no window scaling used)]\n");
      else
        fmt::format_to(it, "    [Window size scaling factor: {}]\n", 1 << w);
    }
    fmt::format_to(it, "    Checksum: 0x{:04x}\n    Urgent Pointer: {}\n", t.checksum, t.urgent);
    if (t.has_mss) fmt::format_to(it, "    Option: Maximum segment size: {} bytes\n", t.mss);
    if (t.sack_perm) out.append("    Option: SACK permitted\n");
    if (t.has_ts)
      fmt::format_to(it, "    Option: Timestamps: TSval {}, TSecr {}\n", t.tsval, t.tsecr);
    if (t.has_ws)
      fmt::format_to(it, "    Option: Window scale: {} (multiply by {})\n", t.ws_shift,
                     1u << std::min<unsigned>(t.ws_shift, 14));  // RFC 7323's cap
    append_fast_open_option(out, p);
    const bool analysed = p.tcpa.acks_tracked && p.tcp_acks.analysed;
    if (p.tcpa.flags || analysed) {
      out.append("    [SEQ/ACK analysis]\n");
      if (analysed) append_ack_analysis(out, p);
    }
    if (p.tcpa.flags) {
      std::string info = summary_info(p, o);
      auto bracket_end = info.rfind("] ", info.find(" \xe2\x86\x92"));
      if (bracket_end != std::string::npos)
        fmt::format_to(it, "        {}\n", info.substr(0, bracket_end + 1));
    }
  }
  if (p.has(kProtoUdp)) {
    fmt::format_to(it, "User Datagram Protocol, Src Port: {}, Dst Port: {}\n", p.udp.sport,
                   p.udp.dport);
    fmt::format_to(
        it,
        "    Source Port: {}\n    Destination Port: {}\n    Length: {}\n    Checksum: 0x{:04x}\n"
        "    [Stream index: {}]\n",
        p.udp.sport, p.udp.dport, p.udp.length, p.udp.checksum, p.stream);
  }
  if (p.has(kProtoIcmp) || p.has(kProtoIcmpv6)) {
    fmt::format_to(it, "{}\n    Type: {}\n    Code: {}\n    Checksum: 0x{:04x}\n",
                   p.has(kProtoIcmp) ? "Internet Control Message Protocol"
                                     : "Internet Control Message Protocol v6",
                   p.icmp.type, p.icmp.code, p.icmp.checksum);
    if (p.icmp.echo)
      fmt::format_to(it, "    Identifier: {} (0x{:04x})\n    Sequence Number: {} (0x{:04x})\n",
                     p.icmp.id, p.icmp.id, p.icmp.seq, p.icmp.seq);
    if (p.inner.present)
      fmt::format_to(it, "    Quoted packet: {} -> {} protocol {} ports {} -> {}\n",
                     ip(p.inner.src), ip(p.inner.dst), p.inner.proto, p.inner.sport, p.inner.dport);
  }
  if (p.has(kProtoArp)) {
    fmt::format_to(it, "Address Resolution Protocol ({})\n",
                   p.arp.op == 1   ? "request"
                   : p.arp.op == 2 ? "reply"
                                   : "other");
    fmt::format_to(it,
                   "    Opcode: {}\n    Sender MAC address: {}\n    Sender IP address: {}\n"
                   "    Target MAC address: {}\n    Target IP address: {}\n",
                   p.arp.op, to_string(p.arp.sender_mac), ip(p.arp.sender_ip),
                   to_string(p.arp.target_mac), ip(p.arp.target_ip));
  }
  Bytes dhcp;
  std::size_t dhcp_len = 0;
  if (dhcp_message(p, dhcp, dhcp_len)) {
    out += dhcp_detail(dhcp, dhcp_len, !is_dhcp(p));
  } else if (p.has(kProtoDns) || quotes_dns(p)) {
    for_each_dns_link(p, [&](Bytes message, std::size_t reported, const Packet::DnsLinks& links) {
      append_dns_detail(out, message, reported, links);
    });
  } else if (p.payload_len > 0) {
    fmt::format_to(it, "Data ({} bytes)\n", p.payload_len);
  }
  // (a heuristic dissector that threw on a cut payload; in an ICMP error's quote
  // Wireshark names another layer, which we do not model)
  const char* truncated = p.truncated;
  if (!truncated && !p.inner.present)
    truncated = cut_heuristic_name(cut_payload_heuristic(p), true);
  if (truncated)
    fmt::format_to(it, "[Packet size limited during capture: {} truncated]\n", truncated);
  if (p.malformed) fmt::format_to(it, "[Malformed Packet: {}]\n", p.malformed);
  out.push_back('\n');
  append_hex_dump(out, p.data);
  out.push_back('\n');
}

void append_json(std::string& out, const Packet& p, const SummaryOptions& o) {
  nlohmann::json j;
  j["number"] = p.number;
  std::string t;
  append_seconds(t, p.rel, o.time_digits);
  j["time_relative"] = t;
  j["time_epoch_ns"] = p.ts_ns;
  std::string s, d;
  append_source(s, p);
  append_destination(d, p);
  j["source"] = s;
  j["destination"] = d;
  j["protocol"] = protocol_name(p);
  j["length"] = p.len;
  j["captured"] = p.caplen;
  j["info"] = summary_info(p, o);
  if (p.has(kProtoTcp)) {
    j["tcp"] = {{"srcport", p.tcp.sport},
                {"dstport", p.tcp.dport},
                {"stream", p.stream},
                {"seq", p.tcpa.rel_seq},
                {"ack", (p.tcp.flags & kAck) ? p.tcpa.rel_ack : p.tcp.ack},
                {"seq_raw", p.tcp.seq},
                {"ack_raw", p.tcp.ack},
                {"flags", flags_text(p.tcp.flags)},
                {"len", p.payload_len},
                {"window_size", p.tcpa.window}};
    // The ACK analysis, as Wireshark shows it: only the values it has for this packet.
    const TcpAcks& a = p.tcp_acks;
    if (p.tcpa.acks_tracked && a.analysed) {
      nlohmann::json an = nlohmann::json::object();
      if (a.acks_frame != 0) an["acks_frame"] = a.acks_frame;
      if (a.acks_frame != 0 && a.ack_rtt != Timestamp{}) an["ack_rtt"] = seconds9(a.ack_rtt);
      if (a.initial_rtt != Timestamp{}) an["initial_rtt"] = seconds9(a.initial_rtt);
      if (a.bytes_in_flight != 0) {
        an["bytes_in_flight"] = a.bytes_in_flight;
        if (a.push_bytes_sent != 0) an["push_bytes_sent"] = a.push_bytes_sent;
      }
      if ((p.tcpa.flags & kRetransmission) && a.rto != Timestamp{}) {
        an["rto"] = seconds9(a.rto);
        an["rto_frame"] = a.rto_frame;
      }
      if (p.tcpa.flags & kDupAck) {
        an["duplicate_ack_num"] = p.tcpa.dup_ack_count;
        an["duplicate_ack_frame"] = p.tcpa.dup_ack_of;
      }
      j["tcp"]["analysis"] = an;
    }
  }
  if (p.has(kProtoUdp)) {
    j["udp"] = {{"srcport", p.udp.sport},
                {"dstport", p.udp.dport},
                {"length", p.udp.length},
                {"checksum", p.udp.checksum},
                {"stream", p.stream}};
  }
  if (p.has(kProtoIcmp) || p.has(kProtoIcmpv6)) {
    j["icmp"] = {{"type", p.icmp.type}, {"code", p.icmp.code}};
    if (p.icmp.echo) {
      j["icmp"]["ident"] = p.icmp.id;
      j["icmp"]["seq"] = p.icmp.seq;
    }
    if (p.inner.present) {
      j["icmp"]["quoted"] = {{"src", ip(p.inner.src)},
                             {"dst", ip(p.inner.dst)},
                             {"proto", p.inner.proto},
                             {"srcport", p.inner.sport},
                             {"dstport", p.inner.dport}};
      // The quoted datagram's conversation, as Wireshark numbers it (udp.stream).
      if (p.inner.proto == 17 && p.stream >= 0) j["icmp"]["udp_stream"] = p.stream;
    }
  }
  Bytes dhcp;
  std::size_t dhcp_len = 0;
  if (dhcp_message(p, dhcp, dhcp_len)) j["dhcp"] = dhcp_json(dhcp, dhcp_len);
  if (p.has(kProtoDns) || quotes_dns(p)) {
    // (a TCP segment may carry several messages: an array then, else the one object)
    nlohmann::json messages = nlohmann::json::array();
    for_each_dns_link(p, [&](Bytes message, std::size_t reported, const Packet::DnsLinks& links) {
      messages.push_back(dns_json(message, reported, links));
    });
    if (messages.size() == 1)
      j["dns"] = messages[0];
    else if (!messages.empty())
      j["dns"] = messages;
  }
  if (p.truncated) j["truncated"] = p.truncated;
  if (p.malformed) j["malformed"] = p.malformed;
  // (a DNS name or HTTP text may hold bytes that are not UTF-8: shown as U+FFFD)
  out.append(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

}  // namespace sockscope::capture
