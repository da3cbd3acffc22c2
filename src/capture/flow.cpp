#include "capture/flow.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <map>

#include "capture/display_filter.h"
#include "capture/packet_stream.h"
#include "capture/summary.h"
#include "capture/text_out.h"
#include "core/text.h"

namespace sockscope::capture {
namespace {

constexpr int kColumn = 24;  // characters between two node columns in the text graph

std::string flags_label(const FlowEvent& e) {
  std::string s;
  append_tcp_flags(s, e.flags);
  if (e.len > 0) {
    s += " - Len: ";
    append_u64(s, e.len);
  }
  return s;
}

std::string numbers(const FlowEvent& e) {
  std::string s = "Seq=";
  append_u64(s, e.seq);
  if (e.flags & kAck) {
    s += " Ack=";
    append_u64(s, e.ack);
  }
  s += " Len=";
  append_u64(s, e.len);
  return s;
}

}  // namespace

std::string to_string(const FlowNode& node) {
  std::string s = node.addr.to_string();
  if (node.port == 0) return s;
  if (node.addr.family == AF_INET6) s = "[" + s + "]";
  s += ':';
  append_u64(s, node.port);
  return s;
}

FlowGraph build_flow(const std::string& path, const FlowOptions& options) {
  DisplayFilter filter = DisplayFilter::compile(options.filter);
  PacketStream stream(path);
  stream.set_ack_analysis(filter.needs_ack_analysis());
  FlowGraph g;
  g.absolute = options.absolute;
  Packet p;
  std::map<FlowNode, int> columns;
  auto node_of = [&g, &columns](const FlowNode& node) {
    auto [it, added] = columns.emplace(node, static_cast<int>(g.nodes.size()));
    if (added) g.nodes.push_back(node);
    return it->second;
  };
  while (stream.next(p)) {
    if (!p.has(kProtoTcp) || !filter.matches(p)) continue;
    g.time_digits = stream.time_digits();
    FlowEvent e;
    e.frame = p.number;
    e.rel = p.rel;
    const bool self = p.src == p.dst;  // loopback: tell the ends apart by port
    e.from = node_of({p.src, self ? p.tcp.sport : std::uint16_t{0}});
    e.to = node_of({p.dst, self ? p.tcp.dport : std::uint16_t{0}});
    e.sport = p.tcp.sport;
    e.dport = p.tcp.dport;
    e.flags = p.tcp.flags;
    e.seq = options.absolute ? p.tcp.seq : p.tcpa.rel_seq;
    e.ack = options.absolute ? p.tcp.ack : p.tcpa.rel_ack;
    e.len = p.payload_len;
    e.analysis = p.tcpa.flags;
    e.stream = p.stream;
    g.events.push_back(e);
  }
  g.error = stream.error();
  return g;
}

void append_flow_text(std::string& out, const FlowGraph& g) {
  const std::size_t left = 20;  // "frame  time" gutter
  auto column = [&](int node) {
    return left + static_cast<std::size_t>(node) * kColumn + kColumn / 2;
  };
  std::size_t width = column(static_cast<int>(g.nodes.size()) - 1) + kColumn / 2 + 1;
  // Header: node names centred on their columns.
  std::string header(width, ' ');
  header.replace(0, 14, "Frame  Time   ");
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    std::string name = to_string(g.nodes[i]);
    std::size_t c = column(static_cast<int>(i));
    std::size_t start = c >= name.size() / 2 ? c - name.size() / 2 : 0;
    if (start + name.size() > header.size()) header.resize(start + name.size(), ' ');
    header.replace(start, name.size(), name);
  }
  out += header;
  out += "\n";
  int last_stream = -1;
  for (const FlowEvent& e : g.events) {
    if (last_stream >= 0 && e.stream != last_stream) out += "\n";
    last_stream = e.stream;
    std::string line(width, ' ');
    std::string arrow(width, ' ');
    for (std::size_t i = 0; i < g.nodes.size(); ++i)
      line[column(static_cast<int>(i))] = arrow[column(static_cast<int>(i))] = '|';
    char gutter[32];
    std::string t;
    append_seconds(t, e.rel, g.time_digits);
    std::snprintf(gutter, sizeof gutter, "%-6u %s", e.frame, t.c_str());
    line.replace(0, std::min<std::size_t>(left - 1, std::strlen(gutter)), gutter,
                 std::min<std::size_t>(left - 1, std::strlen(gutter)));
    std::size_t a = column(e.from), b = column(e.to);
    std::size_t lo = std::min(a, b), hi = std::max(a, b);
    std::string label = flags_label(e);
    std::size_t label_at = lo + 2;
    if (label_at + label.size() > line.size()) line.resize(label_at + label.size(), ' ');
    line.replace(label_at, label.size(), label);
    if (hi > lo) {
      for (std::size_t k = lo + 1; k < hi; ++k) arrow[k] = '-';
      if (b > a)
        arrow[hi - 1] = '>';
      else
        arrow[lo + 1] = '<';
    }
    std::string sport = "(", dport = "(";
    append_u64(sport, e.sport);
    append_u64(dport, e.dport);
    sport += ')';
    dport += ')';
    std::string& lp = b >= a ? sport : dport;
    std::string& rp = b >= a ? dport : sport;
    if (lo >= lp.size()) arrow.replace(lo - lp.size(), lp.size(), lp);
    if (hi + 1 + rp.size() > arrow.size()) arrow.resize(hi + 1 + rp.size(), ' ');
    arrow.replace(hi + 1, rp.size(), rp);
    line.resize(std::max(line.size(), width), ' ');
    out += line;
    out += "  ";
    out += numbers(e);
    out += "\n";
    while (!arrow.empty() && arrow.back() == ' ') arrow.pop_back();
    out += arrow;
    out += "\n";
  }
}

