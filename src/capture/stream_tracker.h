// Public. Wireshark's conversation bookkeeping in one pass: numbers TCP and UDP streams
// (tcp.stream / udp.stream, in order of first appearance, a new TCP stream when a SYN
// reuses the ports of an old one with another ISN), and runs the TCP sequence analysis
// (relative seq/ack, scaled window, retransmission, out-of-order, lost segment, dup ACK,
// window update, keep-alive...) with the same rules as Wireshark's packet-tcp.c so the
// summary lines agree. Owns one small state record per stream; per packet it only
// writes into the Packet it is given.
#pragma once

#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

#include "capture/packet.h"

namespace sockscope::capture {

// One direction of a TCP stream, as the analysis needs it.
struct TcpHalf {
  bool base_set = false;
  std::uint32_t base_seq = 0;
  std::int32_t win_scale = -1;  // -1 unknown, -2 not used, else the shift
  std::uint32_t nextseq = 0, maxseqtobeacked = 0, lastack = 0;
  std::uint32_t nextseq_frame = 0, lastnondupack = 0;
  Timestamp nextseq_time, lastack_time;
  std::uint32_t window = 0;  // raw, unscaled
  std::uint32_t dupacknum = 0;
  std::uint32_t last_flags = 0;  // analysis flags of the last segment sent this way
  bool syn_seen = false, fin_seen = false, rst_seen = false;
  // The ACK analysis's state, made on the direction's first packet when
  // StreamTracker::set_ack_analysis is on (a pointer here, so streams cost no more
  // without it).
  struct Acks;
  std::unique_ptr<Acks> acks;
};

struct TcpHalf::Acks {
  // The segments sent this way and not yet acknowledged, oldest first, as Wireshark's
  // list of "unacked" segments (retransmissions included, at most kMaxUnacked).
  struct Unacked {
    std::uint32_t frame = 0, seq = 0, nextseq = 0;
    Timestamp ts;
  };
  std::vector<Unacked> unacked;
  bool valid_bif = true;  // bytes in flight are known (not after a gap until an ACK)
  bool push_set_last = false;
  std::uint32_t push_bytes_sent = 0;
  std::uint32_t sack_delivered = 0;  // bytes the last segment's SACK blocks cover (3 at most)
};

// Wireshark's TCP_MAX_UNACKED_SEGMENTS: a direction keeps at most this many.
constexpr std::size_t kMaxUnacked = 10000;

struct StreamInfo {
  bool tcp = true;
  net::IpEndpoint node[2];  // node[0] = sender of the stream's first packet
  TcpHalf half[2];
  std::int64_t first_rtt = 0;  // ns
  // Wireshark's ts_mru_syn and ts_first_rtt: the latest SYN (without ACK), and the time
  // from it to the stream's first pure ACK (either direction); zero: not (yet) known.
  Timestamp mru_syn, first_rtt_ts;
  bool first_rtt_known = false;
  bool synack_seen = false;
  bool tfo_syn_data = false;  // a SYN with a TCP Fast Open cookie carried data
  std::uint32_t first_frame = 0;
  std::uint32_t packets = 0;
  Timestamp first_ts, last_ts;  // the first packet's time and the previous one's (stream times)
};

class StreamTracker {
 public:
  // Assigns p.stream and, for TCP, p.tcpa. Call once per packet, in file order.
  // Returns the direction (0: node[0] -> node[1], 1: the other way), or -1 when the
  // packet is neither TCP nor UDP.
  int track(Packet& p);
  // Also run Wireshark's ACK analysis (Packet::tcpa.acks_frame, ack_rtt, bytes_in_flight,
  // push_bytes_sent, initial_rtt, analysed): a list of unacknowledged segments per
  // direction, walked by every ACK. Off by default: only the filters and views that
  // show those fields pay for it. Turn it on before the first packet.
  void set_ack_analysis(bool on) { ack_analysis_ = on; }
  bool ack_analysis() const { return ack_analysis_; }

  const StreamInfo& tcp_stream(std::int32_t index) const { return tcp_[index]; }
  const StreamInfo& udp_stream(std::int32_t index) const { return udp_[index]; }
  std::size_t tcp_count() const { return tcp_.size(); }
  std::size_t udp_count() const { return udp_.size(); }

 private:
  struct Key {
    net::IpAddress a, b;
    std::uint16_t pa = 0, pb = 0;
    std::uint8_t proto = 0;
    bool operator==(const Key&) const = default;
  };
  struct KeyHash {
    std::size_t operator()(const Key& k) const;
  };
  static Key make_key(std::uint8_t proto, const net::IpAddress& s, std::uint16_t sp,
                      const net::IpAddress& d, std::uint16_t dp);
  // The index of the UDP stream between the two ends, opened by `p` if it is new.
  std::int32_t udp_stream_of(const Packet& p, const net::IpAddress& src, std::uint16_t sport,
                             const net::IpAddress& dst, std::uint16_t dport);
  void analyze_tcp(Packet& p, StreamInfo& s, int dir);
  // Out of line: analyze_tcp's common path stays as it was when the analysis is off.
  [[gnu::noinline]] void analyze_acks(Packet& p, StreamInfo& s, int dir);
  bool ack_analysis_ = false;
  void match_echo(Packet& p);

  // Echo requests not yet answered, keyed as Wireshark matches them: the two addresses,
  // id and sequence, and the request's checksum (a reply's, converted), so that only a
  // reply carrying the same data matches.
  struct EchoKey {
    net::IpAddress a, b;
    std::uint32_t id_seq = 0;
    std::uint16_t checksum = 0;
    bool operator==(const EchoKey&) const = default;
  };
  struct EchoKeyHash {
    std::size_t operator()(const EchoKey& k) const;
  };
  struct EchoRequest {
    std::uint32_t frame = 0;
    std::int64_t ns = 0;
  };
  std::unordered_map<EchoKey, EchoRequest, EchoKeyHash> echoes_;

  std::unordered_map<Key, std::int32_t, KeyHash> tcp_index_, udp_index_;
  std::vector<StreamInfo> tcp_, udp_;
};

}  // namespace sockscope::capture
