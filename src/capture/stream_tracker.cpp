#include "capture/stream_tracker.h"

#include <algorithm>
#include <cstring>
#include <tuple>
#include <utility>

#include "capture/ipv6_extensions.h"
#include "capture/tcp_seq.h"

namespace sockscope::capture {

namespace {

std::uint64_t load64(const std::uint8_t* b) {
  std::uint64_t v;
  std::memcpy(&v, b, sizeof v);
  return v;
}

// An end as one ordered number pair: the address's 16 bytes (IPv4 uses the first 4, the
// rest stay 0) and the family with the port. Any total order serves make_key: it only
// picks which end a key names first.
struct EndOrder {
  std::uint64_t hi, lo, rest;
  friend auto operator<=>(const EndOrder&, const EndOrder&) = default;
};

EndOrder end_order(const net::IpAddress& a, std::uint16_t port) {
  return {load64(a.bytes.data()), load64(a.bytes.data() + 8),
          (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a.family)) << 16) | port};
}

}  // namespace

// (every packet of a capture looks its stream up: word-wide, not byte by byte; the map's
// prime bucket count spreads what a multiply and a fold leave)
std::size_t StreamTracker::KeyHash::operator()(const Key& k) const {
  std::uint64_t h = load64(k.a.bytes.data()) * 0x9e3779b97f4a7c15ull;
  h ^= load64(k.b.bytes.data()) * 0xc2b2ae3d27d4eb4full;
  h ^= ((static_cast<std::uint64_t>(k.pa) << 24) | (static_cast<std::uint64_t>(k.pb) << 8) |
        k.proto) *
       0x165667b19e3779f9ull;
  if (k.a.family == AF_INET6 || k.b.family == AF_INET6) {
    h ^= load64(k.a.bytes.data() + 8) * 0xd6e8feb86659fd93ull;
    h ^= load64(k.b.bytes.data() + 8) * 0xff51afd7ed558ccdull;
  }
  return h ^ (h >> 29);
}

StreamTracker::Key StreamTracker::make_key(std::uint8_t proto, const net::IpAddress& s,
                                           std::uint16_t sp, const net::IpAddress& d,
                                           std::uint16_t dp) {
  // (a selection, not a branch: the direction of segments in a capture is a coin toss)
  const bool forward = end_order(s, sp) <= end_order(d, dp);
  Key k;
  k.proto = proto;
  k.a = *(forward ? &s : &d);
  k.b = *(forward ? &d : &s);
  k.pa = forward ? sp : dp;
  k.pb = forward ? dp : sp;
  return k;
}

std::size_t StreamTracker::EchoKeyHash::operator()(const EchoKey& k) const {
  std::size_t h = k.id_seq * 0x9e3779b97f4a7c15ull ^ k.checksum;
  for (std::size_t i = 0; i < 16; ++i) h = h * 131 + (k.a.bytes[i] ^ k.b.bytes[i]);
  return h;
}

void StreamTracker::match_echo(Packet& p) {
  const bool v6 = p.has(kProtoIcmpv6);
  const bool request = p.icmp.type == (v6 ? 128 : 8);
  EchoKey key;
  key.a = p.src < p.dst ? p.src : p.dst;
  key.b = p.src < p.dst ? p.dst : p.src;
  key.id_seq = (static_cast<std::uint32_t>(p.icmp.id) << 16) | p.icmp.seq;
  if (request) {
    key.checksum = p.icmp.checksum;
    echoes_.try_emplace(key, EchoRequest{p.number, p.ts_ns});
    return;
  }
  // The request's checksum: the reply's, less the difference of the type byte
  // (one's complement arithmetic, as Wireshark computes it).
  // ICMP: the type drops from 8 to 0, the checksum rises by 0x0800; ICMPv6: the type
  // rises from 128 to 129, the checksum drops by 0x0100.
  std::uint32_t sum =
      v6 ? p.icmp.checksum + 0x0100u : static_cast<std::uint16_t>(~p.icmp.checksum) + 0x0800u;
  sum = (sum & 0xffff) + (sum >> 16);
  key.checksum = static_cast<std::uint16_t>(v6 ? sum : ~sum);
  if (key.checksum == 0 && !v6) key.checksum = 0xffff;
  auto it = echoes_.find(key);
  if (it == echoes_.end() || it->second.frame >= p.number) return;
  p.icmp.resp_to = it->second.frame;
  p.icmp.resptime_ns = p.ts_ns - it->second.ns;
}

