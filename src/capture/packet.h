// Public. One dissected packet: plain values filled by the dissectors (capture/dissect/)
// and by the stream tracker (tcp/udp stream numbers, relative sequence numbers, analysis
// flags). Fixed size, no heap: a reader reuses one Packet for every record, so reading a
// file allocates nothing per packet. The byte spans point into the record the caller
// owns (an mmapped file or a libpcap buffer) and are valid only until the next record.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "capture/byte_reader.h"
#include "capture/timestamp.h"
#include "net/ip_address.h"

namespace sockscope::capture {

// libpcap LINKTYPE_* values we dissect.
enum LinkType : std::uint32_t {
  kLinkNull = 0,  // BSD loopback: 4-byte host-order address family
  kLinkEthernet = 1,
  kLinkRaw = 101,   // raw IPv4/IPv6
  kLinkLoop = 108,  // OpenBSD loopback: network-order family
  kLinkSll = 113,   // Linux cooked v1
  kLinkIpv4 = 228,
  kLinkIpv6 = 229,
  kLinkSll2 = 276,  // Linux cooked v2
};

// Which layers a packet has; a bit set per protocol, tested by display filters.
enum Proto : std::uint32_t {
  kProtoEth = 1u << 0,
  kProtoSll = 1u << 1,
  kProtoNull = 1u << 2,
  kProtoIp = 1u << 3,
  kProtoIpv6 = 1u << 4,
  kProtoTcp = 1u << 5,
  kProtoUdp = 1u << 6,
  kProtoIcmp = 1u << 7,
  kProtoIcmpv6 = 1u << 8,
  kProtoArp = 1u << 9,
  kProtoData = 1u << 10,  // a transport payload no dissector of ours claims
  kProtoDns = 1u << 11,
  kProtoHttp = 1u << 12,
  kProtoGre = 1u << 13,
  kProtoDhcp = 1u << 14,  // UDP port 67 or 68 (DHCP/BOOTP), unless DNS claims it
  kProtoPpp = 1u << 15,   // PPP carried by GRE (PPTP), see PppInfo
  kProtoLlc = 1u << 16,   // IEEE 802.2 LLC after an 802.3 length, see LlcInfo
  kProtoStp = 1u << 17,   // a spanning tree BPDU that LLC carries (LlcInfo::payload)
};

// What the two bytes after an Ethernet header's addresses are, as Wireshark 4.0 reads them.
enum class EthKind : std::uint8_t {
  kType,               // an ethertype (eth.type): 0, or 1536 and up
  kLength,             // an 802.3 length (eth.len), 1..1500: LLC or raw IPX follows
  kInvalidLengthType,  // 1501..1535 (eth.invalid_lentype): the rest is data
};

using Mac = std::array<std::uint8_t, 6>;
std::string to_string(const Mac& mac);

// TCP flag bits as in the header (NS is bit 8).
enum TcpFlag : std::uint16_t {
  kFin = 0x001,
  kSyn = 0x002,
  kRst = 0x004,
  kPsh = 0x008,
  kAck = 0x010,
  kUrg = 0x020,
  kEce = 0x040,
  kCwr = 0x080,
  kNs = 0x100,
};

// The lists of a TCP header's options, part of TcpHeader. Each entry is valid below its
// count only (option_count, and the cut option at option_count with option_value_cut;
// sack below sack_edges), and read_tcp_options writes every entry it counts, so the
// decoder leaves them as they were between packets (TcpHeader::clear).
struct TcpOptionLists {
  std::array<std::uint8_t, 40> option_kinds{};
  std::array<std::uint8_t, 40> option_lens{};     // each one's length byte (NOP, EOL: unset)
  std::array<std::uint8_t, 40> option_offsets{};  // where each starts in `options`
  std::array<std::uint32_t, 8> sack{};            // left,right pairs (absolute)
};

// The rest of a TCP header: what the decoder clears for each packet.
struct TcpHeaderFields {
  std::uint16_t sport = 0, dport = 0;
  std::uint32_t seq = 0, ack = 0;
  std::uint8_t header_len = 0;  // bytes
  std::uint16_t flags = 0;
  std::uint16_t window = 0, checksum = 0, urgent = 0;
  // Options, in the order Wireshark's summary prints them.
  bool has_mss = false, sack_perm = false, has_ws = false, has_ts = false;
  std::uint16_t mss = 0;
  std::uint8_t ws_shift = 0;
  bool tfo_cookie = false;  // a TCP Fast Open option (kind 34) carrying a cookie (length > 2)
  std::uint32_t tsval = 0, tsecr = 0;
  bool has_tsval = false;  // has_ts, or the options cut after TSval
  std::uint8_t sack_blocks = 0;
  std::uint8_t option_count = 0;  // option kinds in wire order (NOP and EOL too)
  // The option after those, whose kind and length were read and whose value the segment
  // cut (option_kinds/option_lens[option_count]): tcp.option_kind/len list it, Info not.
  bool option_value_cut = false;
  // Where, in the options area, the first read of that option's value that failed ends:
  // within the segment (only the snap length cut it) Wireshark's read throws a plain
  // bounds error (_ws.short), past it a contained one (_ws.malformed).
  std::uint8_t option_value_fail_end = 0;
  // The SACK edges Wireshark adds (tcp.options.sack_le, _re), in `sack`: each 4 bytes the
  // option's length has room for, up to a cut of the segment (option_value_cut: then
  // sack_blocks stays 0, no whole option for the analysis, and Wireshark throws before
  // it adds the block count).
  std::uint8_t sack_edges = 0;
  std::uint8_t reserved = 0;  // the three reserved flag bits (0x0e00 >> 9)
  // Wireshark's "Short segment": the packet holds less than the header on the wire. Its
  // dissector then skips the analysis (absolute numbers, no Len) and writes seq, ack,
  // flags and window into Info once they are read (from 16 bytes on) before it throws.
  bool short_segment = false;
  // A header cut (by the frame or the snap length) after its window: Wireshark has read
  // seq, ack, header length, flags and window (and the checksum from 18 bytes on) and
  // given the segment its stream before it threw (Packet::partial is kProtoTcp). Cut
  // only by the snap length, it ran the analysis too (relative numbers, Len).
  bool fixed_read = false;
  // A whole fixed header whose options the snap length cut: Wireshark has run the
  // analysis (the stream's state moves on) but throws in the options, before it adds the
  // analysis's findings (flags, RTT) to the tree and the Info column.
  bool options_cut = false;
  // The header an ICMP error quotes (then not in protos): as a cut one (fixed_read from 16
  // captured bytes, short_segment: no analysis), its bytes InnerHeaders::l4. Quoted by
  // IPv4, Wireshark adds the sequence number alone from 8 bytes on, and no raw one.
  bool quoted = false, quoted_by_ipv4 = false;
  // The fixed 20 bytes were read, so Wireshark went on to the options (a header longer
  // than 20 bytes has tcp.options, even with none of its bytes in the segment): `options`
  // is what the segment holds of them, their kinds and lengths parsed up to the first read
  // past it (an option with its length byte held is listed).
  bool options_reached = false;
  Bytes options;
};

struct TcpHeader : TcpHeaderFields, TcpOptionLists {
  // For the decoder's next packet: every field as constructed but the option lists (152
  // of the 224 bytes, valid below their counts only).
  void clear() { static_cast<TcpHeaderFields&>(*this) = TcpHeaderFields{}; }
};

// What Wireshark 4.0 makes of the length field: below 8, it stops after the ports
// ("[BAD UDP LENGTH 4 < 8]": no Len, checksum, stream or payload); beyond the IP payload,
// it says so and goes on with the bytes there; 0 over IPv6 is an RFC 2675 jumbogram (the
// IP payload's length).
enum class UdpLength : std::uint8_t { kOk, kBelow8, kBeyondPayload, kJumbogram };

// What Wireshark's TAPA dissector (UDP port 5000, dissect/tapa.h) does with a payload:
// leaves it to data, throws before it adds anything, or takes it.
enum class TapaTake : std::uint8_t { kNone, kThrows, kTaken };

struct UdpHeader {
  std::uint16_t sport = 0, dport = 0, length = 0, checksum = 0;
  UdpLength length_check = UdpLength::kOk;
  // The length Wireshark checks: the field's, or a jumbogram's IP payload length (a
  // header cut after its length field shows it in Info: Len, BAD UDP LENGTH).
  std::uint32_t checked_length = 0;
  // udp.payload: every captured byte of the IP payload after the header, whatever the
  // length field says (data gets what it says)
  Bytes rest;
  TapaTake tapa = TapaTake::kNone;  // the payload on port 5000
};

struct IcmpHeader {
  std::uint8_t type = 0, code = 0;
  std::uint16_t checksum = 0, id = 0, seq = 0;
  bool echo = false;
  // Wireshark adds an identifier and a sequence number (echo, timestamp, information and
  // address mask messages; ICMPv6 echo) each as it reads it: a header cut after 6 bytes
  // has its identifier alone.
  bool has_id = false, has_seq = false;
  std::uint8_t nd_flags = 0;  // Neighbor Advertisement: router 0x80, solicited 0x40, override 0x20
  // An echo reply matched to its request (Wireshark's icmp.resp_to / icmp.resptime):
  // the request's frame number (0: none) and the time since it, in ns.
  std::uint32_t resp_to = 0;
  std::int64_t resptime_ns = 0;
  // An echo's data that starts with a ping's send time (icmp.data_time): the first 8
  // bytes, as Wireshark 4.0 guesses them (dissect/icmp.cpp). Data then starts after it.
  bool has_data_time = false;
  Timestamp data_time;
};

struct ArpInfo {
  std::uint16_t htype = 0, ptype = 0, op = 0;
  std::uint8_t hlen = 0, plen = 0;
  Mac sender_mac{}, target_mac{};
  net::IpAddress sender_ip = net::IpAddress::none(), target_ip = net::IpAddress::none();
  Bytes bytes;  // the ARP packet as captured (8 bytes + both address pairs)
  // Both address pairs were captured (Ethernet/IPv4 sizes). Wireshark compares them
  // before it adds any: a packet cut inside them has none, and no Info.
  bool addresses = false;
  // Wireshark's duplicate address check (dissect/arp_duplicates.h): the earlier frame and
  // the whole seconds since, for the sender's and the target's address; and the address
  // the Info column names, when the packet's last check found one.
  struct Duplicate {
    std::uint32_t frame = 0, seconds = 0;
  };
  std::array<Duplicate, 2> duplicates{};
  std::uint8_t duplicate_count = 0;
  bool duplicate_in_info = false;
  net::IpAddress duplicate_ip = net::IpAddress::none();
};

// What Wireshark's ARP dissector calls a request or reply (arp.isgratuitous, ...): the
// sender's protocol address is the target's (gratuitous); a gratuitous request with an
// all-zero target MAC (announcement); a request with that MAC from protocol address 0
// (probe). Read from the bytes, so any address sizes; false where they were not captured.
struct ArpKind {
  bool gratuitous = false, announcement = false, probe = false;
};
inline ArpKind arp_kind(const ArpInfo& a) {
  ArpKind k;
  const std::size_t spa = 8u + a.hlen, tha = spa + a.plen, tpa = tha + a.hlen;
  if ((a.op != 1 && a.op != 2) || a.bytes.size() < tpa + a.plen) return k;
  const auto zero = [&a](std::size_t at, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i)
      if (a.bytes[at + i] != std::byte{0}) return false;
    return true;
  };
  k.gratuitous = std::equal(a.bytes.begin() + static_cast<std::ptrdiff_t>(spa),
                            a.bytes.begin() + static_cast<std::ptrdiff_t>(spa + a.plen),
                            a.bytes.begin() + static_cast<std::ptrdiff_t>(tpa));
  const bool no_target_mac = a.op == 1 && a.bytes.size() >= tha + 6 && zero(tha, 6);
  k.announcement = k.gratuitous && no_target_mac;
  k.probe = !k.gratuitous && no_target_mac && a.plen >= 4 && zero(spa, 4);
  return k;
}

