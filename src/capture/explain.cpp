#include "capture/explain.h"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>
#include <map>

#include "capture/packet_stream.h"
#include "capture/summary.h"
#include "core/text.h"

namespace sockscope::capture {
namespace {

std::string flag_text(std::uint16_t flags) {
  std::string s;
  append_tcp_flags(s, flags);
  return s;
}

std::string analysis_text(std::uint32_t f) {
  std::string s;
  auto add = [&s](const char* t) {
    if (!s.empty()) s += ", ";
    s += t;
  };
  if (f & kRetransmission) add("retransmission");
  if (f & kFastRetransmission) add("fast retransmission");
  if (f & kSpuriousRetransmission)
    add("spurious retransmission (the data had already been acknowledged)");
  if (f & kOutOfOrder) add("out of order");
  if (f & kLostSegment) add("a previous segment was not captured");
  if (f & kAckedUnseen) add("acknowledges data the capture never saw");
  if (f & kDupAck) add("duplicate ACK");
  if (f & kWindowUpdate) add("window update");
  if (f & kZeroWindow) add("zero window");
  if (f & kKeepAlive) add("keep-alive");
  if (f & kPortsReused) add("ports reused by a new connection");
  return s;
}

// The data segments (and SYN/FIN) of one direction still waiting for an acknowledgement,
// ordered by where their sequence space ends: an ACK takes every segment it covers from
// the front, so a stream costs n log n. (Scanning every earlier packet for each ACK was
// quadratic: 80,000 out-of-order segments took 18 s.)
class PendingAcks {
 public:
  void add(std::uint32_t end, std::size_t index) { by_end_.emplace(unwrap(end), index); }
  // Calls `acked(index)` for every pending segment whose end `ack` covers (not after it in
  // sequence space), and forgets them.
  template <class F>
  void acknowledge(std::uint32_t ack, F&& acked) {
    auto last = by_end_.upper_bound(unwrap(ack));
    for (auto it = by_end_.begin(); it != last; ++it) acked(it->second);
    by_end_.erase(by_end_.begin(), last);
  }

 private:
  // Sequence numbers as 64-bit positions, each placed within 2^31 of the one before: the
  // order seq_gt() gives between numbers less than 2^31 apart, across wrap-arounds.
  std::int64_t unwrap(std::uint32_t seq) {
    if (!started_) {
      started_ = true;
      last_ = seq;
      position_ = seq;
    }
    position_ += static_cast<std::int32_t>(seq - last_);
    last_ = seq;
    return position_;
  }

