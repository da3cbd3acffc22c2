// Public. "Follow TCP/UDP stream": a stream's payload in order, both directions, with
// the reassembly rules of Wireshark's follow tap (so the bytes match tshark -z follow):
// retransmitted bytes appear once, overlapping segments contribute only their new bytes,
// out-of-order segments wait for the gap to fill, and when the other side acknowledges
// past a gap that never arrives, a "[N bytes missing in capture file]" chunk marks it.
// FollowFormatter lays chunks out as tshark's ascii, hex or raw follow output.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "capture/packet.h"
#include "capture/stream_tracker.h"

namespace sockscope::capture {

enum class FollowFormat { kAscii, kHex, kRaw };

// One delivery of in-order bytes from node 0 or node 1.
using ChunkSink = std::function<void(int node, Bytes data)>;

// Reassembles one TCP stream. Owns copies of out-of-order bytes until they fit.
class TcpReassembler {
 public:
  // `node` is the packet's direction (0: from the stream's first sender).
  void add(const Packet& p, int node, const ChunkSink& sink);
  std::uint64_t missing_bytes(int node) const { return missing_[node]; }
  std::uint32_t gaps(int node) const { return gaps_[node]; }

 private:
  struct Fragment {
    std::uint32_t seq;
    std::string data;
  };
  bool check_fragments(int node, std::uint32_t acknowledged, bool use_ack, const ChunkSink& sink);

  std::uint32_t seq_[2] = {0, 0};
  std::uint64_t written_[2] = {0, 0};
  std::vector<Fragment> fragments_[2];
  std::uint64_t missing_[2] = {0, 0};
  std::uint32_t gaps_[2] = {0, 0};
};

// tshark's follow layout, written incrementally.
class FollowFormatter {
 public:
  FollowFormatter(FollowFormat format, bool tcp, std::int64_t stream, const net::IpEndpoint* node0,
                  const net::IpEndpoint* node1);
  void header(std::string& out) const;
  void chunk(std::string& out, int node, Bytes data);
  static void footer(std::string& out);

 private:
  FollowFormat format_;
  bool tcp_;
  std::int64_t stream_;
  std::string node_[2];
  std::uint32_t offset_[2] = {0, 0};
};

FollowFormat parse_follow_format(const std::string& text);  // throws usage_error

}  // namespace sockscope::capture

namespace sockscope::capture {

struct FollowRequest {
  bool tcp = true;
  std::int64_t stream = 0;
  FollowFormat format = FollowFormat::kAscii;
};

struct FollowResult {
  std::string text;    // tshark's layout, header to footer
  bool found = false;  // the stream exists in the file
  std::uint64_t bytes[2] = {0, 0};
  std::uint64_t missing[2] = {0, 0};  // bytes the capture missed (TCP)
  std::string error;                  // damage in the file (everything before it was used)
};

// One stream of a capture file.
FollowResult follow_stream(const std::string& path, const FollowRequest& request);

struct FollowAllResult {
  std::size_t tcp_streams = 0, udp_streams = 0;
  std::string error;
};

// Every TCP and UDP stream in one pass, each to DIR/{tcp,udp}-stream-N.txt.
FollowAllResult follow_all(const std::string& path, FollowFormat format, const std::string& dir);

}  // namespace sockscope::capture