// What follows an LLC header, as Wireshark 4.0's packet-llc.c hands it on.
enum class LlcNext : std::uint8_t {
  kNone,         // nothing: the PDU ends with its header, or in it
  kData,         // Wireshark's "data" (Packet::payload)
  kLayer,        // a layer of ours: IPv4 (DSAP 6), SNAP's ethertype, STP (kProtoStp)
  kUndissected,  // a protocol Wireshark dissects and sockscope does not (SNA, IPX, CDP...)
};

// IEEE 802.2 LLC (dissect/llc.cpp): DSAP, SSAP and control (one byte for U frames, two
// for I and S frames), then SNAP's OUI and protocol ID when both SAPs are 0xaa. The PDU
// is what the 802.3 length field announces, at most what was on the wire.
struct LlcInfo {
  Bytes bytes;                 // from DSAP on, as captured, at most the 802.3 length
  std::uint32_t reported = 0;  // the PDU's length as Wireshark takes it
  std::uint8_t dsap = 0, ssap = 0;
  std::uint16_t control = 0;
  std::uint8_t read = 0;   // how many of DSAP, SSAP and control were read (0 to 3)
  bool snap = false;       // DSAP and SSAP are 0xaa
  bool snap_read = false;  // the OUI and protocol ID were read
  std::uint32_t oui = 0;
  std::uint16_t pid = 0;
  LlcNext next = LlcNext::kNone;
  Bytes payload;  // what follows the header, as captured
  std::uint32_t payload_reported = 0;
  bool u_frame() const { return (control & 3u) == 3u; }
  bool response() const { return (ssap & 1u) != 0; }
  // Wireshark's XDLC_IS_INFORMATION: an I frame, or a UI frame without the P/F bit. Only
  // these hand their payload to the next protocol.
  bool information() const { return (control & 1u) == 0 || control == 0x03; }
};

