// ICMP (v4): type, code, echo id/seq; errors quote the offending IP header, which is
// dissected as the packet's inner headers.
#include <algorithm>
#include <string_view>

#include "capture/dissect/dhcp.h"
#include "capture/dissect/dissect.h"
#include "capture/dissect/dns.h"
#include "capture/dissect/ip_protocol.h"
#include "capture/dissect/tapa.h"

namespace sockscope::capture {

namespace {
bool is_error_type(std::uint8_t type) {
  return type == 3 || type == 4 || type == 5 || type == 11 || type == 12;
}

// Wireshark 4.0's guess at a ping's send time in the first 8 captured bytes of an echo's
// data: two 32-bit words, seconds then microseconds, big-endian first, else
// little-endian; a time if the seconds are less than a day from the frame's (their
// difference cut to 32 bits, as its int cast does) and the microseconds under 10^6.
// Linux's 64-bit timeval reads as its low seconds word and 0 microseconds, as there.
bool echo_data_time(Bytes data, const Timestamp& frame, Timestamp& out) {
  if (data.size() < 8) return false;
  const auto word = [&](std::size_t at, bool big) {
    std::uint32_t v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
      const auto b = static_cast<std::uint32_t>(data[at + (big ? k : 3 - k)]);
      v = v << 8 | b;
    }
    return v;
  };
  const auto near = [&](std::uint32_t secs, std::uint32_t usecs) {
    const auto apart = static_cast<std::int32_t>(static_cast<std::uint32_t>(
        static_cast<std::uint64_t>(secs) - static_cast<std::uint64_t>(frame.sec)));
    return apart > -86400 && apart < 86400 && usecs < 1'000'000;
  };
  std::uint32_t secs = word(0, true), usecs = word(4, true);
  if (!near(secs, usecs)) {
    secs = word(0, false);
    usecs = word(4, false);
    if (!near(secs, usecs)) return false;
  }
  out = Timestamp{secs, static_cast<std::int32_t>(usecs * 1000)};
  return true;
}
}  // namespace

void dissect_icmp(Bytes bytes, std::uint32_t claimed, Packet& p) {
  ByteReader r(bytes);
  p.l4 = bytes;  // the message, for icmp[...] slices
  IcmpHeader& i = p.icmp;
  i.type = r.u8();
  i.code = r.u8();
  i.checksum = r.u16();
  const std::size_t reported = std::min<std::size_t>(claimed, reported_size(bytes, p));
  const bool echo = i.type == 0 || i.type == 8 || i.type == 13 || i.type == 14;
  // Wireshark names the protocol first, and adds the header's fields (and writes the
  // type in Info) only once it has read 6 bytes: an echo's identifier, and as much of
  // any other type.
  if (bytes.size() < 6) {
    p.partial = kProtoIcmp;
    p.partial_bytes = bytes;
    return mark_cut(p, "ICMP header", echo ? 8 : r.ok() ? 6 : 4, reported);
  }
  p.protos |= kProtoIcmp;
  // (an extended echo, RFC 8335, has its identifier there too, then a one-byte sequence
  // number of another field)
  const bool extended_echo = i.type == 42 || i.type == 43;
  if (echo || (i.type >= 15 && i.type <= 18) || extended_echo) {
    i.id = r.u16();
    i.has_id = true;
    i.seq = r.u16();
    i.has_seq = r.ok() && !extended_echo;
  }
  if (echo) {
    if (!r.ok()) return mark_cut(p, "ICMP echo header", 8, reported);
    i.echo = true;
    p.payload = r.rest();
    if ((i.type == 0 || i.type == 8) && echo_data_time(p.payload, p.ts, i.data_time)) {
      i.has_data_time = true;
      p.payload = p.payload.subspan(8);
    }
    p.payload_len = static_cast<std::uint32_t>(p.payload.size());
    if (p.payload_len > 0) p.protos |= kProtoData;
  } else if (is_error_type(i.type)) {
    r.skip(4);
    if (!r.ok()) return mark_cut(p, "ICMP header", 8, reported);
    dissect_inner_ip(r.rest(), p);
  }
  // Wireshark reads a redirect's quoted header and the timestamps or mask of those
  // queries whatever the message's length: missing bytes are malformed (or cut).
  // The first read that fails decides (dissect.h's mark_cut): a timestamp message's three
  // 4-byte times are read one by one, so one the snap length cut inside a message that is
  // shorter still fails first at the cut.
  const std::size_t needed = i.type == 5                    ? 9
                             : i.type == 13 || i.type == 14 ? 20
                             : i.type == 17 || i.type == 18 ? 12
                                                            : 0;
  if (bytes.size() < needed) {
    const std::size_t first_failed = i.type == 13 || i.type == 14
                                         ? std::min<std::size_t>(needed, bytes.size() / 4 * 4 + 4)
                                         : needed;
    mark_cut(p, i.type == 5 ? kIcmpRedirectQuoteEmpty : "ICMP message", first_failed, reported);
  }
}

