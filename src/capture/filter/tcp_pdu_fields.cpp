// The fields of TCP's reassembly as Wireshark 4.0's single pass shows them: on the segment
// that completes a PDU put together from several (an HTTP message, a DNS PDU), the item
// listing them (tcp.segments), their frames (tcp.segment), how many (tcp.segment.count),
// the PDU's length (tcp.reassembled.length) and bytes (tcp.reassembled.data); and for each
// PDU tcp_dissect_pdus() hands DNS in a segment, its size (tcp.pdu.size) and DNS's length
// field (dns.length). A single pass never knows, on an earlier segment, the frame that
// will complete its PDU: tcp.reassembled_in is never shown.
#include "capture/filter/fields.h"

namespace sockscope::capture::filter {

using enum FieldId;

int tcp_pdu_field_values(FieldId id, const Packet& p, Value* out, int cap) {
  int n = 0;
  const auto put = [&](std::uint64_t v) {
    if (n < cap) out[n].u = v;
    ++n;
  };
  const bool reassembled = !p.tcp_segments.empty();
  switch (id) {
    case kTcpSegments:
    case kTcpReassembledData:
      if (reassembled) put(1);  // present (the bytes: tcp_reassembled_bytes)
      return n;
    case kTcpSegment:
      for (std::uint32_t frame : p.tcp_segments) put(frame);
      return n;
    case kTcpSegmentCount:
      if (reassembled) put(p.tcp_segments.size());
      return n;
    case kTcpReassembledLength:
      if (reassembled) put(p.tcp_reassembled_len);
      return n;
    case kTcpPduSize:
    case kDnsLength:
      if (!p.has(kProtoTcp) || !p.has(kProtoDns)) return 0;
      for_each_dns_message(p, [&](Bytes m) {
        // (a PDU the snap length cut: the size its length field gives)
        const std::size_t size = is_cut_dns_message(p, m) ? p.dns_tcp.cut_reported : m.size() + 2;
        if (id == kTcpPduSize)
          put(size);
        else if (m.size() >= 4)  // in the dns item, added once the ID and flags are read
          put(size - 2);
      });
      return n;
    default:
      return 0;
  }
}

Bytes tcp_reassembled_bytes(const Packet& p) {
  if (p.tcp_segments.empty()) return {};
  if (!p.dns_tcp.reassembled.empty()) return p.dns_tcp.reassembled;
  return p.http_pdu.empty() ? p.http_message : p.http_pdu;
}

}  // namespace sockscope::capture::filter