// One GRE header (RFC 2784/2890; version 1 is PPTP's, RFC 2637). The optional fields
// are valid when their flag bit is set (checksum and offset: C or R).
struct GreHeader {
  std::uint16_t flags_ver = 0, proto = 0, checksum = 0, offset = 0;
  std::uint32_t key = 0, seq = 0, ack = 0;
  std::uint8_t header_len = 0;     // bytes, optional fields and routing entries included
  bool payload_dissected = false;  // IPv4/IPv6/Ethernet/PPP inside, dissected as further layers
  bool payload_is_data = false;    // a type Wireshark has no dissector for: `data`
  Bytes bytes;                     // captured header and payload
  // Transparent Ethernet bridging (type 0x6558, gretap): the inner Ethernet header, a
  // second occurrence of the eth fields (its VLAN tags skipped and counted).
  Mac eth_src{}, eth_dst{};
  std::uint16_t ethertype = 0;
  std::uint16_t inner_type = 0;  // the ethertype after the VLAN tags
  Bytes eth;                     // the bridged frame, from its Ethernet header on
};
constexpr int kMaxGreLayers = 3;

// One 802.1Q tag (Wireshark's "vlan") or 802.1ad tag ("ieee8021ad"), in wire order:
// the frame's own (after Ethernet or Linux cooked), then those of an Ethernet header
// bridged over GRE.
struct VlanTag {
  std::uint16_t tpid = 0;  // 0x8100 or 0x88a8: the type that announced the tag
  std::uint16_t tci = 0;   // priority (3 bits), DEI (1), VLAN ID (12)
  std::uint16_t type = 0;  // the ethertype after it, or an 802.3 length below 0x0600
  bool whole = false;      // false: the frame ended inside the tag (no fields)
  bool bridged = false;    // a tag of the Ethernet header bridged over GRE
  Bytes bytes;             // from the tag on, to the end of what was captured
  // An 802.1ad tag followed at once by another (Q-in-Q): Wireshark reads both as one
  // ieee8021ad layer (S-VID, C-VID); `type` is then the one after the second tag.
  bool qinq = false;
  bool qinq_fields = false;  // the second TCI was read: the layer has its fields
  std::uint16_t ctci = 0;    // the second tag's TCI
  bool cut_after = false;    // the frame ended in the second tag or the type after it
  std::size_t size() const { return qinq ? 8 : 4; }
};
constexpr int kMaxVlanTags = 4;

// PPP as GRE carries it (PPTP, GRE type 0x880b), as Wireshark's "ppp" dissector reads
// it: the address and control bytes when the frame starts with 0xff (else they were
// compressed away, ACFC), a one-byte protocol when its first byte is odd (PFC). IPv4
// (0x0021) and IPv6 (0x0057) continue as further IP layers; the control protocols (LCP,
// IPCP, PAP, CHAP) are read from `body` by whoever needs their fields.
struct PppInfo {
  bool has_address = false;  // address and control present (not compressed)
  std::uint8_t address = 0, control = 0;
  bool has_protocol = false;  // false: the frame ends before its protocol field
  std::uint16_t protocol = 0;
  Bytes bytes;  // the PPP frame, header first
  Bytes body;   // what follows the protocol field
  // How many bytes of the PPP frame were on the wire (its GRE payload's reported length):
  // a read past `bytes` but not past this was cut by the snap length.
  std::size_t reported = 0;
  bool ip_follows = false;  // IPv4/IPv6 with bytes: dissected as a further IP layer
  // Wireshark's "data" gets bytes here (Packet::payload): an unknown protocol's, or what
  // follows an LCP Protocol-Reject's protocol number when it does not know that protocol.
  bool payload_is_data = false;
};