namespace {
// A quoted TCP header's fields, each as far as it was captured (TcpHeader::quoted).
void quote_tcp_header(Bytes l4, bool by_ipv4, TcpHeader& t) {
  ByteReader r(l4);
  t.quoted = true;
  t.quoted_by_ipv4 = by_ipv4;
  t.short_segment = true;
  t.sport = r.u16();
  t.dport = r.u16();
  t.seq = r.u32();
  t.ack = r.u32();
  const std::uint16_t off_flags = r.u16();
  t.window = r.u16();
  if (!r.ok()) return;
  t.header_len = static_cast<std::uint8_t>((off_flags >> 12) * 4);
  t.flags = off_flags & 0x1ff;
  t.reserved = static_cast<std::uint8_t>((off_flags >> 9) & 7);
  t.fixed_read = t.header_len >= 20;
  t.checksum = r.u16();
  t.urgent = r.u16();
  // Wireshark reads the options too, as far as the quote holds them
  if (!r.ok() || t.header_len <= 20) return;
  const Bytes rest = r.rest();
  t.options = rest.first(std::min<std::size_t>(rest.size(), t.header_len - 20u));
  t.options_reached = true;
  read_tcp_options(t.options, t.header_len - 20u, t);
}
}  // namespace

void dissect_inner_ip(Bytes bytes, Packet& p) {
  ByteReader r(bytes);
  InnerHeaders& in = p.inner;
  p.inner_written = true;
  // A quote the snap length cut: a quoted header's read past the capture throws there, and
  // Wireshark names the header it was reading ("[Packet size limited during capture]").
  // Past the quote's own end (no cut) the reads are as they were.
  const bool snap_cut = reported_size(bytes, p) > bytes.size();
  const auto cut_at = [&](const char* names) {
    if (!snap_cut) return;
    in.cut_names = names;
    mark_truncated(p, kIcmpQuoteCut);
  };
  // A quoted IP header cut inside: its fields up to the cut, as an outer one's
  // (Packet::partial, which the whole outer headers left free).
  const auto cut_header = [&](std::uint32_t proto, Bytes captured, const char* names) {
    if (snap_cut) {
      p.partial = proto;
      p.partial_bytes = captured;
    }
    cut_at(names);
  };
  const char* next_ip = p.has(kProtoIcmpv6) ? "ipv6" : "ip";
  bool after_gre = false;  // a whole quoted GRE header the loop's IP layers do not name
  bool layer_v4 = true;    // the last quoted IP header is IPv4's
  // A quoted tunnel packet quotes its inner header too: follow it, as Wireshark does.
  for (int depth = 0;; ++depth) {
    const bool v6_next = std::string_view(next_ip) == "ipv6";
    const char* cut_ip = after_gre ? (v6_next ? "gre:ipv6" : "gre:ip") : (v6_next ? "ipv6" : "ip");
    if (!r.has(1)) return cut_at(cut_ip);
    std::uint8_t first = static_cast<std::uint8_t>(r.rest()[0]);
    const Bytes start = r.rest();
    IpLayer layer;
    if ((first >> 4) == 4) {
      read_ipv4_header(r, layer);
      if (!r.ok()) return cut_header(kProtoIp, start, after_gre ? "gre:ip" : "ip");
      if (layer.header_len < 20) return;
      r.skip(layer.header_len - 20u);
      if (!r.ok()) return cut_header(kProtoIp, start, after_gre ? "gre:ip" : "ip");
    } else if ((first >> 4) == 6) {
      r.skip(4);
      layer.total_len = static_cast<std::uint16_t>(r.u16() + 40u);
      layer.proto = r.u8();
      layer.ttl = r.u8();
      layer.header_len = 40;
      layer.src.family = layer.dst.family = AF_INET6;
      r.copy(reinterpret_cast<std::byte*>(layer.src.bytes.data()), 16);
      r.copy(reinterpret_cast<std::byte*>(layer.dst.bytes.data()), 16);
      if (!r.ok()) return cut_header(kProtoIpv6, start, after_gre ? "gre:ipv6" : "ipv6");
    } else {
      return;
    }
    // an IPv6 datagram's whole extension headers (hop-by-hop, routing, destination
    // options), which Wireshark dissects too, up to what they carry
    std::uint8_t upper = layer.proto;
    for (int hops = 0; hops < 8 && r.ok() && (upper == 0 || upper == 43 || upper == 60); ++hops) {
      const Bytes h = r.rest();
      if (h.size() < 2 || layer.src.family != AF_INET6) break;
      const std::size_t len = (static_cast<std::size_t>(h[1]) + 1u) * 8u;
      if (h.size() < len) break;
      upper = static_cast<std::uint8_t>(h[0]);
      r.skip(len);
      layer.ext_len =
          static_cast<std::uint16_t>(std::min<std::size_t>(layer.ext_len + len, 0xffff));
    }
    layer.quoted = start;
    layer_v4 = layer.src.family == AF_INET;
    if (!r.ok() || !add_ip_layer(p, layer)) return;
    in.present = true;
    in.src = layer.src;
    in.dst = layer.dst;
    in.proto = upper;
    after_gre = false;
    if (upper == 47 && depth < 2) {  // a quoted GRE packet, and the IP it carries
      GreHeader g;
      Bytes at = r.rest();
      if (!read_gre_header(r, g)) return cut_at("gre");
      g.header_len =
          static_cast<std::uint8_t>(std::min<std::size_t>(at.size() - r.remaining(), 255));
      g.bytes = at;
      g.payload_dissected = (g.flags_ver & 7) == 0 && (g.proto == 0x0800 || g.proto == 0x86dd);
      if (p.gre_count < kMaxGreLayers) {
        p.protos |= kProtoGre;
        p.gre[p.gre_count++] = g;
      }
      if (!g.payload_dissected) return;
      after_gre = true;
      next_ip = g.proto == 0x86dd ? "ipv6" : "ip";
      continue;
    }
    if ((upper != 4 && upper != 41) || depth >= 2) break;
    next_ip = upper == 41 ? "ipv6" : "ip";
  }
  in.l4 = r.rest();
  // How many bytes the quote held after the transport header on the wire, the snap
  // length's cut included: what a quoted DNS or DHCP message reads up to.
  const std::size_t l4_reported = in.l4.size() + (reported_size(bytes, p) - bytes.size());
  if (in.proto == 6 || in.proto == 17) {
    const bool tcp = in.proto == 6;
    in.sport = r.u16();
    in.dport = r.u16();
    if (!r.ok()) {
      in.proto = 0;
      return cut_at(tcp ? "tcp" : "udp");
    }
    // (a TCP header's data offset, at least 20 bytes; UDP's 8)
    std::size_t header = 8;
    if (tcp && in.l4.size() >= 13)
      header = std::max<std::size_t>(20, (static_cast<std::size_t>(in.l4[12]) >> 4) * 4u);
    else if (tcp)
      header = 20;
    if (in.l4.size() < header) cut_at(nullptr);
    if (tcp) quote_tcp_header(in.l4, layer_v4, p.tcp);
    // The quoted UDP header is 8 bytes; Wireshark dissects what follows as data.
    if (!tcp) {
      in.udp_length = r.u16();
      in.udp_checksum = r.u16();
      in.has_data = r.ok() && r.remaining() > 0;
      if (in.has_data) {
        in.data = r.rest();
        in.data_reported = l4_reported - 8u;
      }
      // A quoted DNS or DHCP message the snap length cut: its dissector reads on past the
      // capture (short), unless a read past the message itself failed first (malformed).
      const bool dns = in.sport == 53 || in.dport == 53;
      const bool dhcp =
          !dns && (in.sport == 67 || in.sport == 68 || in.dport == 67 || in.dport == 68);
      if (in.has_data && !dns && !dhcp && tapa_port(in.sport, in.dport))
        in.tapa = tapa_takes(in.data);  // (what it throws, the ICMP dissector swallows)
      if (snap_cut && in.has_data && (dns || dhcp)) {
        bool malformed = false, cut = true;
        if (dns) {
          malformed = dns_malformed_in_tree(in.data, in.data_reported);
        } else {
          const DhcpScan d = dhcp_scan(in.data, in.data_reported);
          malformed = d.malformed;
          cut = d.capture_cut;
        }
        if (malformed)
          mark_malformed(p, kIcmpQuoteCut);
        else if (cut)
          mark_truncated(p, kIcmpQuoteCut);
      }
    }
  } else if (in.proto == 1 || in.proto == 58) {
    const std::uint8_t proto = in.proto;
    in.icmp_type = r.u8();
    in.icmp_code = r.u8();
    // (ICMP adds its fields once it has read 6 bytes, as dissect_icmp has it; ICMPv6
    // each as it reads it)
    if (!r.ok() || (proto == 1 && snap_cut && in.l4.size() < 6)) {
      // (ICMPv6 names its protocol before it reads: a quote of none of its bytes has it,
      // and a type without its code)
      if (proto == 1) in.proto = 0;
      return cut_at(proto == 1 ? "icmp" : "icmpv6");
    }
    // a quoted echo request or reply: Wireshark reads its identifier and sequence too
    const bool echo = proto == 1 ? in.icmp_type == 8 || in.icmp_type == 0
                                 : in.icmp_type == 128 || in.icmp_type == 129;
    in.icmp_checksum = r.u16();
    in.has_icmp_checksum = r.ok();
    if (echo) {
      in.icmp_id = r.u16();
      in.icmp_has_id = r.ok();
      in.icmp_seq = r.u16();
      in.icmp_echo = r.ok();
      // what follows a quoted echo header is data in Wireshark's ICMP subtree
      in.has_data = r.ok() && r.remaining() > 0;
      if (in.has_data) in.data = r.rest();
    }
    if (in.l4.size() < (echo ? 8u : 4u)) cut_at(nullptr);
  } else if (!wireshark_ip_protocol(in.proto).dissected) {
    // a number no Wireshark dissector takes: what follows the quoted header is data
    in.has_data = r.remaining() > 0;
    if (in.has_data) in.data = r.rest();
  }
}

}  // namespace sockscope::capture