void append_flow_svg(std::string& out, const FlowGraph& g) {
  const int col = 220, top = 70, row = 44, left = 150;
  const int width = left + static_cast<int>(g.nodes.size()) * col + 260;
  const int height = top + static_cast<int>(g.events.size()) * row + 40;
  auto x_of = [&](int node) { return left + node * col + col / 2; };
  char buf[512];
  std::snprintf(
      buf, sizeof buf,
      "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
      "font-family=\"monospace\" font-size=\"12\">\n",
      width, height, width, height);
  out += buf;
  out += "<title>TCP flow graph</title>\n";
  out +=
      "<defs><marker id=\"arrow\" markerWidth=\"10\" markerHeight=\"8\" refX=\"9\" refY=\"4\" "
      "orient=\"auto\">"
      "<path d=\"M0,0 L10,4 L0,8 z\" fill=\"#222\"/></marker></defs>\n";
  out += "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n";
  std::snprintf(buf, sizeof buf, "<text x=\"10\" y=\"30\" font-weight=\"bold\">Time</text>\n");
  out += buf;
  for (std::size_t i = 0; i < g.nodes.size(); ++i) {
    int x = x_of(static_cast<int>(i));
    std::snprintf(buf, sizeof buf,
                  "<text x=\"%d\" y=\"30\" text-anchor=\"middle\" font-weight=\"bold\">%s</text>\n"
                  "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#999\" "
                  "stroke-dasharray=\"4 3\"/>\n",
                  x, xml_escape(to_string(g.nodes[i])).c_str(), x, top - 20, x, height - 20);
    out += buf;
  }
  int y = top;
  for (const FlowEvent& e : g.events) {
    std::string t;
    append_seconds(t, e.rel, g.time_digits);
    int x1 = x_of(e.from), x2 = x_of(e.to);
    const char* colour = (e.flags & kRst)            ? "#c0392b"
                         : (e.flags & (kSyn | kFin)) ? "#2c6fbb"
                                                     : "#222";
    std::snprintf(buf, sizeof buf,
                  "<g><title>frame %u</title><text x=\"10\" y=\"%d\">%s</text>\n"
                  "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" "
                  "stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n",
                  e.frame, y + 4, t.c_str(), x1, y + 8, x2, y + 8, colour);
    out += buf;
    std::snprintf(buf, sizeof buf,
                  "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" fill=\"%s\">%s</text>\n"
                  "<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"10\">%u</text>\n"
                  "<text x=\"%d\" y=\"%d\" font-size=\"10\">%u</text>\n"
                  "<text x=\"%d\" y=\"%d\">%s</text></g>\n",
                  (x1 + x2) / 2, y + 2, colour, xml_escape(flags_label(e)).c_str(),
                  std::min(x1, x2) - 4, y + 12, x1 <= x2 ? e.sport : e.dport, std::max(x1, x2) + 4,
                  y + 12, x1 <= x2 ? e.dport : e.sport,
                  left + static_cast<int>(g.nodes.size()) * col + 10, y + 10, numbers(e).c_str());
    out += buf;
    y += row;
  }
  out += "</svg>\n";
}

}  // namespace sockscope::capture
