// Public. What tshark 4.0 does, with its default preferences, to binary TCP payloads to and
// from 127.0.0.1 on ports no dissector is registered for: its LBMSRS heuristic dissector
// (Informatica Ultra Messaging's SRS over RSocket, packet-lbmsrs.c) is enabled for traffic
// to or from its default source address, 127.0.0.1, and takes any segment whose first
// bytes pass its RSocket frame check. It then asks TCP for the whole frame (a 24-bit
// length at its start): that segment's Info becomes "[TCP segment of a reassembled PDU]"
// alone, and every later segment inside the frame's sequence range gets TCP's Info plus
// " [TCP segment of a reassembled PDU]" (fast retransmissions and out-of-order segments
// too; a plain retransmission goes to no subdissector); none of them carries `data`.
// A frame that completes (LBMSRS then dissects it) is not modelled: those segments stay
// plain TCP here.
#pragma once

#include <cstdint>
#include <vector>

#include "capture/packet.h"

namespace sockscope::capture {

// Whether tshark 4.0 has a dissector registered for this TCP port (`tshark -G decodes`,
// tcp.port): a segment on such a port goes to that dissector before any heuristic.
bool tshark_tcp_port_registered(std::uint16_t port);

// Whether the payload passes packet-lbmsrs.c's check_lbmsrs_packet(): an RSocket frame
// header (24-bit length, stream id, frame type and metadata flag) followed by an SRS
// message id from 1 to 12.
bool lbmsrs_frame_check(Bytes payload);

class LbmsrsHeuristic {
 public:
  // After the stream tracker and the HTTP reassembler: sets p.tcp_pdu. Inline, so that
  // the common case (no frame awaited, a payload that is no RSocket frame) costs a few
  // instructions per packet.
  void add(Packet& p, int direction) {
    if (awaited_ == 0) {
      if (p.payload.size() < 8) return;
      const unsigned type = static_cast<std::uint8_t>(p.payload[7]) >> 2;
      if (((kFrameTypes >> type) & 1u) == 0) return;
    }
    add_checked(p, direction);
  }

 private:
  // The RSocket frame types check_lbmsrs_packet() accepts (1, 3-14, 63), as a bit set.
  static constexpr std::uint64_t kFrameTypes = 0x7ffaull | (1ull << 63);
  void add_checked(Packet& p, int direction);
  std::size_t awaited_ = 0;  // active entries of pending_

  struct Pending {  // the frame tshark waits for, in relative sequence numbers
    std::uint32_t start = 0, end = 0;
    bool active = false;
  };
  std::vector<Pending> pending_;  // by stream * 2 + direction (streams are dense)
};

}  // namespace sockscope::capture