// The transport header of a packet quoted inside an ICMP error (Wireshark dissects that
// inner header too, so `udp`, `ip.addr` and `udp.port` match the ICMP packet). src/dst
// are the innermost quoted IP header's; a quoted tunnel adds its headers to ip_layers.
// Written by dissect_inner_ip alone, which sets Packet::inner_written.
struct InnerHeaders {
  bool present = false;
  net::IpAddress src = net::IpAddress::none(), dst = net::IpAddress::none();
  std::uint8_t proto = 0;
  std::uint16_t sport = 0, dport = 0;
  std::uint8_t icmp_type = 0, icmp_code = 0;  // when proto is 1 or 58
  bool icmp_echo = false;                     // a whole echo header: its id and seq
  std::uint16_t icmp_id = 0, icmp_seq = 0;
  bool icmp_has_id = false;        // an echo header cut after its identifier has that
  bool has_icmp_checksum = false;  // the quoted ICMP header's checksum was captured
  std::uint16_t icmp_checksum = 0;
  std::uint16_t udp_length = 0, udp_checksum = 0;  // when proto is 17
  bool has_data = false;            // captured bytes follow the quoted transport header
  Bytes data;                       // those bytes
  std::size_t data_reported = 0;    // and how many the quote held (the snap length's cut too)
  TapaTake tapa = TapaTake::kNone;  // those bytes on UDP port 5000 (no data layer if taken)
  // The quoted layers after the last whole one, named as Wireshark names a header it
  // threw inside when the snap length cut the quote ("ip", "gre:ip", "udp"; null: none).
  const char* cut_names = nullptr;
  Bytes l4;  // the quoted transport header and what follows, as captured
};

// One IPv4 or IPv6 header. A packet may have several: a tunnel's outer and inner headers,
// the headers an ICMP error quotes. A display filter field matches if any occurrence does.
struct IpLayer {
  net::IpAddress src = net::IpAddress::none(), dst = net::IpAddress::none();
  std::uint8_t proto = 0, ttl = 0, header_len = 0, tos = 0;
  std::uint16_t total_len = 0, id = 0, frag = 0, checksum = 0;
  // IPv6: the extension headers after the fixed one (hop-by-hop, routing, fragment,
  // destination options), which Wireshark's ipv6 item spans too
  std::uint16_t ext_len = 0;
  Bytes datagram;  // captured header and payload (empty for a quoted header)
  Bytes quoted;    // a header quoted in an ICMP error: it and what follows, as captured

  // The header and what follows it, as captured: what tshark's `ip#2 contains` searches.
  Bytes onward() const { return datagram.empty() ? quoted : datagram; }
  // The bytes of the ip/ipv6 protocol item as Wireshark sizes it (`ip == ...`, len(ip)),
  // before the cut to what was captured.
  std::size_t item_len() const { return header_len + std::size_t{ext_len}; }
};
constexpr int kMaxIpLayers = 6;

// Filled by the stream tracker; Wireshark's "SEQ/ACK analysis" in one struct.
enum TcpAnalysisFlag : std::uint32_t {
  kRetransmission = 1u << 0,
  kFastRetransmission = 1u << 1,
  kSpuriousRetransmission = 1u << 2,
  kOutOfOrder = 1u << 3,
  kLostSegment = 1u << 4,  // "Previous segment not captured"
  kAckedUnseen = 1u << 5,  // "ACKed unseen segment"
  kDupAck = 1u << 6,
  kWindowUpdate = 1u << 7,
  kWindowFull = 1u << 8,
  kZeroWindow = 1u << 9,
  kKeepAlive = 1u << 10,
  kKeepAliveAck = 1u << 11,
  kZeroWindowProbe = 1u << 12,
  kZeroWindowProbeAck = 1u << 13,
  kPortsReused = 1u << 14,
};

// Segments tshark 4.0 hands to no subdissector and no reassembly (its default
// tcp.no_subdissector_on_error): retransmissions, spurious ones and out-of-order segments;
// a fast retransmission is still dissected.
constexpr std::uint32_t kNoSubdissector = kRetransmission | kSpuriousRetransmission | kOutOfOrder;

// TCP Fast Open, as tshark 4.0 flags it (TcpAnalysis::tfo). Kept out of TcpAnalysis::flags:
// tshark does not count them among tcp.analysis.flags.
enum TcpTfoFlag : std::uint8_t {
  kTfoSyn = 1u << 0,      // a SYN (no ACK) whose TFO option carries a cookie, data or not
  kTfoAck = 1u << 1,      // a SYN-ACK whose relative ACK is beyond 1 (it acknowledges SYN data)
  kTfoIgnored = 1u << 2,  // any other SYN-ACK (relative ACK 0 or 1) after a kTfoSyn SYN with data
};