namespace {
void take_stream_times(Packet& p, StreamInfo& s) {
  p.stream_rel = difference(p.ts, s.first_ts);
  p.stream_delta = difference(p.ts, s.last_ts);
  p.has_stream_times = true;
  s.last_ts = p.ts;
}
}  // namespace

std::int32_t StreamTracker::udp_stream_of(const Packet& p, const net::IpAddress& src,
                                          std::uint16_t sport, const net::IpAddress& dst,
                                          std::uint16_t dport) {
  Key key = make_key(17, src, sport, dst, dport);
  auto [it, inserted] = udp_index_.try_emplace(key, static_cast<std::int32_t>(udp_.size()));
  if (inserted) {
    StreamInfo s;
    s.tcp = false;
    s.node[0] = {src, sport};
    s.node[1] = {dst, dport};
    s.first_frame = p.number;
    s.first_ts = s.last_ts = p.ts;
    udp_.push_back(std::move(s));
  }
  return it->second;
}

int StreamTracker::track(Packet& p) {
  p.has_stream_times = false;  // the decoder reuses Packets
  if (is_echo(p)) match_echo(p);
  // Wireshark keys its conversations by the addresses an IPv6 routing header or home
  // address option names, not the header's own (ipv6_extensions.h)
  net::IpAddress src = conversation_source(p), dst = conversation_destination(p);
  if (p.has(kProtoUdp) && p.udp.length_check != UdpLength::kBelow8) {
    p.stream = udp_stream_of(p, src, p.udp.sport, dst, p.udp.dport);
    StreamInfo& s = udp_[p.stream];
    ++s.packets;
    // Wireshark leaves a datagram of 8 bytes (by its length field) before the times
    const std::uint32_t length =
        p.udp.length_check == UdpLength::kJumbogram ? p.payload_len + 8 : p.udp.length;
    if (length > 8) take_stream_times(p, s);
    return (s.node[0].address == src && s.node[0].port == p.udp.sport) ? 0 : 1;
  }
  // A header cut after its window (TcpHeader::fixed_read) has its stream too, and the
  // analysis unless it is a short segment; it ends before the stream's times and counts.
  // A header an ICMP error quotes is one too, with the quoted addresses.
  const bool quoted = p.tcp.quoted && p.tcp.fixed_read;
  const bool cut = !p.has(kProtoTcp) && (p.partial == kProtoTcp || quoted) && p.tcp.fixed_read;
  if (p.has(kProtoTcp) || cut) {
    if (quoted) {
      src = p.inner.src;
      dst = p.inner.dst;
    }
    Key key = make_key(6, src, p.tcp.sport, dst, p.tcp.dport);
    auto [it, inserted] = tcp_index_.try_emplace(key, static_cast<std::int32_t>(tcp_.size()));
    bool reused = false;
    if (!inserted && (p.tcp.flags & (kSyn | kAck)) == kSyn) {
      // A fresh SYN on known ports with another ISN is a new connection (Wireshark's
      // "TCP Port numbers reused").
      StreamInfo& old = tcp_[it->second];
      int dir = (old.node[0].address == src && old.node[0].port == p.tcp.sport) ? 0 : 1;
      const TcpHalf& h = old.half[dir];
      if (h.base_set && h.syn_seen && h.base_seq != p.tcp.seq) {
        it->second = static_cast<std::int32_t>(tcp_.size());
        inserted = true;
        reused = true;
      }
    }
    if (inserted) {
      StreamInfo s;
      s.node[0] = {src, p.tcp.sport};
      s.node[1] = {dst, p.tcp.dport};
      s.first_frame = p.number;
      s.first_ts = s.last_ts = p.ts;
      tcp_.push_back(std::move(s));
    }
    StreamInfo& s = tcp_[it->second];
    p.stream = it->second;
    int dir = (s.node[0].address == src && s.node[0].port == p.tcp.sport) ? 0 : 1;
    if (ack_analysis_) p.tcp_acks = {};  // analyze_tcp may write to it, analyze_acks fills it
    if (cut) {
      if (!p.tcp.short_segment) {
        analyze_tcp(p, s, dir);
        if (ack_analysis_) analyze_acks(p, s, dir);
      }
      // Wireshark times it (the next segment's delta is from it) but writes the times
      // after the urgent pointer, so only a header cut inside its options has them
      take_stream_times(p, s);
      p.has_stream_times = (quoted ? p.inner.l4 : p.partial_bytes).size() >= 20;
      return dir;
    }
    ++s.packets;
    analyze_tcp(p, s, dir);
    if (ack_analysis_) analyze_acks(p, s, dir);
    take_stream_times(p, s);
    if (reused) p.tcpa.flags |= kPortsReused;
    if (p.tcp.options_cut) {  // (TcpHeader::options_cut: its findings never shown)
      p.tcpa.flags = 0;
      if (p.tcpa.acks_tracked) p.tcp_acks = {};
    }
    if (p.tcpa.acks_tracked) {
      if (reused) p.tcp_acks.analysed = true;
      if (p.tcp_acks.analysed) p.tcp_acks.initial_rtt = s.first_rtt_ts;
    }
    return dir;
  }
  if (p.inner.present && p.inner.proto == 17 && p.inner.l4.size() >= 8) {
    // An ICMP error quoting a UDP datagram belongs to that datagram's udp.stream, which
    // it opens when it is the first of it (as Wireshark does); it has no stream times.
    // (Wireshark finds the conversation after the checksum: a header cut before has none.)
    p.stream = udp_stream_of(p, p.inner.src, p.inner.sport, p.inner.dst, p.inner.dport);
  }
  return -1;
}

