// TCP: header, flags and the options Wireshark's summary line shows.
#include <algorithm>

#include "capture/dissect/dissect.h"

namespace sockscope::capture {

namespace {

std::uint32_t be32_at(Bytes b, std::size_t at) {
  return (static_cast<std::uint32_t>(b[at]) << 24) | (static_cast<std::uint32_t>(b[at + 1]) << 16) |
         (static_cast<std::uint32_t>(b[at + 2]) << 8) | static_cast<std::uint32_t>(b[at + 3]);
}

// NOP, NOP, timestamps: what Linux puts on every segment of a connection after the
// handshake, so most segments of most captures. Read at once into what the loop below
// would leave (a TcpHeader fresh from the decoder's reset); false for anything else.
bool read_nop_nop_timestamps(Bytes bytes, std::size_t area, TcpHeader& t) {
  if (area != 12 || bytes.size() != 12 || t.option_count != 0) return false;
  if (bytes[0] != std::byte{1} || bytes[1] != std::byte{1} || bytes[2] != std::byte{8} ||
      bytes[3] != std::byte{10})
    return false;
  t.option_kinds[0] = 1;
  t.option_kinds[1] = 1;
  t.option_kinds[2] = 8;
  t.option_offsets[0] = 0;
  t.option_offsets[1] = 1;
  t.option_offsets[2] = 2;
  t.option_lens[2] = 10;
  t.option_count = 3;
  t.tsval = be32_at(bytes, 4);
  t.tsecr = be32_at(bytes, 8);
  t.has_ts = t.has_tsval = true;
  return true;
}

}  // namespace

// `bytes`: what the segment holds of the options area, `area` bytes long on the wire.
void read_tcp_options(Bytes bytes, std::size_t area, TcpHeader& t) {
  if (read_nop_nop_timestamps(bytes, area, t)) return;
  ByteReader r(bytes);
  while (r.remaining() > 0) {
    std::uint8_t kind = r.u8();
    // tcp.option_kind lists every option, NOP and end-of-options too
    if (t.option_count < t.option_offsets.size())
      t.option_offsets[t.option_count] = static_cast<std::uint8_t>(r.offset() - 1);
    if (kind <= 1 && t.option_count < t.option_kinds.size())
      t.option_kinds[t.option_count++] = kind;
    if (kind == 0) break;     // end of options
    if (kind == 1) continue;  // NOP
    std::uint8_t len = r.u8();
    // A length below 2 or past the area: Wireshark's expert item, no option.
    if (!r.ok() || len < 2 || len - 2u > area - r.offset()) break;
    if (t.option_count < t.option_kinds.size()) {
      t.option_lens[t.option_count] = len;
      t.option_kinds[t.option_count] = kind;
    }
    if (!r.has(len - 2u)) {
      // An option the header holds but the segment does not (the snap length or the end
      // of the IP payload cut it): its dissector adds kind and length, then throws at the
      // value (the timestamps option adds its TSval before it reads TSecr).
      t.option_value_cut = t.option_count < t.option_kinds.size();
      // (the first read that fails: by default the value as a whole)
      std::size_t fail_end = r.offset() - 2u + len;
      if (kind == 8 && len == 10) {
        fail_end = r.offset() + 4u;
        if (r.has(4)) {
          t.tsval = r.u32();
          t.has_tsval = true;
          fail_end = r.offset() + 4u;
        }
      }
      // (the SACK option reads each edge it has room for in its length, up to the cut)
      std::size_t left = len - 2u;
      for (; kind == 5 && left >= 4 && r.has(4) && t.sack_edges < t.sack.size(); left -= 4)
        t.sack[t.sack_edges++] = r.u32();
      if (kind == 5 && left >= 4) fail_end = r.offset() + 4u;
      if (kind == 2 && len == 4) fail_end = r.offset() + 2u;
      if (kind == 3 && len == 3) fail_end = r.offset() + 1u;
      t.option_value_fail_end = static_cast<std::uint8_t>(fail_end);
      break;
    }
    if (t.option_count < t.option_kinds.size()) ++t.option_count;
    ByteReader o(r.take(len - 2u));
    switch (kind) {
      case 2:
        t.mss = o.u16();
        t.has_mss = o.ok();
        break;
      case 3:
        t.ws_shift = o.u8();
        t.has_ws = o.ok();
        break;
      case 34:  // TCP Fast Open: length 2 is a cookie request, more is a cookie
        if (len > 2) t.tfo_cookie = true;
        break;
      case 4:
        t.sack_perm = true;
        break;
      case 5:
        t.sack_blocks = 0;
        t.sack_edges = 0;
        while (o.remaining() >= 4 && t.sack_edges < t.sack.size()) t.sack[t.sack_edges++] = o.u32();
        t.sack_blocks = static_cast<std::uint8_t>(t.sack_edges / 2);
        break;
      case 8:
        t.tsval = o.u32();
        t.tsecr = o.u32();
        t.has_ts = t.has_tsval = o.ok();
        break;
      default:
        break;
    }
  }
}

void dissect_tcp(Bytes bytes, std::uint32_t claimed, Packet& p) {
  // Wireshark's segment: what the IP header claims, as far as the wire holds it.
  const auto claimed_len =
      static_cast<std::uint32_t>(std::min<std::size_t>(claimed, reported_size(bytes, p)));
  ByteReader r(bytes);
  TcpHeader& t = p.tcp;
  t.sport = r.u16();
  t.dport = r.u16();
  t.seq = r.u32();
  t.ack = r.u32();
  std::uint16_t off_flags = r.u16();
  t.window = r.u16();
  t.checksum = r.u16();
  t.urgent = r.u16();
  if (!r.ok()) {
    if (bytes.size() >= 4) {
      ByteReader ports(bytes);
      t.sport = ports.u16();
      t.dport = ports.u16();
      p.partial = kProtoTcp;
      p.partial_bytes = bytes;
    } else {
      p.called_only = kProtoTcp;
    }
    t.flags = off_flags & 0x1ff;
    t.short_segment = claimed_len < 20;
    if (bytes.size() >= 16) {
      // seq, ack, offset, flags and window all read: the fields Wireshark has
      ByteReader fixed(bytes);
      fixed.skip(4);
      t.seq = fixed.u32();
      t.ack = fixed.u32();
      const std::uint16_t of = fixed.u16();
      t.window = fixed.u16();
      t.header_len = static_cast<std::uint8_t>((of >> 12) * 4);
      t.flags = of & 0x1ff;
      t.reserved = static_cast<std::uint8_t>((of >> 9) & 7);
      if (bytes.size() >= 18) t.checksum = fixed.u16();
      t.fixed_read = t.header_len >= 20;  // (a bogus length keeps the ports alone)
      if (t.fixed_read) t.short_segment = claimed_len < t.header_len;
      if (t.fixed_read && !t.short_segment) p.payload_len = claimed_len - t.header_len;
    }
    // Wireshark reads the fixed header field by field (ports, sequence and acknowledgment
    // numbers, the offset byte, the 16 bits of flags, the window; the rest as one): a
    // 13-byte segment cut to 6 bytes throws at the sequence number, within the segment.
    const std::size_t failed =
        first_failed_read(bytes.size(), {2u, 4u, 8u, 12u, 13u, 14u, 16u, 20u});
    return mark_cut(p, "TCP header", failed, claimed_len);
  }
  t.header_len = static_cast<std::uint8_t>((off_flags >> 12) * 4);
  t.flags = off_flags & 0x1ff;
  t.reserved = static_cast<std::uint8_t>((off_flags >> 9) & 7);
  if (t.header_len < 20) {
    p.protos |= kProtoTcp;
    return mark_malformed(p, "TCP: header length below 20 bytes");
  }
  // What the segment holds of the options (tcp.options: the bytes captured of them).
  const std::size_t held =
      std::max<std::size_t>(std::min<std::size_t>(bytes.size(), claimed_len), 20u);
  t.options = bytes.subspan(20, std::min<std::size_t>(held - 20u, t.header_len - 20u));
  t.options_reached = true;
  read_tcp_options(t.options, t.header_len - 20u, t);
  if (claimed_len < t.header_len) {
    // A short segment: the options are read from a piece of the header's length, past
    // what the segment holds (the options it holds are there, the first read past it
    // throws). The header stays a cut one (no analysis, no Len).
    t.short_segment = true;
    t.fixed_read = true;
    p.partial = kProtoTcp;
    p.partial_bytes = bytes;
    // The options' loop reads kinds and lengths from the segment itself (past its end: a
    // plain Malformed), an option's value from a piece of the option's length (past the
    // segment's end: "length of contained item exceeds length of containing item").
    // A value read that ends within the segment fails on the capture alone: a plain
    // bounds error, _ws.short (tshark 4.0 on editcap -s 60 copies of make_short_frames.py:
    // a TSval of a timestamps option the segment holds and the snap length cut).
    const bool value_past_segment =
        t.option_value_cut && t.option_value_fail_end + 20u > claimed_len;
    p.contained_error = value_past_segment;
    // A kind or length byte the snap length cut within the segment is a read past the
    // capture alone too.
    if (bytes.size() < claimed_len && !value_past_segment) return mark_truncated(p, "TCP header");
    return mark_malformed(p, "TCP: header longer than the segment");
  }
  p.protos |= kProtoTcp;
  // Options the snap length cut: Wireshark has the ones before the cut (its summary shows
  // them), throws at the cut, and has done its analysis of the segment (Seq, Len) first.
  r.take(t.header_len - 20u);
  p.payload_len = claimed_len - t.header_len;
  if (!r.ok()) {
    t.options_cut = true;
    p.l4 = bytes;
    return mark_truncated(p, "TCP");
  }
  Bytes rest = r.rest();
  p.payload = rest.first(std::min<std::size_t>(rest.size(), p.payload_len));
  // A payload the snap length cut is no error of TCP's: Wireshark calls no dissector on
  // one with no byte captured, and `data` reads only what a partly captured one holds.
  // A dissector that parses it (HTTP: HttpReassembler) throws at the cut.
  p.l4 = bytes.first(r.offset());
  if (!p.payload.empty()) p.l4 = bytes.first(r.offset() + p.payload.size());
  if (!p.payload.empty()) p.protos |= kProtoData;
}

}  // namespace sockscope::capture