struct TcpAnalysis {
  std::uint32_t rel_seq = 0, rel_ack = 0, next_rel_seq = 0;
  // The other side's base sequence number (0 until known): what Wireshark subtracts from
  // the SACK edges, with or without ACK set.
  std::uint32_t ack_base = 0;
  std::int64_t window = 0;  // scaled when both SYNs carried window scale
  std::uint32_t flags = 0;
  std::uint32_t dup_ack_of = 0;  // frame number of the original ACK
  std::uint32_t dup_ack_count = 0;
  std::uint8_t tfo = 0;  // TcpTfoFlag bits
  // This direction's window scaling when the segment was read: -1 unknown (no SYN
  // seen), -2 not used (a SYN without the option), else the shift (0-14)
  std::int8_t win_scale = -1;
  bool seq_known = false;  // false: no base sequence number known (should not happen)
  // Whether the tracker ran Wireshark's ACK analysis for this packet
  // (StreamTracker::set_ack_analysis): only then does Packet::tcp_acks hold its values.
  bool acks_tracked = false;
};

// Wireshark's ACK analysis of one TCP segment (tcp.analysis.acks_frame, ack_rtt,
// bytes_in_flight, ...). Kept apart from TcpAnalysis so that a packet pays nothing for it
// when the analysis is off: the tracker clears and fills it only when it runs, and it is
// valid only when tcpa.acks_tracked.
struct TcpAcks {
  bool analysed = false;         // Wireshark's `tcp.analysis` tree exists for this packet
  std::uint32_t acks_frame = 0;  // the segment this ACK acknowledges exactly (0: none)
  Timestamp ack_rtt;             // since that segment (zero: Wireshark does not show it)
  std::uint32_t bytes_in_flight = 0, push_bytes_sent = 0;  // 0: not shown
  Timestamp initial_rtt;  // the stream's, once its handshake completed (zero: none)
  // A plain retransmission: the time since (and the frame of) the oldest segment not yet
  // acknowledged, else the one that last advanced this direction (tcp.analysis.rto,
  // rto_frame; shown when the time is not zero)
  Timestamp rto;
  std::uint32_t rto_frame = 0;
};

struct Packet {
  // Frame
  std::uint32_t number = 0;
  Timestamp ts;   // absolute, since the epoch, exact (what is printed)
  Timestamp rel;  // since the first packet of the file, exact (what is printed)
  // The same two in nanoseconds, clamped to int64 (durations, analysis timers, filters).
  std::int64_t ts_ns = 0;
  std::int64_t rel_ns = 0;
  // Since the previous packet (frame.time_delta); delta_ns is it clamped like the others.
  Timestamp delta;
  std::int64_t delta_ns = 0;
  std::uint32_t caplen = 0, len = 0;
  // pcapng only: the packet's interface (Record::interface_id, ::interface_name)
  bool has_interface = false;
  std::uint32_t interface_id = 0;
  std::string_view interface_name;
  // pcapng only: the packet block's options (capture/pcapng_options.h)
  Bytes pcapng_options;
  bool pcapng_options_big_endian = false;
  std::uint32_t linktype = 0;
  Bytes data;
  std::uint32_t protos = 0;

  // Link
  Mac eth_src{}, eth_dst{};
  bool has_mac = false;
  std::uint16_t ethertype = 0;  // the link header's own (0x8100 before a VLAN tag)
  // Whether `ethertype` is one: an 802.3 length's frame carries LLC (or raw IPX), which
  // sockscope does not dissect (frame.protocols says so; names of protocols there warn).
  EthKind eth_kind = EthKind::kType;
  std::array<VlanTag, kMaxVlanTags> vlan;
  std::uint8_t vlan_count = 0;
  LlcInfo llc;  // valid with kProtoLlc
  // An ethertype no Wireshark dissector takes, with bytes after it: they are `payload`,
  // Wireshark's "data" layer.
  bool ether_data = false;
  // An ethertype 0x86dd whose first nibble is not 6: Wireshark's IPv6 dissector adds its
  // layer and version field, then refuses it, and its bytes are data (`payload`).
  bool ipv6_bogus = false;
  // An ethertype 0x0800 whose first nibble is 6: Wireshark's IP dissector adds an empty
  // ip item (its version only) and hands the bytes to IPv6, dissected as usual.
  bool ipv4_as_ipv6 = false;

  // Network
  net::IpAddress src = net::IpAddress::none(), dst = net::IpAddress::none();
  std::uint8_t ip_proto = 0, ttl = 0, tos = 0;
  std::uint8_t ip_header_len = 0;
  std::uint16_t ip_total_len = 0, ip_id = 0, ip_frag = 0, ip_checksum = 0;
  std::uint32_t ipv6_flow = 0;
  bool fragment = false;  // a non-first fragment or more-fragments set: no transport
  // The fragment this packet carries (when `fragment`): the reassembler keys on the
  // addresses, ip_proto and id; `data` is the fragment's captured payload.
  struct {
    std::uint32_t id = 0, offset = 0;  // offset in bytes
    bool more = false;
    bool whole = false;  // the piece was captured whole (not cut by the snap length)
    Bytes data;
  } frag;
  bool reassembled = false;  // this fragment completed a datagram: the transport is its
  // The datagram it completed: the frames of its pieces, by offset (a piece sent twice
  // twice), and its length (ip.fragment, ip.fragment.count, ip.reassembled.length)
  std::span<const std::uint32_t> frag_frames;
  std::uint32_t reassembled_len = 0;
  Bytes reassembled_data;  // the datagram's payload (ip.reassembled.data), valid as `data`
  Bytes l3;                // captured IP datagram, header first, Ethernet padding left out
  // Every IP header in wire order (tunnels, ICMP quotes); src/dst/ttl... above are the
  // innermost carried header's, as Wireshark's columns show them.
  std::array<IpLayer, kMaxIpLayers> ip_layers;
  std::uint8_t ip_layer_count = 0;