void StreamTracker::analyze_tcp(Packet& p, StreamInfo& s, int dir) {
  const TcpHeader& t = p.tcp;
  TcpHalf& fwd = s.half[dir];
  TcpHalf& rev = s.half[1 - dir];
  TcpAnalysis& a = p.tcpa;
  const std::uint16_t flags = t.flags;
  const std::uint32_t seq = t.seq, ack = t.ack, window = t.window;
  const std::uint32_t seglen = p.payload_len;
  const Timestamp now = p.ts;  // differences as exact Timestamps: no overflow at any clock

  // Base sequence numbers (relative numbering) and window scaling from the handshake.
  if (flags & kSyn) {
    fwd.syn_seen = true;
    if (!fwd.base_set) fwd.base_seq = seq, fwd.base_set = true;
    // RFC 7323 caps the shift at 14, and so does Wireshark (with an expert item)
    fwd.win_scale = t.has_ws ? std::min<int>(t.ws_shift, 14) : -1;
    if (flags & kAck) {
      s.synack_seen = true;
      // Scaling is off when either SYN lacked the option; a SYN not captured leaves its
      // side unknown and the SYN-ACK's side scaled (tshark 4.0, measured). Wireshark
      // checks that after the options: not on a SYN-ACK whose options the snap length cut.
      if (!t.options_cut && (fwd.win_scale == -1 || (rev.win_scale == -1 && rev.syn_seen)))
        fwd.win_scale = rev.win_scale = -2;
    } else {
      s.mru_syn = now;  // Wireshark's ts_mru_syn: the latest SYN, if it was sent again
    }
  } else if (!fwd.base_set) {
    fwd.base_seq = seq - 1;  // mid-stream: the first byte we see is relative 1
    fwd.base_set = true;
  }
  if ((flags & kAck) && !rev.base_set) {
    rev.base_seq = ack - 1;
    rev.base_set = true;
  }
  // The initial RTT (tcp.analysis.initial_rtt): from the latest SYN to the stream's first
  // pure ACK, in either direction, as Wireshark 4.0 takes it (no SYN-ACK needed).
  if (!s.first_rtt_known && (flags & (kSyn | kAck)) == kAck && s.mru_syn != Timestamp{}) {
    s.first_rtt_ts = difference(now, s.mru_syn);
    s.first_rtt = to_ns(s.first_rtt_ts);
    s.first_rtt_known = s.first_rtt_ts != Timestamp{};  // a zero RTT is taken again later
  }
  // TCP Fast Open, as tshark 4.0 flags it (tests/data/tcp_tfo.pcap): a SYN whose option
  // carries a cookie; then the SYN-ACK either acknowledges more than the SYN or, when that
  // SYN carried data, ignores it.
  if ((flags & (kSyn | kAck)) == kSyn && t.tfo_cookie) {
    p.tcpa.tfo |= kTfoSyn;
    if (seglen > 0) s.tfo_syn_data = true;
  }
  if ((flags & (kSyn | kAck)) == (kSyn | kAck)) {
    std::uint32_t rel = ack - rev.base_seq;
    if (rel > 1)
      p.tcpa.tfo |= kTfoAck;
    else if (s.tfo_syn_data)
      p.tcpa.tfo |= kTfoIgnored;
  }
  if (flags & kFin) fwd.fin_seen = true;
  if (flags & kRst) fwd.rst_seen = true;

  a.seq_known = true;
  a.win_scale = static_cast<std::int8_t>(fwd.win_scale);
  a.rel_seq = seq - fwd.base_seq;
  a.rel_ack = (flags & kAck) ? ack - rev.base_seq : 0;
  a.ack_base = rev.base_set ? rev.base_seq : 0;
  std::uint32_t extra = (flags & (kSyn | kFin)) ? 1 : 0;
  a.next_rel_seq = a.rel_seq + seglen + extra;
  if ((flags & kSyn) || fwd.win_scale < 0) {
    a.window = window;
  } else {
    a.window = static_cast<std::int64_t>(window) << fwd.win_scale;
  }

  // The checks below follow tcp_analyze_sequence_number() in Wireshark 4.0.
  std::uint32_t f = 0;
  const bool ctl = (flags & (kSyn | kFin | kRst)) != 0;
  bool skip_to_finished = false;
  if (seglen == 1 && seq == fwd.nextseq && rev.window == 0) {
    f |= kZeroWindowProbe;
    skip_to_finished = true;
  }
  if (!skip_to_finished) {
    if (window == 0 && !ctl) f |= kZeroWindow;
    if (fwd.nextseq != 0 && seq_gt(seq, fwd.nextseq) && !(flags & kRst)) f |= kLostSegment;
    if (seglen <= 1 && seq == fwd.nextseq - 1 && !ctl) f |= kKeepAlive;
    if (seglen == 0 && window != 0 && window != fwd.window && seq == fwd.nextseq &&
        ack == fwd.lastack && !ctl)
      f |= kWindowUpdate;
    if (seglen > 0 && rev.win_scale != -1 && !ctl) {
      std::uint32_t shift = rev.win_scale >= 0 ? static_cast<std::uint32_t>(rev.win_scale) : 0;
      if (seq + seglen == rev.lastack + (rev.window << shift)) f |= kWindowFull;
    }
    if (seglen == 0 && window != 0 && window == fwd.window && seq == fwd.nextseq &&
        ack == fwd.lastack && (rev.last_flags & kKeepAlive) && !ctl) {
      f |= kKeepAliveAck;
      skip_to_finished = true;
    }
  }
  if (!skip_to_finished) {
    if (seglen == 0 && window == 0 && window == fwd.window && seq == fwd.nextseq &&
        (ack == fwd.lastack || ack == fwd.lastack + 1) && (rev.last_flags & kZeroWindowProbe) &&
        !ctl) {
      f |= kZeroWindowProbeAck;
      skip_to_finished = true;
    }
  }
  if (!skip_to_finished) {
    if (seglen == 0 && window != 0 && window == fwd.window && seq == fwd.nextseq &&
        ack == fwd.lastack && !ctl) {
      ++fwd.dupacknum;
      f |= kDupAck;
      a.dup_ack_count = fwd.dupacknum;
      a.dup_ack_of = fwd.lastnondupack;
    }
  }
  // finished_fwd:
  if (ack != fwd.lastack) {
    fwd.lastnondupack = p.number;
    fwd.dupacknum = 0;
  }
  // Observed in tshark 4.0 (tests/data/tcp_gap.pcap): no "ACKed unseen segment" while the
  // other side's duplicate-ACK run is still open.
  if (rev.maxseqtobeacked != 0 && seq_gt(ack, rev.maxseqtobeacked) && (flags & kAck)) {
    p.tcp_acks.analysed = true;  // Wireshark makes the packet's analysis tree here, flag or not
    if (rev.dupacknum == 0) {
      f |= kAckedUnseen;
      rev.maxseqtobeacked = rev.nextseq;
    }
  }
  if (seglen > 0 || (flags & (kSyn | kFin))) {
    bool not_advanced = fwd.nextseq != 0 && seq_lt(seq, fwd.nextseq);
    if (!(f & kKeepAlive)) {
      if (seglen > 1 && fwd.nextseq - 1 == seq) not_advanced = false;
      // The times are read only for a segment that did not advance: most segments do.
      auto since = [&now](const Timestamp& then) { return to_ns(difference(now, then)); };
      std::int64_t ooo_threshold = s.first_rtt != 0 ? s.first_rtt : 3000000;
      if (not_advanced && rev.dupacknum >= 2 && rev.lastack == seq &&
          since(rev.lastack_time) < 20000000) {
        f |= kFastRetransmission;
      } else if (not_advanced && fwd.nextseq != seq + seglen &&
                 since(fwd.nextseq_time) < ooo_threshold) {
        f |= kOutOfOrder;
      } else if (seglen > 0 && rev.lastack != 0 && seq_le(seq + seglen, rev.lastack)) {
        f |= kSpuriousRetransmission;
      } else if (not_advanced) {
        f |= kRetransmission;
        // tcp.analysis.rto / rto_frame: since the segment that last advanced this way,
        // unless the ACK analysis knows an older unacknowledged one (analyze_acks)
        p.tcp_acks.rto = difference(now, fwd.nextseq_time);
        p.tcp_acks.rto_frame = fwd.nextseq_frame;
      }
    }
  }
  // finished_checking_retransmission_type: advance what this direction has sent. As in
  // Wireshark, a segment without data advances it too when it is beyond it or it is not
  // known yet (a pure ACK that is the first of its side seen, its SYN-ACK not captured:
  // the side's window updates and keep-alive ACKs are then recognized); a zero window
  // probe never does.
  std::uint32_t nextseq = seq + seglen + extra;
  if (!(f & kZeroWindowProbe) && (fwd.nextseq == 0 || seq_gt(nextseq, fwd.nextseq))) {
    fwd.nextseq = nextseq;
    fwd.nextseq_frame = p.number;
    fwd.nextseq_time = now;
  }
  // The highest sequence number to be acked ignores retransmitted data. While it is not
  // known, any segment but a zero window probe sets it, a pure ACK too (Wireshark's
  // `!maxseqtobeacked`): the ACKs of data of that side not captured are then "ACKed
  // unseen segment".
  const std::uint32_t resent = kRetransmission | kFastRetransmission | kSpuriousRetransmission |
                               kOutOfOrder | kZeroWindowProbe;
  if (fwd.maxseqtobeacked == 0 ? !(f & kZeroWindowProbe)
                               : (seglen > 0 || (flags & (kSyn | kFin))) && !(f & resent) &&
                                     seq_gt(fwd.nextseq, fwd.maxseqtobeacked))
    fwd.maxseqtobeacked = fwd.nextseq;
  fwd.window = window;
  fwd.lastack = ack;
  fwd.lastack_time = now;
  fwd.last_flags = f;
  a.flags = f;
}

