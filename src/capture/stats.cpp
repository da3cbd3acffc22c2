#include "capture/stats.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <map>
#include <string_view>

#include "capture/dissect/dhcp.h"
#include "capture/dissect/dissect.h"
#include "capture/dissect/dns.h"
#include "capture/dissect/ppp.h"
#include "capture/frame_protocols.h"
#include "capture/packet_stream.h"
#include "capture/pcapng_options.h"
#include "capture/stp_bpdu.h"
#include "capture/tree_end.h"

namespace sockscope::capture {
namespace {

void count(std::vector<Conversation>& rows, std::size_t index, const Packet& p,
           const net::IpEndpoint& src, const net::IpEndpoint& dst) {
  if (index >= rows.size()) rows.resize(index + 1);
  Conversation& c = rows[index];
  if (c.frames_ab + c.frames_ba == 0) {
    c.a = src;
    c.b = dst;
    c.start = c.stop = p.rel;
  }
  if (src == c.a) {
    ++c.frames_ab;
    c.bytes_ab += p.len;
  } else {
    ++c.frames_ba;
    c.bytes_ba += p.len;
  }
  c.start = std::min(c.start, p.rel);
  c.stop = std::max(c.stop, p.rel);
}

ProtocolNode* child(ProtocolNode* node, std::string_view name) {
  for (auto& c : node->children)
    if (c->name == name) return c.get();
  node->children.push_back(std::make_unique<ProtocolNode>());
  node->children.back()->name.assign(name);
  return node->children.back().get();
}

// Whether an HTTP message was put together from more than this segment's payload: tshark
// then adds its "[N Reassembled TCP Segments]" item (tcp.segments) after the message.
bool http_reassembled(const Packet& p) {
  return (p.http == Packet::HttpPart::kMessage && p.http_message.size() > p.payload.size()) ||
         !p.http_pdu.empty();
}

// DNS over TCP: a dns item for each PDU that has its ID and flags, and after the one the
// segment completes the reassembled segments' item (frame.protocols names dns once for
// the reassembled PDU and once for all those whole in the segment).
// In a segment the snap length cut, each PDU is a fragment (tree_end.cpp): a whole one
// whose dissection throws adds its "[BoundError Unreassembled Packet]" item after it.
void add_dns_tcp_items(std::string_view* names, int& n, const Packet& p) {
  while (n > 0 && names[n - 1] == "dns") --n;
  bool first = true;
  for_each_dns_message(p, [&](Bytes m) {
    if (m.size() >= 4 && n < 24) names[n++] = "dns";
    if (n < 24 && whole_pdu_unreassembled(p, m)) names[n++] = "_ws.unreassembled";
    if (first && !p.dns_tcp.reassembled.empty() && n < 24) names[n++] = "tcp.segments";
    first = false;
  });
}

void erase_at(std::string_view* names, int& n, int at) {
  for (int i = at; i + 1 < n; ++i) names[i] = names[i + 1];
  --n;
}

// Where PPP's items in Wireshark's tree differ from frame.protocols: an empty GRE payload
// gets no ppp item, a control protocol whose packet is too short for its Protocol column
// gets no item of its own (and the data an LCP Protocol-Reject carries is inside lcp's),
// an IP protocol with no bytes no ip item, and one whose bytes IP refused an ip/ipv6 item
// before the data (tests/data/gre_ppp.pcap).
void adjust_ppp(std::string_view* names, int& n, const PppInfo& ppp) {
  int at = 0;
  while (at < n && names[at] != "ppp") ++at;
  if (at == n) return;
  if (ppp.bytes.empty()) {
    erase_at(names, n, at);
    return;
  }
  if (at + 1 >= n) return;
  const std::string_view next = names[at + 1];
  if (next == "lcp" || next == "ipcp" || next == "pap" || next == "chap" || next == "ccp" ||
      next == "ipv6cp") {
    if (at + 2 < n && names[at + 2] == "data") erase_at(names, n, at + 2);
    if (ppp_protocol_column(ppp) == "PPP") erase_at(names, n, at + 1);
  } else if ((next == "ip" || next == "ipv6") && at + 2 == n && !ppp.ip_follows) {
    erase_at(names, n, at + 1);
  } else if (next == "data" && ppp.payload_is_data &&
             (ppp.protocol == kPppIpv4 || ppp.protocol == kPppIpv6) && n < 23) {
    for (int i = n; i > at + 1; --i) names[i] = names[i - 1];
    names[at + 1] = ppp.protocol == kPppIpv4 ? "ip" : "ipv6";
    ++n;
  }
}

// LLC's items: an LLC PDU with no byte captured has none (nor anything after it), and a
// BPDU whose dissector throws before it adds its items has no stp item.
void adjust_llc(std::string_view* names, int& n, const LlcInfo& llc) {
  int at = 0;
  while (at < n && names[at] != "llc") ++at;
  if (at == n) return;
  if (llc.bytes.empty())
    n = at;
  else if (at + 1 < n && names[at + 1] == "stp" && !stp::has_items(llc.payload))
    n = at + 1;
}

// Whether the last protocol of frame.protocols, `name`, is a header cut short before its
// dissector added its tree item (measured against tshark 4.0: tests/data/make_short_frames.py).
bool cut_before_item(const Packet& p, std::string_view name) {
  if (name == "eth") return p.linktype == kLinkEthernet && !p.has(kProtoEth);
  if (name == "ip") return p.partial == kProtoIp && p.partial_bytes.empty();
  if (name == "arp") return p.partial == kProtoArp && p.partial_bytes.size() < 2;
  if (name == "icmp") return p.partial == kProtoIcmp;
  if (name == "tcp" || name == "udp") return p.called_only != 0;
  return false;
}

// The protocol path Wireshark's hierarchy (-z io,phs) counts a frame under: the items at
// the top of its protocol tree, in order. That is frame.protocols without what Wireshark
// puts inside another layer's subtree (ethertype, IPv6 extension headers, the headers an
// ICMP error quotes, an echo's data, GRE's data, an HTTP body handed to "data"), plus the
// reassembled segments of HTTP and the short/malformed markers.
// Returns false where tshark's layers may go on past ours (frame_protocols).
bool add_to_hierarchy(ProtocolNode& root, const Packet& p, std::string& fp) {
  if (p.malformed == kIcmpv6QuoteCut || p.truncated == kIcmpv6QuoteCut ||
      p.malformed == kIcmpQuoteCut || p.truncated == kIcmpQuoteCut ||
      p.malformed == kIcmpRedirectQuoteEmpty || p.truncated == kIcmpRedirectQuoteEmpty)
    return true;  // (dissect.h)
  const bool exact = frame_protocols(p, fp);
  std::string_view names[26];  // up to 22 from frame.protocols, then inserted and added items
  int n = 0;
  bool quoted = false;  // inside an ICMP error's quote: only its application layer counts
  std::string_view prev;
  for (std::size_t at = 0; at <= fp.size() && !fp.empty() && n < 22;) {
    std::size_t end = fp.find(':', at);
    if (end == std::string::npos) end = fp.size();
    const std::string_view name(fp.data() + at, end - at);
    at = end + 1;
    const bool last = end == fp.size();
    if (name == "ethertype" || name.starts_with("ipv6.")) continue;
    // A header whose dissector threw before it added its item: Ethernet's cut short, an
    // IPv4 header with no byte, ARP's before its hardware type, ICMP's before the echo
    // identifier (dissect_icmp), TCP's and UDP's before their ports.
    if (last && cut_before_item(p, name)) continue;
    // TAPA that threw on its 4 bytes before it added its item (dissect/tapa.h)
    if (name == "tapa" && !quoted && p.udp.tapa == TapaTake::kThrows) continue;
    // A heuristic dissector that threw on a cut payload, before it added its item
    if (const char* h = cut_heuristic_name(cut_payload_heuristic(p), false);
        last && h != nullptr && name == h)
      continue;
    if (quoted && name != "data" && name != "dns" && name != "dhcp" && name != "tapa") continue;
    // (the data after a quoted protocol no Wireshark dissector takes is in ICMP's subtree;
    // only a quoted UDP header's is at the top)
    if (quoted && name == "data" && p.inner.proto != 17) continue;
    // PXEClient's vendor options are a second dhcp item inside the first one's subtree.
    if (name == "dhcp" && prev == "dhcp") continue;
    if (name == "data" && !quoted &&
        (prev == "gre" || prev == "http" || ((prev == "icmp" || prev == "icmpv6") && is_echo(p))))
      continue;
    // An ICMP error: the IP header it quotes follows.
    if ((name == "icmp" || name == "icmpv6") && !last && fp.compare(at, 2, "ip") == 0)
      quoted = true;
    names[n++] = name;
    prev = name;
  }
  // A VLAN tag the frame ends inside is named in frame.protocols but has no tree item;
  // 802.1ad's dissector adds its item once it has read the TCI (and a Q-in-Q pair whose
  // second tag or type is cut has it too).
  if (vlan_cut(p) && n > 0) {
    const VlanTag& last = p.vlan[p.vlan_count - 1u];
    if (names[n - 1] == "vlan" || (names[n - 1] == "ieee8021ad" && last.bytes.size() < 2)) --n;
  }
  if (p.has(kProtoPpp)) adjust_ppp(names, n, p.ppp);
  if (p.has(kProtoLlc)) adjust_llc(names, n, p.llc);
  // IPv6 that its dissector refused has its item, and the data inside it.
  if (p.ipv6_bogus && n > 0 && n < 25 && names[n - 1] == "data") {
    names[n - 1] = "ipv6";
    names[n++] = "data";
  }
  if (http_reassembled(p) && !p.http_at_fin) names[n++] = "tcp.segments";
  if (http_reassembled(p) && p.http_at_fin && n < 25) {
    // TCP completes a body that runs until the FIN in its own FIN handling, which adds
    // the reassembled segments' item before it hands the message to HTTP: after tcp.
    int at = 0;
    while (at < n && names[at] != "tcp") ++at;
    if (at < n) {
      for (int i = n; i > at + 1; --i) names[i] = names[i - 1];
      names[at + 1] = "tcp.segments";
      ++n;
    }
  }
  if (p.has(kProtoTcp) && (p.has(kProtoDns) || !p.dns_tcp.cut.empty()))
    add_dns_tcp_items(names, n, p);
  // A DHCP message too short for its header never gets a dhcp item (nor one the snap
  // length cut inside it).
  if (p.has(kProtoUdp) && p.payload_len > 0 && !p.has(kProtoDns) && is_dhcp(p) &&
      !dhcp_scan(p.payload, p.payload_len).header_read && n > 0 && names[n - 1] == "dhcp")
    --n;
  // Nor a DNS message too short for its ID and flags a dns item.
  if (n > 0 && names[n - 1] == "dns" && !p.has(kProtoTcp) && dns_message(p).size() < 4) --n;
  // Each duplicate address ARP reports is a top-level text item after arp (a chain, as
  // the hierarchy reads every item after the last protocol's).
  if (p.has(kProtoArp))
    for (int i = 0; i < p.arp.duplicate_count && n < 26; ++i) names[n++] = "text";
  const TreeEnd end = tree_end(p, false);
  if (end == TreeEnd::kShort)
    names[n++] = "_ws.short";
  else if (end == TreeEnd::kMalformed)
    names[n++] = "_ws.malformed";
  else if (end == TreeEnd::kUnreassembled)
    names[n++] = "_ws.unreassembled";
  // A packet comment is an item of its own before the link layer.
  if (pcapng_has_comment(p) && n < 26) {
    for (int i = n; i > 0; --i) names[i] = names[i - 1];
    names[0] = "pkt_comment";
    ++n;
  }
  ProtocolNode* node = &root;
  for (int i = 0; i < n; ++i) {
    node = child(node, names[i]);
    ++node->frames;
    node->bytes += p.len;
  }
  return exact;
}

std::string format_size(std::uint64_t bytes) {
  char buf[32];
  if (bytes >= 10000000000000ull)
    std::snprintf(buf, sizeof buf, "%" PRIu64 " TB",
                  static_cast<std::uint64_t>(bytes / 1000000000000ull));
  else if (bytes >= 10000000000ull)
    std::snprintf(buf, sizeof buf, "%" PRIu64 " GB",
                  static_cast<std::uint64_t>(bytes / 1000000000ull));
  else if (bytes >= 10000000ull)
    std::snprintf(buf, sizeof buf, "%" PRIu64 " MB",
                  static_cast<std::uint64_t>(bytes / 1000000ull));
  else if (bytes >= 10000ull)
    std::snprintf(buf, sizeof buf, "%" PRIu64 " kB", static_cast<std::uint64_t>(bytes / 1000ull));
  else
    std::snprintf(buf, sizeof buf, "%" PRIu64 " bytes", bytes);
  return buf;
}

void draw(std::string& out, const ProtocolNode& node, int indent) {
  for (const auto& c : node.children) {
    std::string label(static_cast<std::size_t>(indent) * 2, ' ');
    label += c->name;
    char line[160];
    std::snprintf(line, sizeof line, "%-40s frames:%" PRIu64 " bytes:%" PRIu64 "\n", label.c_str(),
                  c->frames, c->bytes);
    out += line;
    draw(out, *c, indent + 1);
  }
}

}  // namespace

StatsResult compute_stats(const std::string& path, const StatsOptions& options) {
  PacketStream stream(path);
  StatsResult r;
  std::map<std::pair<net::IpAddress, net::IpAddress>, std::size_t> ip_index;
  Packet p;
  std::string protocols;
  while (stream.next(p)) {
    ++r.packets;
    if (options.protocols && !add_to_hierarchy(r.root, p, protocols) && r.inexact_from == 0)
      r.inexact_from = p.number;
    if (options.tcp && p.has(kProtoTcp) && p.stream >= 0)
      count(r.tcp, static_cast<std::size_t>(p.stream), p, {p.src, p.tcp.sport},
            {p.dst, p.tcp.dport});
    if (options.udp && p.has(kProtoUdp) && p.stream >= 0)
      count(r.udp, static_cast<std::size_t>(p.stream), p, {p.src, p.udp.sport},
            {p.dst, p.udp.dport});
    if (options.ip && p.has(kProtoIp)) {
      auto key = p.src < p.dst ? std::make_pair(p.src, p.dst) : std::make_pair(p.dst, p.src);
      auto [it, inserted] = ip_index.try_emplace(key, r.ip.size());
      count(r.ip, it->second, p, {p.src, 0}, {p.dst, 0});
    }
  }
  r.error = stream.error();
  return r;
}

void append_conversations(std::string& out, const char* title,
                          const std::vector<Conversation>& rows, bool ports) {
  const char* pad = ports ? "            " : "";
  out += "================================================================================\n";
  out += title;
  out += " Conversations\nFilter:<No Filter>\n";
  out += "                                               ";
  out += pad;
  out += "|       <-      | |       ->      | |     Total     |    Relative    |   Duration   |\n";
  out += "                                               ";
  out += pad;
  out += "| Frames  Bytes | | Frames  Bytes | | Frames  Bytes |      Start     |              |\n";
  // Most frames first; ties keep the order of first appearance (tshark's loop does this).
  std::vector<const Conversation*> sorted;
  for (const auto& c : rows)
    if (c.frames_ab + c.frames_ba > 0) sorted.push_back(&c);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Conversation* x, const Conversation* y) {
    return x->frames_ab + x->frames_ba > y->frames_ab + y->frames_ba;
  });
  char line[512];
  for (const Conversation* c : sorted) {
    if (ports) {
      // tshark writes IPv6 endpoints without brackets here: "2001:db8::1:80".
      std::string a = c->a.address.to_string() + ":" + std::to_string(c->a.port);
      std::string b = c->b.address.to_string() + ":" + std::to_string(c->b.port);
      std::snprintf(line, sizeof line, "%-26s <-> %-26s", a.c_str(), b.c_str());
    } else {
      std::snprintf(line, sizeof line, "%-20s <-> %-20s", c->a.address.to_string().c_str(),
                    c->b.address.to_string().c_str());
    }
    out += line;
    std::snprintf(line, sizeof line,
                  "  %6" PRIu64 " %-9s  %6" PRIu64 " %-9s  %6" PRIu64 " %-9s  %14.9f   %12.4f\n",
                  c->frames_ba, format_size(c->bytes_ba).c_str(), c->frames_ab,
                  format_size(c->bytes_ab).c_str(), c->frames_ab + c->frames_ba,
                  format_size(c->bytes_ab + c->bytes_ba).c_str(), to_seconds(c->start),
                  to_seconds(c->stop) - to_seconds(c->start));
    out += line;
  }
  out += "================================================================================\n";
}

void append_hierarchy(std::string& out, const ProtocolNode& root) {
  out += "\n===================================================================\n";
  out += "Protocol Hierarchy Statistics\nFilter: \n\n";
  draw(out, root, 0);
  out += "===================================================================\n";
}

}  // namespace sockscope::capture