  // Transport
  TcpHeader tcp;
  UdpHeader udp;
  IcmpHeader icmp;
  ArpInfo arp;
  InnerHeaders inner;
  // dissect_inner_ip, InnerHeaders' one writer, wrote `inner` (it sets this): the decoder
  // clears it for the next packet only then, not 128 bytes for every packet.
  bool inner_written = false;
  // Every GRE header in wire order (tunnels in tunnels, an ICMP error's quote); valid up
  // to gre_count, which is 0 unless kProtoGre.
  std::array<GreHeader, kMaxGreLayers> gre;
  std::uint8_t gre_count = 0;
  PppInfo ppp;                    // valid with kProtoPpp
  Bytes l4;                       // captured transport header + payload (UDP: all the IP payload)
  Bytes payload;                  // captured transport payload
  std::uint32_t payload_len = 0;  // as the headers claim (may exceed payload.size())

  // HTTP over TCP, reassembled as Wireshark does by default (capture/dissect/
  // http_reassembly.h): the segment that completes a message carries `http` and the
  // message's bytes; the segments before it are "[TCP segment of a reassembled PDU]".
  // A message that starts in a segment the snap length cut is dissected from what was
  // captured (kCut: the `http` layer and its fields; the columns stay TCP's). Data that
  // starts no message on a connection where a request was read is kContinuation: an
  // `http` layer with no message (no http.* field) and the payload as `data`.
  enum class HttpPart : std::uint8_t { kNone, kSegment, kMessage, kCut, kContinuation };
  HttpPart http = HttpPart::kNone;
  Bytes http_message;            // headers and (the first MiB of) the body; so far, for a segment
  bool http_in_headers = false;  // a segment that carries header bytes
  // kCut: Wireshark threw at a header line the snap length cut before its colon
  // (capture/http_headers.h, http_cut_in_a_header_line): no http.request/response and no
  // links for this message.
  bool http_cut_in_header = false;
  // kMessage: a response whose body ran until the connection's close, completed by the
  // server's FIN segment (whose tree has the reassembled segments before http, not after).
  bool http_at_fin = false;
  // The message starts past a leading CRLF of its first segment (Wireshark 4.0 skips one
  // in a payload of more than 3 bytes): a kMessage or kCut dissected from that segment
  // alone carries HTTP's "Leading CRLF" expert item (of the Malformed group); a kSegment
  // starts a PDU at offset 2, so TCP adds no "[TCP segment of a reassembled PDU]".
  bool http_after_crlf = false;
  // Segments joined to find a first line's end: the bytes TCP reassembled (past the
  // first segment's leading CRLF); empty when HTTP read this payload alone.
  Bytes http_pdu;
  // kContinuation on a connection where no request was read: HTTP (not knowing the
  // connection for HTTP) took its first line, a header line, and those after it, and left
  // the columns TCP's.
  bool http_no_request = false;
  // Such a kContinuation that HTTP read with no tree (its first line has no colon): its
  // layers, http and data, are in frame.protocols (the data read threw past the capture),
  // with no item a filter finds.
  bool http_no_tree = false;
  // A message linked to the others of its connection (dissect/http_transactions.h);
  // frame numbers, 0 for none.
  struct HttpLinks {
    std::uint32_t request_in = 0;  // a response: the request it answers
    std::uint32_t prev_request_in = 0, prev_response_in = 0;
    Timestamp time;                     // a response: since its request
    bool has_response_for_uri = false;  // (the URI may be empty)
    std::string_view response_for_uri;  // a response: the connection's last request URI
    // An earlier frame of the connection had a request line read (Wireshark 4.0's
    // have_seen_http: conv_data->request_uri is set; a response alone does not count).
    bool after_request = false;
  } http_links;
  // A DNS message matched to the others of its UDP stream with the same ID
  // (dissect/dns_transactions.h); frame numbers, 0 for none.
  struct DnsLinks {
    std::uint32_t response_to = 0;    // a response: the request it answers (dns.response_to)
    std::uint32_t retransmit_of = 0;  // a retransmission: the first request or response
    Timestamp time;                   // a response: since its request (dns.time)
    bool unsolicited = false;         // a response to no request seen
  } dns_links;
  // The links of a TCP segment's second and later DNS messages (for_each_dns_message's
  // order; dns_links is the first's), kept by DnsTransactions.
  std::span<const DnsLinks> more_dns_links;

  // A PDU this segment completes that TCP put together from it and earlier segments (an
  // HTTP message, a DNS PDU): the frames of those segments, this one last (tcp.segment,
  // tcp.segment.count; kept by the reassembler, valid as `data`), and its length
  // (tcp.reassembled.length). Its bytes are http_message or dns_tcp.reassembled.
  std::span<const std::uint32_t> tcp_segments;
  std::uint64_t tcp_reassembled_len = 0;

  // DNS over TCP (dissect/dns_tcp.h): the PDUs, each a 2-byte length and the message, a
  // segment to or from port 53 carries. `reassembled` is one it completes that began in an
  // earlier segment (bytes kept by the reassembler, valid as `data`; tcp_segments are the
  // frames that carried it); `whole` the PDUs whole in this segment after it, back to
  // back; `tail` the bytes after them that begin one; `piece_only` a segment that
  // completes none and holds no whole one ("[TCP segment of a reassembled PDU]"); `cut`
  // what was captured of a PDU the snap length cut, after the whole ones (DNS dissects it
  // and throws at the cut), `cut_reported` its size by its length field (else what the segment
  // holds on the wire).
  struct DnsTcp {
    Bytes reassembled;
    Bytes whole;
    Bytes cut;
    std::uint32_t cut_reported = 0;
    std::uint32_t completing = 0;  // this segment's bytes of `reassembled`
    std::uint32_t tail = 0;
    bool piece_only = false;
  } dns_tcp;