// The rest of Wireshark 4.0's tcp_analyze_sequence_number(): every segment that carries
// data, SYN or FIN joins its direction's list of unacknowledged segments; a packet's ACK
// number removes from the other direction's list the segments it covers (and trims one it
// covers in part), and when it equals the end of one, that is the segment it ACKs
// (tcp.analysis.acks_frame; the oldest such, so a retransmitted segment's RTT runs from
// its first copy) and the time since it is tcp.analysis.ack_rtt. Bytes in flight, on a
// segment with data: from the lowest start to the highest end in its direction's list.
void StreamTracker::analyze_acks(Packet& p, StreamInfo& s, int dir) {
  for (TcpHalf& h : s.half)
    if (!h.acks) h.acks = std::make_unique<TcpHalf::Acks>();
  TcpHalf::Acks& fwd = *s.half[dir].acks;
  TcpHalf::Acks& rev = *s.half[1 - dir].acks;
  const std::uint32_t fwd_base = s.half[dir].base_seq;
  const bool rev_closed = s.half[1 - dir].fin_seen || s.half[1 - dir].rst_seen;
  const std::uint32_t analysis_flags = p.tcpa.flags;
  TcpAcks& a = p.tcp_acks;  // cleared by track()
  const std::uint16_t flags = p.tcp.flags;
  const std::uint32_t seq = p.tcp.seq, ack = p.tcp.ack;
  const std::uint32_t seglen = p.payload_len;
  p.tcpa.acks_tracked = true;
  if (flags & kAck) rev.valid_bif = true;
  // After a gap, bytes in flight are unknown until the other side ACKs.
  if (analysis_flags & kLostSegment) fwd.valid_bif = false;

  // A plain retransmission's RTO runs from the oldest segment still unacknowledged, when
  // there is one (Wireshark 4.0: "likely to be the one retransmitted here").
  if ((analysis_flags & kRetransmission) && !fwd.unacked.empty()) {
    a.rto = difference(p.ts, fwd.unacked.front().ts);
    a.rto_frame = fwd.unacked.front().frame;
  }
  if ((seglen > 0 || (flags & (kSyn | kFin))) && fwd.unacked.size() < kMaxUnacked) {
    std::uint32_t end = seq + seglen + ((flags & (kSyn | kFin)) ? 1 : 0);
    fwd.unacked.push_back({p.number, seq, end, p.ts});
  }

  // Acknowledged segments leave the other direction's list (kept in order).
  std::size_t kept = 0;
  for (std::size_t i = 0; i < rev.unacked.size(); ++i) {
    TcpHalf::Acks::Unacked u = rev.unacked[i];
    if (ack == u.nextseq) {
      if (a.acks_frame == 0) {
        a.acks_frame = u.frame;
        a.ack_rtt = difference(p.ts, u.ts);
      }
      continue;
    }
    if (seq_gt(ack, u.seq) && seq_le(ack, u.nextseq)) {
      u.seq = ack;  // acknowledged in part
    } else if (!seq_gt(u.nextseq, ack)) {
      continue;  // wholly acknowledged
    }
    rev.unacked[kept++] = u;
  }
  rev.unacked.resize(kept);
  // A direction that has closed and has nothing left unacknowledged gives its list's
  // memory back (a capture may hold many finished streams; the lists are what grows).
  if (kept == 0 && rev_closed && rev.unacked.capacity() != 0)
    std::vector<TcpHalf::Acks::Unacked>().swap(rev.unacked);

  bool tree = analysis_flags != 0 || a.acks_frame != 0;
  if (seglen != 0 && !fwd.unacked.empty() && fwd.valid_bif) {
    // Relative to the direction's base, compared as unsigned numbers, as Wireshark does.
    std::uint32_t first = fwd.unacked.front().seq - fwd_base;
    std::uint32_t last = fwd.unacked.front().nextseq - fwd_base;
    for (const TcpHalf::Acks::Unacked& u : fwd.unacked) {
      last = std::max(last, u.nextseq - fwd_base);
      first = std::min(first, u.seq - fwd_base);
    }
    // Less what the other side's latest SACK blocks say arrived (Wireshark 4.0 keeps the
    // first three blocks of that direction's last segment).
    std::uint32_t in_flight = last - first - rev.sack_delivered;
    if (in_flight > 0 && in_flight < 2000000000) {
      // A SYN or FIN counts one sequence number but no byte.
      a.bytes_in_flight = in_flight - ((flags & (kSyn | kFin)) ? 1 : 0);
    }
    // Bytes sent since the last segment with PSH, this one's included: the count starts
    // again after a PSH.
    fwd.push_bytes_sent = fwd.push_set_last ? seglen : fwd.push_bytes_sent + seglen;
    fwd.push_set_last = (flags & kPsh) != 0;
    a.push_bytes_sent = fwd.push_bytes_sent;
    tree = true;
  }
  a.analysed = a.analysed || tree;
  // This segment's SACK blocks, for the other direction's next bytes in flight.
  fwd.sack_delivered = 0;
  for (int i = 0; i < std::min<int>(p.tcp.sack_blocks, 3); ++i)
    fwd.sack_delivered += p.tcp.sack[2 * i + 1] - p.tcp.sack[2 * i];
}

}  // namespace sockscope::capture
