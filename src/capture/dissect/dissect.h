// Public. The dissectors, one file per protocol (tcpdump's print-*.c habit). Each reads
// its header through a ByteReader, fills its part of the Packet, and hands the rest of
// the bytes to the next layer. A header the snap length cut sets Packet::truncated to
// the layer's name; one the frame itself ends inside (mark_cut tells them apart), or a
// value no real packet can carry, sets Packet::malformed. Neither throws.
#pragma once

#include <initializer_list>

#include "capture/byte_reader.h"
#include "capture/packet.h"

namespace sockscope::capture {

// Entry point: resets `p`'s layer fields and dissects `p.data` as `p.linktype`.
void dissect_packet(Packet& p);

// Per layer (internal to dissect/, declared here so each file stays small).
void dissect_ethernet(Bytes bytes, Packet& p);
void dissect_sll(Bytes bytes, Packet& p);
void dissect_sll2(Bytes bytes, Packet& p);
void dissect_null(Bytes bytes, Packet& p, bool network_order);
void dissect_raw_ip(Bytes bytes, Packet& p);
void dissect_ethertype(std::uint16_t type, Bytes bytes, Packet& p);
// Bytes after a type no Wireshark dissector takes: its "data" layer (Packet::ether_data).
void take_as_ether_data(Bytes bytes, Packet& p);
void dissect_vlan(std::uint16_t tpid, Bytes bytes, Packet& p);
// What follows an 802.3 length (Ethernet's or an 802.1Q tag's): raw IPX, or LLC (llc.cpp).
void dissect_ieee8023(std::uint16_t length, Bytes bytes, Packet& p);
// An LLC PDU of `reported` bytes on the wire, `pdu` of them captured (Linux cooked's
// 802.2 frames come here straight).
void dissect_llc(Bytes pdu, std::uint32_t reported, Packet& p);
// The BPDU that Packet::llc's payload holds (stp.cpp).
void dissect_stp(Packet& p);
void dissect_ipv4(Bytes bytes, Packet& p);
void dissect_ipv6(Bytes bytes, Packet& p);
void dissect_transport(std::uint8_t proto, Bytes bytes, std::uint32_t claimed, Packet& p);
void dissect_tcp(Bytes bytes, std::uint32_t claimed_len, Packet& p);
// A TCP header's options into `t` (tcp.cpp): `bytes`, what was captured of an options area
// `area` bytes long on the wire; a direct header's and one an ICMP error quotes.
void read_tcp_options(Bytes bytes, std::size_t area, TcpHeader& t);
void dissect_udp(Bytes bytes, std::uint32_t claimed_len, Packet& p);
void dissect_icmp(Bytes bytes, std::uint32_t claimed, Packet& p);
void dissect_icmpv6(Bytes bytes, std::uint32_t claimed, Packet& p);
void dissect_arp(Bytes bytes, Packet& p);
// `claimed`: the bytes the IP header says its payload has.
void dissect_gre(Bytes bytes, std::uint32_t claimed, Packet& p);
// `reported`: how many bytes of the PPP frame were on the wire (reported_size, capped).
void dissect_ppp(Bytes bytes, std::size_t reported, Packet& p);
// Reads a GRE header (flags, type, the optional fields, routing entries skipped) into
// `g`; false when the header is cut short or its routing entries are malformed.
bool read_gre_header(ByteReader& r, GreHeader& g);
// The IP header and first transport bytes quoted inside an ICMP/ICMPv6 error.
void dissect_inner_ip(Bytes bytes, Packet& p);

// Reads the 20-byte fixed IPv4 header into `l` (header_len from the IHL); returns the
// version field. The caller checks r.ok() and skips the options.
std::uint8_t read_ipv4_header(ByteReader& r, IpLayer& l);

// Records one more IP header for the filters; false when the packet already has as
// many as we keep (a tunnel nested deeper is not dissected further). (Inline: once a
// packet at least.)
inline bool add_ip_layer(Packet& p, const IpLayer& layer) {
  if (p.ip_layer_count >= kMaxIpLayers) return false;
  p.ip_layers[p.ip_layer_count++] = layer;
  return true;
}

// What an ICMPv6 error whose quoted packet has no byte sets (truncated or malformed):
// Wireshark marks the packet an error packet before it reads the quote, the exception
// leaves the mark, and its taps (-z io,phs: stats.cpp) never see the frame.
inline constexpr char kIcmpv6QuoteCut[] = "ICMPv6 quoted packet";
// What an ICMP/ICMPv6 error sets when the snap length cut its quote and a quoted header's
// (or a quoted DNS/DHCP message's) read failed: the same exception inside the error
// packet, so the taps never see the frame either.
inline constexpr char kIcmpQuoteCut[] = "ICMP quoted packet cut";
// What a redirect with no quoted byte sets: Wireshark reads the quoted header's length
// (to limit the quote to it and 8 bytes) after it marks the error packet, so that read's
// exception skips the taps too; an error of another type hands an empty quote to the IP
// dissector, which throws nothing.
inline constexpr char kIcmpRedirectQuoteEmpty[] = "ICMP message";

inline void mark_truncated(Packet& p, const char* layer) {
  if (p.truncated == nullptr) p.truncated = layer;
}
inline void mark_malformed(Packet& p, const char* why) {
  if (p.malformed == nullptr) p.malformed = why;
}

// How many bytes of `b` (a layer's captured bytes) the packet holds on the wire: what
// Wireshark calls their reported length. Bytes that run to the end of the capture go on
// past it by what the snap length cut off; bytes a length field ended earlier are all
// there. (A caller caps it at the length its own header claims.)
inline std::size_t reported_size(Bytes b, const Packet& p) {
  const bool to_capture_end = b.data() + b.size() == p.data.data() + p.data.size();
  return b.size() + (to_capture_end && p.len > p.caplen ? p.len - p.caplen : 0u);
}

// A layer that needed `needed` bytes where fewer were captured. Wireshark tells its two
// exceptions apart: a read past the packet's reported length (the frame itself was short
// on the wire) is malformed, a read past only what was captured is the snap length's cut.
inline void mark_cut(Packet& p, const char* layer, std::size_t needed, std::size_t reported) {
  if (needed > reported)
    mark_malformed(p, layer);
  else
    mark_truncated(p, layer);
}

// Where the read that finds `captured` bytes wanting ends, of reads ending at `ends` (in the
// order the dissector makes them; the last if none does). A layer's fields are read one by
// one, so it is that read, not the whole header, that runs past the reported length or not.
inline std::size_t first_failed_read(std::size_t captured,
                                     std::initializer_list<std::size_t> ends) {
  std::size_t end = 0;
  for (const std::size_t e : ends) {
    end = e;
    if (e > captured) break;
  }
  return end;
}

}  // namespace sockscope::capture