  // tshark's LBMSRS heuristic on 127.0.0.1 (capture/dissect/lbmsrs.h): the segment that
  // starts a frame it waits for (Info "[TCP segment of a reassembled PDU]" alone), and
  // the segments inside that frame (TCP's Info plus the same words); neither has `data`.
  enum class TcpPdu : std::uint8_t { kNone, kFirst, kMore };
  TcpPdu tcp_pdu = TcpPdu::kNone;

  // Analysis (stream tracker)
  std::int32_t stream = -1;  // tcp.stream or udp.stream
  // tcp.time_relative/_delta and udp.time_relative/_delta, exact: since the stream's first
  // packet, and since its previous one (either direction). A UDP datagram has them only
  // when it carries a payload and is not quoted in an ICMP error, and only such
  // datagrams count as "previous" (Wireshark 4.0's packet-udp.c, measured).
  Timestamp stream_rel, stream_delta;
  bool has_stream_times = false;
  TcpAnalysis tcpa;
  TcpAcks tcp_acks;  // valid only when tcpa.acks_tracked

  // Problems: the first layer that ran short of bytes, or was invalid. Static strings.
  const char* truncated = nullptr;  // e.g. "TCP header"
  const char* malformed = nullptr;  // e.g. "IPv4: header length 12 < 20"
  // A header that started but was cut by the snap length (its ports may be known): the
  // Protocol column names it, as Wireshark's does.
  std::uint32_t partial = 0;
  Bytes partial_bytes;  // what was captured of it (an IPv4 or IPv6 header: ip[0], ip#1[0])
  // A TCP or UDP header cut before its ports (kProtoTcp or kProtoUdp): Wireshark called
  // its dissector, which threw at its first read, before it wrote a column or added its
  // item. Only frame.protocols names it.
  std::uint32_t called_only = 0;
  // An IPv4 header Wireshark stops at (Info "Bogus ..."): 1 its version is not 4, 2 its
  // header length is below 20, 3 its total length is below its header length. It is kept
  // as `partial` (the fields before the bogus one are read), neither cut nor malformed.
  std::uint8_t ip_bogus = 0;
  // An IPv4 payload the frame ends before (total length == header length, or beyond the
  // frame): Wireshark's IPv4 dissector hands it to no dissector, and writes no Info.
  bool ip_payload_empty = false;
  // The last IP header's protocol is one no Wireshark dissector is registered for
  // (dissect/ip_protocol.h): its Info names the number, and its captured payload
  // (`payload`, maybe empty) is Wireshark's "data".
  bool ip_proto_data = false;
  // The malformed read was of a piece carved out at a length its parent does not hold
  // (a TCP header's options): Wireshark's ContainedBoundsError, whose Info says so.
  bool contained_error = false;

  bool has(Proto p) const { return (protos & p) != 0; }
};

// The GRE header that bridges Ethernet (gretap, 0x6558) with its inner Ethernet header
// read, if the packet has one (only the first such header is dissected).
inline const GreHeader* bridged_gre(const Packet& p) {
  for (int i = 0; i < p.gre_count; ++i)
    if (p.gre[i].proto == 0x6558 && p.gre[i].payload_dissected) return &p.gre[i];
  return nullptr;
}

// The innermost GRE header (the packet has kProtoGre and so at least one).
inline const GreHeader& last_gre(const Packet& p) {
  return p.gre[p.gre_count > 0 ? p.gre_count - 1 : 0];
}

// Whether PPP is the packet's last layer: a control protocol, an unknown protocol or a
// frame cut short, not IPv4/IPv6 with bytes (whose layers follow).
inline bool ppp_is_last(const Packet& p) {
  return p.has(kProtoPpp) && !p.ppp.ip_follows;
}

// Transport protocol name for the Protocol column and display filters.
const char* protocol_name(const Packet& p);
// The frame ended inside one of the link header's own VLAN tags (Wireshark: the "VLAN"
// protocol, malformed, nothing after it).
inline bool vlan_cut(const Packet& p) {
  if (p.vlan_count == 0) return false;
  const VlanTag& last = p.vlan[p.vlan_count - 1u];
  return !last.whole || last.cut_after;
}

// The link header's own VLAN tags (those before a gretap-bridged header's) and the
// ethertype after them: `type` itself when untagged; `cut` when the frame ends in one.
struct OwnVlans {
  int count = 0;
  const VlanTag* last = nullptr;
  std::uint16_t type = 0;
  bool cut = false;
};
inline OwnVlans own_vlans(const Packet& p, std::uint16_t type) {
  OwnVlans v;
  v.type = type;
  for (; v.count < p.vlan_count; ++v.count) {
    const VlanTag& tag = p.vlan[static_cast<std::size_t>(v.count)];
    if (tag.bridged) break;
    if (!tag.whole || tag.cut_after) {
      v.cut = true;
      ++v.count;
      break;
    }
    v.type = tag.type;
    v.last = &tag;
  }
  return v;
}

// Whether the packet has an http layer: a message, or the start of one the snap length cut.
inline bool has_http_layer(const Packet& p) {
  return p.http == Packet::HttpPart::kMessage || p.http == Packet::HttpPart::kCut;
}

// The layer Wireshark 4.0 gives an HTTP message's body: nullptr without a body, "data"
// without a Content-Type, "data-text-lines" for the text types its line-based dissector
// takes, "urlencoded-form" for a form, else "media" (a type some other dissector, xml,
// json, png..., may take instead: we cannot tell which).
const char* http_body_layer(Bytes message);
// That layer for a body of a Content-Type value (blanks and parameters ignored).
const char* http_media_layer(std::string_view type);

// Whether Wireshark shows an HTTP message's body as "data": a body with no Content-Type
// (a typed one goes to its media dissector).
bool http_body_is_data(Bytes message);

