// Wireshark 4.0's TAPA (Trapeze Access Point Access Protocol, packet-tapa.c), registered
// on UDP port 5000: which payloads it takes. sockscope does not dissect TAPA itself; it
// only knows where tshark's answer has TAPA instead of data.
#pragma once

#include <cstdint>

#include "capture/packet.h"

namespace sockscope::capture {

// What TAPA's checks do with a payload on UDP port 5000 (measured on tshark 4.0 with 1 to
// 8 bytes, direct and quoted in ICMP errors). Its discover check wants 4 bytes and then
// reads the fifth anyway: a payload of exactly 4 bytes throws before TAPA adds anything
// (frame.protocols ends "udp:tapa" and the frame is malformed; inside an ICMP error the
// exception is swallowed and nothing follows "udp").
inline TapaTake tapa_takes(Bytes b) {
  if (b.size() < 4) return TapaTake::kNone;  // both checks refuse: data
  if (b.size() == 4) return TapaTake::kThrows;
  const auto u8 = [b](std::size_t i) { return static_cast<std::uint8_t>(b[i]); };
  const unsigned type = u8(0), length = (u8(2) << 8) | u8(3);
  // Discover: type 1..5, length 12..1472, a request's first item type 1 or 2.
  if (type >= 1 && type <= 5 && length >= 12 && length <= 1472 &&
      (type != 1 || (u8(4) >= 1 && u8(4) <= 2)))
    return TapaTake::kTaken;
  // Tunnel: not IPv4 (version below 4), length 0, tunnel type 0 or 1.
  if ((type & 0xf0) < 0x40 && length == 0 && u8(1) <= 1) return TapaTake::kTaken;
  return TapaTake::kNone;
}

inline bool tapa_port(std::uint16_t sport, std::uint16_t dport) {
  return sport == 5000 || dport == 5000;
}

}  // namespace sockscope::capture
