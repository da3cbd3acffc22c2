// Public. Capture statistics in one pass: conversations (tshark -z conv,tcp|udp|ip) and
// the protocol hierarchy (tshark -z io,phs), plus the text layouts tshark prints them in.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "capture/stream_tracker.h"

namespace sockscope::capture {

struct Conversation {
  net::IpEndpoint a, b;  // a: the sender of the conversation's first packet
  std::uint64_t frames_ab = 0, bytes_ab = 0, frames_ba = 0, bytes_ba = 0;
  // The earliest and latest packet time, relative to the file's first packet (as
  // Wireshark's conversation table: out-of-order stamps widen the span).
  Timestamp start, stop;
};

struct ProtocolNode {
  std::string name;
  std::uint64_t frames = 0, bytes = 0;
  std::vector<std::unique_ptr<ProtocolNode>> children;  // in order of first appearance
};

struct StatsOptions {
  bool tcp = false, udp = false, ip = false, protocols = false;
};

struct StatsResult {
  std::vector<Conversation> tcp, udp, ip;
  ProtocolNode root;  // children are the link layers
  std::uint64_t packets = 0;
  std::string error;  // damage in the file (counts cover what came before)
  // The first frame whose layers tshark may dissect further than we do (a protocol we
  // do not dissect): the hierarchy may differ from -z io,phs from there on. 0: none.
  std::uint32_t inexact_from = 0;
};

StatsResult compute_stats(const std::string& path, const StatsOptions& options);

// "TCP", "UDP" or "IPv4" tables; ports only for TCP/UDP.
void append_conversations(std::string& out, const char* title,
                          const std::vector<Conversation>& rows, bool ports);
void append_hierarchy(std::string& out, const ProtocolNode& root);

}  // namespace sockscope::capture