// Whether Packet::partial is an IP header an ICMP error quotes, cut by the snap length
// (dissect_inner_ip): its fields are a cut header's, the columns stay ICMP's.
inline bool quoted_ip_cut(const Packet& p) {
  return p.inner.cut_names != nullptr && (p.partial & (kProtoIp | kProtoIpv6)) != 0;
}

// Whether an ICMP error quotes a DNS message (UDP port 53 with bytes after the header).
bool quotes_dns(const Packet& p);
// The DNS message: the UDP payload, the one an ICMP error quotes (what was captured), or
// over TCP the first of for_each_dns_message's.
Bytes dns_message(const Packet& p);
// The DNS messages of a packet with kProtoDns or quotes_dns, in order, each without TCP's
// 2-byte length: the UDP payload or quoted one, or over TCP (Packet::dns_tcp) the PDU the
// segment completes, then those whole in it, then what was captured of one the snap
// length cut. Wireshark adds a dns item for each.
// A DNS-over-TCP PDU's whole size: its 2-byte length field and what the field says.
inline std::size_t dns_tcp_pdu_size(std::byte high, std::byte low) {
  return 2u + (static_cast<std::size_t>(high) << 8 | static_cast<std::size_t>(low));
}
// Whether `message`, one of for_each_dns_message's, is the PDU the snap length cut
// (Packet::DnsTcp::cut): only what was captured of it.
inline bool is_cut_dns_message(const Packet& p, Bytes message) {
  return p.dns_tcp.cut.size() >= 2 && message.data() == p.dns_tcp.cut.data() + 2;
}
template <class F>
void for_each_dns_message(const Packet& p, F&& f) {
  if (!p.has(kProtoTcp)) {
    f(dns_message(p));
    return;
  }
  if (!p.dns_tcp.reassembled.empty()) f(p.dns_tcp.reassembled.subspan(2));
  for (Bytes w = p.dns_tcp.whole; w.size() >= 2;) {
    const std::size_t size = dns_tcp_pdu_size(w[0], w[1]);
    f(w.subspan(2, size - 2));
    w = w.subspan(size);
  }
  if (p.dns_tcp.cut.size() >= 2) f(p.dns_tcp.cut.subspan(2));  // (as far as captured)
}

// What follows an 802.3 length is a protocol Wireshark dissects and sockscope does not:
// raw IPX, or a payload LLC hands to such a protocol (LlcNext::kUndissected).
inline bool ieee8023_undissected(const Packet& p) {
  if (p.has(kProtoLlc)) return p.llc.next == LlcNext::kUndissected;
  return p.has(kProtoEth) && p.eth_kind == EthKind::kLength;
}

// Whether the UDP payload goes to Wireshark's DHCP/BOOTP dissector (ports 67/68, bytes).
inline bool is_dhcp(const Packet& p) {
  return (p.protos & kProtoDhcp) != 0 && p.payload_len > 0;
}
// Whether an ICMP error quotes a DHCP/BOOTP message (UDP port 67 or 68, not 53, with bytes
// after the header): Wireshark dissects the quoted bytes as DHCP too.
bool quotes_dhcp(const Packet& p);
// The DHCP message of the packet, direct or quoted, and its length as Wireshark takes it
// (the UDP length for a direct one; what was captured for a quoted one); false if none.
bool dhcp_message(const Packet& p, Bytes& message, std::size_t& reported);

// Whether Wireshark hands this packet's payload to its "data" dissector (what `data`
// filters and the protocol hierarchy count): TCP/UDP payload, except TCP segments it
// calls retransmissions and DNS; the data quoted by an ICMP error; not an echo's payload
// (which tshark's `data` filter matches, but its protocol hierarchy leaves out).
bool has_data_layer(const Packet& p);
// Whether tshark names TAPA in this packet (UDP port 5000, direct or quoted: dissect/tapa.h):
// sockscope does not dissect it, so a test of `tapa` or its fields may be wrong there.
inline bool tapa_present(const Packet& p) {
  return (p.has(kProtoUdp) && p.udp.tapa != TapaTake::kNone) ||
         (p.inner.present && p.inner.tapa == TapaTake::kTaken);
}
// A TCP or UDP payload the snap length cut after a few bytes (fewer than 16), with no
// dissector for its port: Wireshark tries its heuristic dissectors on it, and some read a
// few bytes before they check anything and throw (measured, cut_heuristic.cpp). The one
// that throws is listed in frame.protocols, instead of `data`, and the frame is short.
// kUnknown: one we do not model may throw (a `data` or _ws.short test is inexact).
enum class CutHeuristic : std::uint8_t { kNone, kSpice, kTds, kRtps, kWireGuard, kWol, kUnknown };
CutHeuristic cut_payload_heuristic(const Packet& p);
// Its name in the Protocol column and -V (column) or frame.protocols; null for none.
const char* cut_heuristic_name(CutHeuristic h, bool column);
inline bool cut_heuristic_threw(const Packet& p) {
  const CutHeuristic h = cut_payload_heuristic(p);
  return h != CutHeuristic::kNone && h != CutHeuristic::kUnknown;
}
inline bool cut_payload_heuristics_may_throw(const Packet& p) {
  return cut_payload_heuristic(p) == CutHeuristic::kUnknown;
}
// has_data_layer before the heuristics above: the payload is handed to no port's dissector.
bool payload_reaches_data(const Packet& p);
// An ICMP echo request/reply (types 8/0) or ICMPv6 echo (128/129), not a quoted one.
bool is_echo(const Packet& p);
// An 802.3 frame (EthKind::kLength) carrying Novell's raw IPX (0xffff where LLC's SAPs
// would be) rather than LLC, as Wireshark tells them apart.
bool is_raw_ipx(const Packet& p);

}  // namespace sockscope::capture
