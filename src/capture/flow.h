// Public. The TCP flow graph (Wireshark's Statistics > Flow Graph, "TCP flows"): one
// column per IP address in order of appearance, one arrow per TCP packet from its source
// to its destination with its flags, Seq, Ack, Len and time, as text for a terminal and
// as an SVG picture for reports. Where both ends share one address (a loopback capture)
// each end is its own column, address:port, so every arrow still runs from source to
// destination (one shared column drew none).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "capture/packet.h"

namespace sockscope::capture {

struct FlowEvent {
  std::uint32_t frame = 0;
  Timestamp rel;         // since the first packet of the file
  int from = 0, to = 0;  // node (column) indexes
  std::uint16_t sport = 0, dport = 0, flags = 0;
  std::uint32_t seq = 0, ack = 0, len = 0, analysis = 0;
  std::int32_t stream = 0;
};

// A column: an address, or an address and port when the address talks to itself.
struct FlowNode {
  net::IpAddress addr;
  std::uint16_t port = 0;  // 0: the whole address
  auto operator<=>(const FlowNode&) const = default;
};
std::string to_string(const FlowNode& node);

struct FlowGraph {
  std::vector<FlowNode> nodes;
  std::vector<FlowEvent> events;
  bool absolute = false;
  int time_digits = 6;
  std::string error;  // damage in the file
};

struct FlowOptions {
  std::string filter;     // display filter; empty: every TCP packet
  bool absolute = false;  // raw sequence numbers (the lab's "untick relative sequence numbers")
};

// Throws usage_error for a bad filter or an unreadable file.
FlowGraph build_flow(const std::string& path, const FlowOptions& options);
void append_flow_text(std::string& out, const FlowGraph& graph);
void append_flow_svg(std::string& out, const FlowGraph& graph);

}  // namespace sockscope::capture