  bool started_ = false;
  std::uint32_t last_ = 0;
  std::int64_t position_ = 0;
  std::multimap<std::int64_t, std::size_t> by_end_;
};

}  // namespace

Explanation explain_stream(const std::string& path, bool tcp, std::int64_t stream_index) {
  PacketStream stream(path);
  Explanation e;
  e.tcp = tcp;
  e.stream = stream_index;
  Packet p;
  PendingAcks pending[2];  // by direction
  while (stream.next(p)) {
    if (p.stream != stream_index || (tcp ? !p.has(kProtoTcp) : !p.has(kProtoUdp))) continue;
    if (!e.found) {
      const StreamInfo& info =
          tcp ? stream.tracker().tcp_stream(p.stream) : stream.tracker().udp_stream(p.stream);
      e.node[0] = info.node[0];
      e.node[1] = info.node[1];
      e.found = true;
    }
    ExplainSegment s;
    s.frame = p.number;
    s.from = stream.direction();
    s.rel_ns = p.rel_ns;
    s.len = p.payload_len;
    std::string_view bytes(reinterpret_cast<const char*>(p.payload.data()),
                           std::min<std::size_t>(p.payload.size(), 40));
    s.preview = escape_nonprintable(bytes);
    if (tcp) {
      const TcpHeader& t = p.tcp;
      s.flags = t.flags;
      s.seq_raw = t.seq;
      s.ack_raw = t.ack;
      s.rel_seq = p.tcpa.rel_seq;
      s.rel_ack = p.tcpa.rel_ack;
      s.analysis = p.tcpa.flags;
      auto index = static_cast<std::int32_t>(e.packets.size());
      if ((t.flags & (kSyn | kAck)) == kSyn && e.syn < 0) e.syn = index;
      if ((t.flags & (kSyn | kAck)) == (kSyn | kAck) && e.synack < 0) e.synack = index;
      if (e.synack >= 0 && e.handshake_ack < 0 && index > e.synack &&
          s.from != e.packets[e.synack].from && (t.flags & (kSyn | kAck | kRst)) == kAck)
        e.handshake_ack = index;
      if (t.flags & kSyn) {
        if (t.has_mss) e.mss[s.from] = t.mss;
        e.ws[s.from] = t.has_ws ? t.ws_shift : -1;
        e.sack[s.from] = t.sack_perm;
      }
      // Acknowledgement bookkeeping: the first packet from the other side whose ACK
      // covers the end of a data segment acknowledges it.
      if (t.flags & kAck)
        pending[1 - s.from].acknowledge(t.ack,
                                        [&](std::size_t i) { e.packets[i].acked_by = p.number; });
      if (s.len > 0 || (t.flags & (kSyn | kFin)))
        pending[s.from].add(t.seq + s.len + ((t.flags & (kSyn | kFin)) ? 1 : 0), e.packets.size());
    } else {
      s.udp_length = p.udp.length;
      s.udp_checksum = p.udp.checksum;
    }
    e.packets.push_back(std::move(s));
  }
  e.error = stream.error();
  return e;
}

void append_explanation(std::string& out, const Explanation& e, int digits) {
  auto it = std::back_inserter(out);
  auto name = [&e](int node) { return e.node[node].to_string(); };
  auto time = [digits](std::int64_t ns) {
    return fmt::format("{:.{}f}", static_cast<double>(ns) / 1e9, digits);
  };
  if (!e.found) {
    fmt::format_to(it, "There is no {} stream {} in this capture.\n", e.tcp ? "TCP" : "UDP",
                   e.stream);
    return;
  }
  if (!e.tcp) {
    fmt::format_to(it, "UDP stream {}: {} <-> {}, {} datagram{}.\n\n", e.stream, name(0), name(1),
                   e.packets.size(), e.packets.size() == 1 ? "" : "s");
    out +=
        "UDP has no connection: no handshake, no sequence numbers, no acknowledgements, no close.\n"
        "Its header is 8 bytes: four fields of 2 bytes each -- source port, destination port,\n"
        "length (header + data) and checksum (0 means the sender did not compute one, allowed over "
        "IPv4).\n\n";
    for (const auto& s : e.packets) {
      fmt::format_to(it, "frame {} at {}s, {} -> {}:\n", s.frame, time(s.rel_ns), name(s.from),
                     name(1 - s.from));
      fmt::format_to(it,
                     "  Source Port: {}  Destination Port: {}  Length: {} (8 header + {} data)  "
                     "Checksum: 0x{:04x}\n",
                     e.node[s.from].port, e.node[1 - s.from].port, s.udp_length, s.len,
                     s.udp_checksum);
      if (s.len > 0) fmt::format_to(it, "  data: \"{}\"{}\n", s.preview, s.len > 40 ? "..." : "");
    }
    return;
  }
  fmt::format_to(it, "TCP stream {}: {} <-> {}, {} packets.\n\n", e.stream, name(0), name(1),
                 e.packets.size());
  // Handshake
  if (e.syn >= 0 && e.synack >= 0) {
    const auto& syn = e.packets[e.syn];
    const auto& sa = e.packets[e.synack];
    int client = syn.from, server = 1 - syn.from;
    out += "Three-way handshake\n";
    fmt::format_to(
        it,
        "  1. frame {}  SYN      {} -> {}  Seq={} (the client's initial sequence number, ISN)\n",
        syn.frame, name(client), name(server), syn.seq_raw);
    fmt::format_to(it, "  2. frame {}  SYN, ACK {} -> {}  Seq={} (the server's ISN)  Ack={}\n",
                   sa.frame, name(server), name(client), sa.seq_raw, sa.ack_raw);
    fmt::format_to(it,
                   "     Ack {} = client ISN {} + 1: a SYN counts as one byte of sequence space, "
                   "so the server\n"
                   "     acknowledges it by asking for the next number. Relative numbers "
                   "(Wireshark's default)\n"
                   "     count from each ISN: this SYN-ACK is Seq=0 Ack=1.\n",
                   sa.ack_raw, syn.seq_raw);
    if (e.handshake_ack >= 0) {
      const auto& ack = e.packets[e.handshake_ack];
      fmt::format_to(it,
                     "  3. frame {}  ACK      {} -> {}  Seq={} Ack={} (server ISN {} + 1); "
                     "relative Seq=1 Ack=1\n",
                     ack.frame, name(client), name(server), ack.seq_raw, ack.ack_raw, sa.seq_raw);
      fmt::format_to(it, "  The handshake took {:.3f} ms from SYN to the final ACK.\n",
                     static_cast<double>(ack.rel_ns - syn.rel_ns) / 1e6);
    }
    auto ws = [](std::int32_t shift) {
      return shift < 0 ? std::string("none") : fmt::format("x{}", 1 << shift);
    };
    fmt::format_to(it,
                   "  Options: MSS {} / {}, window scale {} / {}, SACK permitted {} / {} (client / "
                   "server).\n\n",
                   e.mss[client], e.mss[server], ws(e.ws[client]), ws(e.ws[server]),
                   e.sack[client] ? "yes" : "no", e.sack[server] ? "yes" : "no");
  } else {
    out +=
        "The capture does not contain the handshake (it started after the connection was set up),\n"
        "so relative sequence numbers start at 1 with the first byte seen in each direction.\n\n";
  }
  // Data
  std::size_t first_data = e.packets.size();
  for (std::size_t i = 0; i < e.packets.size(); ++i)
    if (e.packets[i].len > 0) {
      first_data = i;
      break;
    }
  if (first_data == e.packets.size()) {
    out += "No packet of this stream carried data.\n\n";
  } else {
    fmt::format_to(it, "{} packet{} came before the first payload (frame {}).\n\n", first_data,
                   first_data == 1 ? "" : "s", e.packets[first_data].frame);
    out += "Data segments (relative sequence numbers; the byte range each one carries)\n";
    std::uint64_t bytes[2] = {0, 0}, segments[2] = {0, 0};
    for (const auto& s : e.packets) {
      if (s.len == 0) continue;
      bytes[s.from] += s.len;
      ++segments[s.from];
      fmt::format_to(it, "  frame {:<6} {} -> {}  {} bytes, Seq={} (bytes {}..{})", s.frame,
                     name(s.from), name(1 - s.from), s.len, s.rel_seq, s.rel_seq,
                     s.rel_seq + s.len - 1);
      if (s.acked_by)
        fmt::format_to(it, ", acknowledged by frame {}", s.acked_by);
      else
        out += ", never acknowledged in this capture";
      if (s.analysis) fmt::format_to(it, " [{}]", analysis_text(s.analysis));
      fmt::format_to(it, "\n      \"{}\"{}\n", s.preview, s.len > 40 ? "..." : "");
    }
    fmt::format_to(
        it, "  In all: {} sent {} bytes in {} segment(s); {} sent {} bytes in {} segment(s).\n\n",
        name(0), bytes[0], segments[0], name(1), bytes[1], segments[1]);
  }
  // Other notable packets
  bool any = false;
  for (const auto& s : e.packets) {
    if (s.len > 0 || !(s.analysis & (kDupAck | kAckedUnseen | kWindowUpdate | kZeroWindow |
                                     kKeepAlive | kLostSegment)))
      continue;
    if (!any) out += "Other events\n";
    any = true;
    fmt::format_to(it, "  frame {:<6} {} -> {}  [{}] {}\n", s.frame, name(s.from), name(1 - s.from),
                   flag_text(s.flags), analysis_text(s.analysis));
  }
  if (any) out += "\n";
  // Close
  out += "Close\n";
  const ExplainSegment* first_fin = nullptr;
  const ExplainSegment* first_rst = nullptr;
  for (const auto& s : e.packets) {
    if ((s.flags & kFin) && !first_fin) first_fin = &s;
    if ((s.flags & kRst) && !first_rst) first_rst = &s;
  }
  if (first_rst && (!first_fin || first_rst->frame < first_fin->frame)) {
    fmt::format_to(
        it, "  {} reset the connection (RST) in frame {}: an abortive close, no FIN exchange.\n",
        name(first_rst->from), first_rst->frame);
  } else if (first_fin) {
    fmt::format_to(it, "  {} closed first: FIN in frame {} (Seq={}).\n", name(first_fin->from),
                   first_fin->frame, first_fin->rel_seq);
    const ExplainSegment* other_fin = nullptr;
    for (const auto& s : e.packets)
      if ((s.flags & kFin) && s.from != first_fin->from) {
        other_fin = &s;
        break;
      }
    if (first_fin->acked_by)
      fmt::format_to(it, "  Its FIN was acknowledged in frame {}.\n", first_fin->acked_by);
    if (other_fin) {
      fmt::format_to(it, "  {} answered with its own FIN in frame {}", name(other_fin->from),
                     other_fin->frame);
      if (other_fin->acked_by)
        fmt::format_to(it, ", acknowledged in frame {}", other_fin->acked_by);
      out += ".\n  FIN/ACK in both directions: an orderly close.\n";
    } else {
      out += "  The other side's FIN is not in the capture (half-closed).\n";
    }
    if (first_rst)
      fmt::format_to(it, "  A reset followed in frame {} from {}.\n", first_rst->frame,
                     name(first_rst->from));
  } else {
    out += "  The connection was still open when the capture ended.\n";
  }
}

}  // namespace sockscope::capture
