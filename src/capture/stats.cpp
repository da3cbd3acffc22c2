#include "capture/stats.h"

#include <algorithm>
#include <cinttypes>
#include <cstdio>
#include <map>

#include "capture/packet_stream.h"

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

ProtocolNode* child(ProtocolNode* node, const char* name) {
  for (auto& c : node->children)
    if (c->name == name) return c.get();
  node->children.push_back(std::make_unique<ProtocolNode>());
  node->children.back()->name = name;
  return node->children.back().get();
}

// The protocol path Wireshark's hierarchy counts a frame under.
void add_to_hierarchy(ProtocolNode& root, const Packet& p) {
  const char* path[6];
  int n = 0;
  if (p.has(kProtoEth))
    path[n++] = "eth";
  else if (p.has(kProtoSll))
    path[n++] = "sll";
  else if (p.has(kProtoNull))
    path[n++] = "null";
  else if (p.linktype == kLinkRaw)
    path[n++] = "raw";
  if (p.has(kProtoIp))
    path[n++] = "ip";
  else if (p.has(kProtoIpv6))
    path[n++] = "ipv6";
  else if (p.has(kProtoArp))
    path[n++] = "arp";
  if (p.has(kProtoTcp))
    path[n++] = "tcp";
  else if (p.has(kProtoUdp))
    path[n++] = "udp";
  else if (p.has(kProtoIcmp))
    path[n++] = "icmp";
  else if (p.has(kProtoIcmpv6))
    path[n++] = "icmpv6";
  if (has_data_layer(p)) path[n++] = "data";
  if (is_dhcp(p)) path[n++] = "dhcp";
  ProtocolNode* node = &root;
  for (int i = 0; i < n; ++i) {
    node = child(node, path[i]);
    ++node->frames;
    node->bytes += p.len;
  }
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
  while (stream.next(p)) {
    ++r.packets;
    if (options.protocols) add_to_hierarchy(r.root, p);
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
