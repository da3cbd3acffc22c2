#include "capture/dissect/dns_tcp.h"

#include <algorithm>

#include "capture/dissect/dissect.h"
#include "capture/dissect/dns.h"
#include "capture/dissect/lbmsrs.h"

namespace sockscope::capture {

bool on_dns_tcp_port(const Packet& p) {
  const std::uint16_t low = std::min(p.tcp.sport, p.tcp.dport);
  const std::uint16_t high = std::max(p.tcp.sport, p.tcp.dport);
  if (is_dns_port(low)) return true;
  return is_dns_port(high) && !tshark_tcp_port_registered(low);
}

std::size_t whole_dns_pdus(Bytes bytes) {
  std::size_t at = 0;
  while (bytes.size() - at >= 2) {
    const std::size_t size = dns_tcp_pdu_size(bytes[at], bytes[at + 1]);
    if (bytes.size() - at < size) break;
    at += size;
  }
  return at;
}

std::size_t dns_tcp_cut_contained(const Packet& p) {
  const auto at = static_cast<std::size_t>(p.dns_tcp.cut.data() - p.payload.data());
  return std::min<std::size_t>(p.dns_tcp.cut_reported, p.payload_len - at);
}

std::string dns_tcp_summary(const Packet& p) {
  std::string out;
  Bytes last;
  bool first = true, whole = false;
  // TCP reassembles no segment the snap length cut: each of its PDUs is a fragment, even
  // one the segment holds whole (its read past the PDU: "[BoundErrorUnreassembled Packet]").
  const bool fragment = p.payload.size() < p.payload_len;
  for_each_dns_message(p, [&](Bytes m) {
    if (is_cut_dns_message(p, m)) {  // the last, cut: what it read
      last = {};
      whole = false;
      out.append(dns_summary(m, dns_tcp_cut_contained(p) - 2u, true));
    } else if (first && !p.dns_tcp.reassembled.empty()) {
      out = dns_summary(m, m.size());
    } else {
      last = m;
      whole = true;
    }
    first = false;
  });
  if (whole) out.append(dns_summary(last, last.size(), fragment));
  return out;
}

void DnsTcpReassembler::add_on_dns_port(Packet& p, int direction) {
  if (p.http != Packet::HttpPart::kNone || !on_dns_tcp_port(p)) return;
  // A retransmission goes to no subdissector, nor does a payload with no byte captured.
  if ((p.tcpa.flags & kNoSubdissector) != 0 || p.payload.empty()) return;
  const bool segment_cut = p.payload.size() < p.payload_len;
  const std::uint64_t key = static_cast<std::uint64_t>(p.stream) * 2 + direction;
  Bytes rest = p.payload;
  Packet::DnsTcp& d = p.dns_tcp;
  if (auto found = halves_.find(key); found != halves_.end()) {
    Half& h = found->second;
    if (h.cut_left > 0 && p.tcpa.rel_seq == h.next_seq) {
      // Within a cut PDU that runs on: a segment TCP may reassemble is one of its pieces
      // (what follows the PDU's end in the segment that completes it is not modelled).
      // One the snap length cut too TCP cannot reassemble: it hands DNS the segment from
      // its start, as if no PDU ran on (measured), and the pieces after it stay the cut
      // PDU's.
      const bool done = p.payload_len >= h.cut_left;
      h.next_seq = p.tcpa.rel_seq + p.payload_len;
      h.cut_left -= done ? h.cut_left : p.payload_len;
      if (done) halves_.erase(found);
      if (!segment_cut) {
        d.piece_only = true;
        return;
      }
    } else if (segment_cut) {
      // A segment the snap length cut is never reassembled: TCP hands DNS the segment
      // from its start, whatever earlier pieces wait (measured); what becomes of those
      // is not modelled.
      halves_.erase(found);
    } else if (h.cut_left > 0) {  // a gap after a cut PDU: not modelled, left to TCP
      halves_.erase(found);
      return;
    } else if (p.tcpa.rel_seq != h.next_seq) {
      halves_.erase(found);  // a gap or reordering: give this PDU up
    } else {
      // The length first (it may itself have been split), then the rest of the PDU.
      if (h.kept.size() < 2) {
        const std::size_t n = std::min<std::size_t>(2 - h.kept.size(), rest.size());
        h.kept.insert(h.kept.end(), rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(n));
        rest = rest.subspan(n);
      }
      if (h.kept.size() >= 2) {
        const std::size_t missing = dns_tcp_pdu_size(h.kept[0], h.kept[1]) - h.kept.size();
        const std::size_t n = std::min(missing, rest.size());
        h.kept.insert(h.kept.end(), rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(n));
        rest = rest.subspan(n);
      }
      h.frames.push_back(p.number);
      h.next_seq = p.tcpa.rel_seq + p.payload_len;
      if (h.kept.size() < 2 || h.kept.size() < dns_tcp_pdu_size(h.kept[0], h.kept[1])) {
        d.piece_only = true;
        return;
      }
      pdu_ = std::move(h.kept);
      frames_ = std::move(h.frames);
      halves_.erase(found);
      d.reassembled = Bytes(pdu_.data(), pdu_.size());
      p.tcp_segments = std::span<const std::uint32_t>(frames_.data(), frames_.size());
      p.tcp_reassembled_len = pdu_.size();
      d.completing = static_cast<std::uint32_t>(p.payload.size() - rest.size());
    }
  }
  const std::size_t whole = whole_dns_pdus(rest);
  d.whole = rest.first(whole);
  rest = rest.subspan(whole);
  if (segment_cut && !rest.empty()) {
    // The PDU the snap length cut: DNS dissects what was captured and throws at the cut,
    // once it has its length (with one byte, the column stays TCP's).
    d.cut = rest;
    const std::size_t left = p.payload_len - whole;
    d.cut_reported =
        static_cast<std::uint32_t>(rest.size() >= 2 ? dns_tcp_pdu_size(rest[0], rest[1]) : left);
    // TCP reassembles no cut segment, so its PDUs' tvbs are fragments: a read past what
    // the segment holds is "[BoundErrorUnreassembled Packet]", not a short packet
    // (tree_end.cpp has what the tree reads).
    if (rest.size() < 2 ||
        dns_summary_throw(rest.subspan(2), dns_tcp_cut_contained(p) - 2u) == DnsThrow::kPastCapture)
      mark_truncated(p, "DNS");
    if (rest.size() >= 2 || !d.whole.empty()) p.protos |= kProtoDns;
    if (rest.size() >= 2 && dns_tcp_pdu_size(rest[0], rest[1]) > left) {
      Half& h = halves_[key];
      h.kept.clear();
      h.frames.clear();
      h.cut_left = dns_tcp_pdu_size(rest[0], rest[1]) - left;
      h.next_seq = p.tcpa.rel_seq + p.payload_len;
    }
    return;
  }
  // A segment the snap length cut right after a whole PDU: tcp_dissect_pdus() goes on to
  // the next PDU's length, past the capture (short).
  if (segment_cut) mark_truncated(p, "DNS");
  if (!rest.empty()) {  // the start of a PDU that later segments complete
    Half& h = halves_[key];
    h.kept.assign(rest.begin(), rest.end());
    h.frames.assign(1, p.number);
    h.next_seq = p.tcpa.rel_seq + p.payload_len;
    d.tail = static_cast<std::uint32_t>(rest.size());
  }
  if (d.reassembled.empty() && d.whole.empty()) {
    d.piece_only = true;
    return;
  }
  p.protos |= kProtoDns;
}

}  // namespace sockscope::capture
