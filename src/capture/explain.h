// Public. A plain-language account of one TCP or UDP stream, answering the questions the
// labs ask of a capture: the three-way handshake with its raw and relative numbers (and
// why the ACK is ISN + 1), how many packets came before the first payload, each data
// segment and the packet that acknowledged it, retransmissions and lost segments, who
// closed and how; for UDP, the four header fields of each datagram. explain_stream()
// gathers the facts; append_explanation() words them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "capture/stream_tracker.h"

namespace sockscope::capture {

struct ExplainSegment {
  std::uint32_t frame = 0;
  int from = 0;  // node 0 or 1
  std::uint16_t flags = 0;
  std::uint32_t seq_raw = 0, ack_raw = 0, rel_seq = 0, rel_ack = 0, len = 0;
  std::uint32_t analysis = 0;  // TcpAnalysisFlag bits
  std::uint32_t acked_by = 0;  // frame that acknowledged this data (0: never seen)
  std::int64_t rel_ns = 0;
  std::string preview;  // first bytes of the payload, escaped
  // UDP header fields
  std::uint16_t udp_length = 0, udp_checksum = 0;
};

struct Explanation {
  bool tcp = true;
  bool found = false;
  std::int64_t stream = 0;
  net::IpEndpoint node[2];
  std::vector<ExplainSegment> packets;                     // every packet of the stream, in order
  std::int32_t syn = -1, synack = -1, handshake_ack = -1;  // indexes into packets
  std::uint16_t mss[2] = {0, 0};
  std::int32_t ws[2] = {-1, -1};
  bool sack[2] = {false, false};
  std::string error;
};

Explanation explain_stream(const std::string& path, bool tcp, std::int64_t stream);
void append_explanation(std::string& out, const Explanation& e, int time_digits = 6);

}  // namespace sockscope::capture
