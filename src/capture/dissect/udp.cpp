// UDP: the four header fields; Len is the UDP length field minus the 8-byte header.
#include <sys/socket.h>

#include <algorithm>

#include "capture/dissect/dissect.h"
#include "capture/dissect/tapa.h"

namespace sockscope::capture {

void dissect_udp(Bytes bytes, std::uint32_t claimed, Packet& p) {
  // Wireshark checks the length field against the IP payload the wire holds.
  const auto claimed_len =
      static_cast<std::uint32_t>(std::min<std::size_t>(claimed, reported_size(bytes, p)));
  ByteReader r(bytes);
  UdpHeader& u = p.udp;
  u.rest = {};
  u.length_check = UdpLength::kOk;
  u.tapa = TapaTake::kNone;
  u.sport = r.u16();
  u.dport = r.u16();
  u.length = r.u16();
  u.checksum = r.u16();
  if (!r.ok()) {
    if (bytes.size() >= 4) {
      ByteReader ports(bytes);
      u.sport = ports.u16();
      u.dport = ports.u16();
      p.partial = kProtoUdp;
      p.partial_bytes = bytes;
    } else {
      p.called_only = kProtoUdp;
    }
    // Its length, once read, is checked before the checksum's read throws; below 8,
    // Wireshark stops there (no checksum read: neither cut nor malformed).
    if (bytes.size() >= 6) {
      u.checked_length = u.length;
      if (u.length == 0 && p.dst.family == AF_INET6) {
        u.checked_length = claimed_len;
        u.length_check = UdpLength::kJumbogram;
      }
      if (u.checked_length < 8) {
        u.length_check = UdpLength::kBelow8;
        return;
      }
      if (u.checked_length > claimed_len) u.length_check = UdpLength::kBeyondPayload;
    }
    return mark_cut(p, "UDP header", 8, claimed_len);
  }
  p.protos |= kProtoUdp;
  // The udp item's bytes are all the IP layer handed over: Wireshark adds the item before
  // it checks the length field or trims the payload to it (`udp contains` reads past a
  // length field below 8 or short of the IP payload).
  p.l4 = bytes;
  std::uint32_t length = u.length;
  if (length == 0 && p.dst.family == AF_INET6) {
    length = claimed_len;
    u.length_check = UdpLength::kJumbogram;
  }
  if (length < 8) {
    u.length_check = UdpLength::kBelow8;
    return;
  }
  if (length > claimed_len) {
    u.length_check = UdpLength::kBeyondPayload;
    // A payload the IP header claims and the wire does not hold: Wireshark's payload
    // reads past the packet.
    if (std::min(length, claimed) > claimed_len)
      mark_malformed(p, "UDP: payload beyond the packet");
    length = claimed_len;  // the payload is what the IP datagram holds
  }
  p.payload_len = length - 8u;
  Bytes rest = r.rest();
  u.rest = rest;
  p.payload = rest.first(std::min<std::size_t>(rest.size(), p.payload_len));
  if (p.payload.size() < p.payload_len && p.payload.empty()) {
    // The snap length cut the whole payload: Wireshark's UDP dissector reads past the
    // capture before it hands the payload to any dissector, even DNS's or DHCP's.
    return mark_truncated(p, "UDP");
  }
  const bool dns = u.sport == 53 || u.dport == 53;
  const bool dhcp = u.sport == 67 || u.sport == 68 || u.dport == 67 || u.dport == 68;
  if (!dns && !dhcp && tapa_port(u.sport, u.dport)) u.tapa = tapa_takes(p.payload);
  if (u.tapa == TapaTake::kThrows) {
    // (its read of the fifth byte: past the payload, or only past the capture)
    if (p.payload_len == p.payload.size())
      mark_malformed(p, "TAPA");
    else
      mark_truncated(p, "TAPA");
  }
  if (!p.payload.empty() && u.tapa == TapaTake::kNone) p.protos |= kProtoData;
  // A partly captured payload: `data` reads only what is there, DNS and DHCP parse on
  // past the cut and throw.
  if (p.payload.size() < p.payload_len && (dns || dhcp))
    mark_truncated(p, dns ? "DNS" : "DHCP/BOOTP");
  if (dns) {
    p.protos |= kProtoDns;
  } else if (dhcp) {
    p.protos |= kProtoDhcp;
  }
}

}  // namespace sockscope::capture
