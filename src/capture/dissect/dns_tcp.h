// Public. DNS over TCP (RFC 1035 4.2.2: each message follows a 2-byte length) as tshark
// 4.0 dissects it with its default preferences (TCP reassembly, DNS desegmentation): its
// tcp_dissect_pdus() cuts a segment on ports 53 and 5353 into PDUs. A PDU whole in the
// segment is dissected there, however many share it; one that runs past the segment is
// put together from the segments that follow and dissected on the one that completes it
// (tcp.segments), ahead of the whole PDUs that segment holds after it. A segment that
// completes none and holds no whole one is "[TCP segment of a reassembled PDU]" (no dns,
// no data). In-order segments only, as HttpReassembler: a gap or reordering drops the PDU
// being built. A segment the snap length cut: its whole PDUs, then the cut one dissected
// as far as captured (short; the pieces that follow a cut PDU are pieces of one that is
// never completed), or, cut right after a whole PDU, the next one's length read past the
// capture (short); a cut piece of a PDU begun earlier is left to TCP.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "capture/packet.h"

namespace sockscope::capture {

inline bool is_dns_port(std::uint16_t port) {
  return port == 53 || port == 5353;
}

// Whether tshark hands this TCP segment to its DNS dissector: of the two ports, the lower
// one that has a dissector registered (tshark -G decodes) is 53 or 5353.
bool on_dns_tcp_port(const Packet& p);

// The PDUs of `bytes` that are whole, back to back from its start: how many bytes they
// take (a 2-byte length, then that many bytes, each).
std::size_t whole_dns_pdus(Bytes bytes);

// What a segment the snap length cut holds of its cut PDU (Packet::DnsTcp::cut), its
// length field included: the PDU's size or less. tcp_dissect_pdus() makes that the PDU
// tvb's contained length, and a fragment's read past it throws FragmentBoundsError.
std::size_t dns_tcp_cut_contained(const Packet& p);

// tshark's Info for a segment with DNS PDUs: each PDU's dissection clears the column and
// writes its summary, but TCP fences the column after a reassembled PDU, so the PDU the
// segment completes keeps its summary, followed by that of the last whole one.
std::string dns_tcp_summary(const Packet& p);

class DnsTcpReassembler {
 public:
  // After the stream tracker (needs p.stream, p.tcpa) and the HTTP reassembler: sets
  // p.dns_tcp, and kProtoDns on a segment with a PDU to dissect.
  // (inline, the gate most segments stop at: no data, or no DNS port)
  void add(Packet& p, int direction) {
    if (p.has(kProtoTcp) && direction >= 0 && p.stream >= 0 && p.payload_len != 0 &&
        (is_dns_port(p.tcp.sport) || is_dns_port(p.tcp.dport)))
      add_on_dns_port(p, direction);
  }

 private:
  struct Half {
    std::uint32_t next_seq = 0;
    std::vector<std::byte> kept;        // the PDU so far, its length first
    std::vector<std::uint32_t> frames;  // the segments that carried it
    // A PDU the snap length cut that runs on past its segment: the bytes still to come.
    // Its whole pieces are "[TCP segment of a reassembled PDU]", the last one too (tshark
    // cannot put together what was not captured), and nothing is kept; a piece the snap
    // length cut too is dissected from its start, as TCP reassembles no cut segment.
    std::size_t cut_left = 0;
  };
  void add_on_dns_port(Packet& p, int direction);
  std::unordered_map<std::uint64_t, Half> halves_;  // by stream * 2 + direction
  // The last PDU completed across segments, and its segments' frames (Packet::dns_tcp).
  std::vector<std::byte> pdu_;
  std::vector<std::uint32_t> frames_;
};

}  // namespace sockscope::capture
